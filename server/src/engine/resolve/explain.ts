// Short, user-facing descriptions of where things come from, shared by diagnostics and hovers.
import { bodyPath, Resource, Tags } from '../resources/model';
import { spanForPath, firstLineOf, YamlPath } from '../yaml/documents';
import { Span } from '../yaml/lineIndex';
import { compareRank, Match, Rank } from './match';
import { Source } from './view';

export function describeSource(source: Source): string {
  const r = source.resource;
  if (r.kind === 'ExternalService') return `external service ${r.name}`;
  if (r.kind === 'ZoneIngress') {
    const svc = source.inboundIndex !== undefined ? r.availableServices[source.inboundIndex] : undefined;
    return `zone ingress ${r.name}${svc ? ` (${svc.tags['kuma.io/service'] ?? 'no service'} of mesh ${svc.mesh || '""'}, zone ${r.zone})` : ''}`;
  }
  if (r.kind === 'MeshGateway') {
    const selectors = r.selectors.length > 1 && source.selectorIndex !== undefined ? `, selector ${source.selectorIndex}` : '';
    return `MeshGateway ${r.name} of mesh ${r.mesh}${source.inboundIndex !== undefined ? ` (listener ${source.inboundIndex}${selectors})` : ''}`;
  }
  const inbound = source.inboundIndex !== undefined ? r.inbounds[source.inboundIndex] : undefined;
  const svc = inbound?.tags['kuma.io/service'];
  return `dataplane ${r.name}${r.inbounds.length > 1 && inbound ? ` (inbound ${inbound.index}${svc ? `, ${svc}` : ''})` : ''}`;
}

export function describeTags(tags: Tags): string {
  const keys = Object.keys(tags).sort();
  return keys.length ? keys.map((k) => `${k}=${tags[k]}`).join(', ') : 'no tags';
}

export function describeRank(rank: Rank): string {
  const total = rank.exact + rank.wildcard;
  return `${total} tag${total === 1 ? '' : 's'}, ${rank.exact} exact`;
}

/** Why `winner` has the higher priority than `loser` on one inbound (their ranks are not ambiguous). */
export function priorityReason(winner: Match, loser: Match): string {
  return compareRank(winner.rank, loser.rank) > 0
    ? `its selector ranks higher (${describeRank(winner.rank)} against ${describeRank(loser.rank)})`
    : 'it was created later (equal selector rank; the newest VirtualOutbound has the higher priority)';
}

/** The span of a field of a resource's body, cut to its first line. */
export function fieldSpan(resource: Resource, path: YamlPath, part: 'pair' | 'key' | 'value' = 'pair'): Span {
  return firstLineOf(resource.doc, spanForPath(resource.doc, bodyPath(resource, path), part));
}

export function nameSpan(resource: Resource): Span {
  return firstLineOf(resource.doc, spanForPath(resource.doc, resource.namePath, 'value'));
}

/**
 * Where an outbound's source is written: the dataplane inbound (or its workload), the ZoneIngress's
 * available service, the external service, or the MeshGateway's listener.
 */
export function sourceLocation(source: Source): { file: string; span: Span } {
  const r = source.resource;
  if (r.kind === 'ZoneIngress' && source.inboundIndex !== undefined) return { file: r.doc.file, span: fieldSpan(r, ['availableServices', source.inboundIndex]) };
  if (r.kind === 'MeshGateway' && source.inboundIndex !== undefined) return { file: r.doc.file, span: fieldSpan(r, ['conf', 'listeners', source.inboundIndex]) };
  if (r.kind === 'Dataplane' && source.inboundIndex !== undefined) {
    const inbound = r.inbounds[source.inboundIndex]!;
    return { file: inbound.doc.file, span: firstLineOf(inbound.doc, spanForPath(inbound.doc, inbound.path)) };
  }
  if (r.kind === 'ExternalService') return { file: r.doc.file, span: fieldSpan(r, ['networking', 'address']) };
  return { file: r.doc.file, span: nameSpan(r) };
}

export function listWithMore(items: string[], max = 3): string {
  const unique = [...new Set(items)];
  if (unique.length <= max) return unique.join(', ');
  return `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
