// What is under the cursor, for hovers: a typed target, decided once; rendering it is the
// renderers' job (one file per target kind).
import { WorkloadDecision } from '../../engine/kubernetes';
import { ServiceObject } from '../../engine/kubernetes/objects';
import { Dataplane, ExternalService, Inbound, MeshGateway, VirtualOutbound, ZoneIngress } from '../../engine/resources/model';
import { YamlPath } from '../../engine/yaml/documents';
import { Span } from '../../engine/yaml/lineIndex';
import { placeholderHover } from '../placeholderHover';
import { templateFields } from '../templates';
import { Cursor, pathEquals } from '../util';

export type HoverTarget =
  | { readonly kind: 'virtualOutbound'; readonly vo: VirtualOutbound }
  | { readonly kind: 'parameter'; readonly vo: VirtualOutbound; readonly index: number; readonly name: string }
  | { readonly kind: 'selector'; readonly vo: VirtualOutbound; readonly index: number }
  | { readonly kind: 'inbound'; readonly dataplane: Dataplane; readonly inbound: Inbound }
  | { readonly kind: 'dataplane'; readonly dataplane: Dataplane }
  | { readonly kind: 'service'; readonly mesh: string; readonly service: string }
  | { readonly kind: 'externalService'; readonly externalService: ExternalService }
  | { readonly kind: 'meshGateway'; readonly gateway: MeshGateway; readonly listener?: number }
  | { readonly kind: 'zoneIngress'; readonly ingress: ZoneIngress; readonly service?: number }
  | { readonly kind: 'workload'; readonly dataplanes: readonly Dataplane[] }
  | { readonly kind: 'kubernetesService'; readonly service: ServiceObject }
  | { readonly kind: 'workloadWithoutDataplane'; readonly decision: WorkloadDecision }
  | { readonly kind: 'placeholder'; readonly markdown: string; readonly span: Span };

export function hoverTarget(c: Cursor): HoverTarget | undefined {
  const r = c.resource;
  const body = c.body;
  if (!c.doc) return undefined;
  // A template placeholder (`--var`) first: it stands for a value that is not known.
  const placeholder = placeholderHover(c);
  if (placeholder) return { kind: 'placeholder', ...placeholder };
  if (!r) return kubernetesTarget(c);
  if (!body) return undefined;
  switch (r.kind) {
    case 'VirtualOutbound': {
      const field = templateFields(r, c.file.text).find((f) => c.offset >= f.span[0] && c.offset <= f.span[1]);
      if (field) return { kind: 'parameter', vo: r, index: (r.conf?.parameters ?? []).findIndex((p) => p.name === field.name), name: field.name };
      if (pathEquals(body, ['conf', 'parameters', '#', 'name']) || pathEquals(body, ['conf', 'parameters', '#', 'tagKey'])) {
        const index = body[2] as number;
        return { kind: 'parameter', vo: r, index, name: r.conf?.parameters[index]?.name ?? '' };
      }
      if (body[0] === 'selectors' && typeof body[1] === 'number' && body[2] === 'match') return { kind: 'selector', vo: r, index: body[1] };
      if (pathEquals(body, ['conf', 'host']) || pathEquals(body, ['conf', 'port']) || pathEquals(body, ['conf']) || isName(c)) return { kind: 'virtualOutbound', vo: r };
      return undefined;
    }
    case 'Dataplane': {
      if (body[0] === 'networking' && body[1] === 'inbound' && typeof body[2] === 'number') {
        const inbound = r.inbounds[body[2]];
        if (!inbound) return undefined;
        if (pathEquals(body, ['networking', 'inbound', '#', 'tags', 'kuma.io/service']) && !c.onKey) return { kind: 'service', mesh: r.mesh, service: inbound.tags['kuma.io/service'] ?? '' };
        return { kind: 'inbound', dataplane: r, inbound };
      }
      return isName(c) ? { kind: 'dataplane', dataplane: r } : undefined;
    }
    case 'ExternalService':
      if (pathEquals(body, ['tags', 'kuma.io/service']) && !c.onKey) return { kind: 'service', mesh: r.mesh, service: r.tags['kuma.io/service'] ?? '' };
      return isName(c) || pathEquals(body, ['networking', 'address']) ? { kind: 'externalService', externalService: r } : undefined;
    case 'MeshGateway': {
      const listener = body[0] === 'conf' && body[1] === 'listeners' && typeof body[2] === 'number' ? body[2] : undefined;
      if (listener !== undefined) return { kind: 'meshGateway', gateway: r, listener };
      return isName(c) ? { kind: 'meshGateway', gateway: r } : undefined;
    }
    case 'ZoneIngress': {
      const service = body[0] === 'availableServices' && typeof body[1] === 'number' ? body[1] : undefined;
      if (service !== undefined) return { kind: 'zoneIngress', ingress: r, service };
      return isName(c) || pathEquals(body, ['zone']) ? { kind: 'zoneIngress', ingress: r } : undefined;
    }
    default:
      return undefined;
  }
}

/** A workload (its derived dataplanes, or the engine's reason it has none) or a Service. */
function kubernetesTarget(c: Cursor): HoverTarget | undefined {
  const derived = c.snapshot.derivedFromDoc(c.doc!);
  if (derived.length) {
    // Inside a List, only the workload under the cursor.
    const here = derived.filter((dp) => startsWith(c.path, dp.namePath.slice(0, -2)));
    return { kind: 'workload', dataplanes: here.length ? here : derived };
  }
  const k8s = c.snapshot.result.kubernetes;
  const service = k8s.services.find((s) => s.doc === c.doc && startsWith(c.path, s.path));
  if (service) return { kind: 'kubernetesService', service };
  const decision = k8s.workloads.find((d) => d.workload.doc === c.doc && startsWith(c.path, d.workload.path));
  return decision ? { kind: 'workloadWithoutDataplane', decision } : undefined;
}

function isName(c: Cursor): boolean {
  return !!c.resource && c.path.length === c.resource.namePath.length && c.resource.namePath.every((s, i) => c.path[i] === s);
}

export function startsWith(path: YamlPath, prefix: YamlPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}
