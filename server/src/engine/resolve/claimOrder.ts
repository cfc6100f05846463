// How to explain who claimed a hostname:port first. Kuma adds dataplane inbounds, then the
// available services of ZoneIngresses of other zones, then external services, then the cross-mesh
// listeners of MeshGateways; inside each, the store order (Postgres: by name), except external
// services, which Kuma sorts by name, and MeshGateways, by mesh, then name.
import { Source } from './view';

const ORDER = 'Kuma adds dataplanes, then the services of ZoneIngresses of other zones, then external services, then the cross-mesh listeners of MeshGateways, and the first claim wins.';
/** The store order within a phase: Mesh Lens reads files, which have none, and assumes Postgres's. */
const storeOrder = (what: string) =>
  `Mesh Lens assumes ${what} are processed in name order, which is the order of Kuma's Postgres store; the memory store processes them in insertion order and Kubernetes in no fixed order, so there the winner can differ.`;

/** Why the winner's claim came first. */
export function claimOrderNote(winner: Source, loser: Source): string {
  const a = winner.resource.kind;
  const b = loser.resource.kind;
  if (a === 'Dataplane' && b === 'Dataplane') return storeOrder('dataplanes');
  if (a !== b) return ORDER;
  if (a === 'MeshGateway') return 'MeshGateways are processed by mesh, then by name.';
  // External services are sorted by name whatever the store; ZoneIngresses come in store order.
  return a === 'ZoneIngress' ? storeOrder('ZoneIngresses') : 'External services are processed in name order.';
}

/** What a source is, as the subject of "... is dropped". */
export function claimNoun(source: Source): string {
  switch (source.resource.kind) {
    case 'Dataplane':
      return 'inbound';
    case 'ZoneIngress':
      return 'available service';
    case 'MeshGateway':
      return 'listener';
    default:
      return 'service';
  }
}

/** What to change so that both claims get through. */
export function conflictAdvice(winner: Source, loser: Source): string {
  if (winner.resource.kind === 'MeshGateway' || loser.resource.kind === 'MeshGateway') {
    return 'Give the MeshGateway listener another hostname or port, or render a hostname it does not use.';
  }
  return 'Render distinct hostnames, or drop the parameters that differ but are not used in host or port.';
}
