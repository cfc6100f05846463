// BuildVirtualOutboundMeshView of Kuma 2.1.x: dataplane inbounds (in store order), then external
// services (by name). First write wins, so the processing order is the priority. Every outbound
// remembers which resources produced it, and every dropped or skipped render is kept to explain it.
import { Dataplane, ExternalService, Tags, VirtualOutbound, effectiveTagKey } from '../resources/model';
import { isIP } from '../render/dnsName';
import { evalHost, evalPort, parameterEntries, Rendered } from '../render/evaluate';
import { byteOrder } from '../validate/selectors';
import { SERVICE_TAG } from '../validate/virtualOutbound';
import { Match, matchVirtualOutbounds } from './match';

export type EntryType = 'service' | 'host' | 'fqdn';
export const ENTRY_TYPE_ORDER: Record<EntryType, number> = { service: 0, host: 1, fqdn: 2 };

/** What produced an outbound: a dataplane inbound or an external service, through a VirtualOutbound or not. */
export interface Source {
  readonly resource: Dataplane | ExternalService;
  readonly inboundIndex?: number;
  readonly match?: Match;
}

export interface Outbound {
  readonly port: number;
  readonly tags: Tags;
  readonly origin: string;
  /** `origin=port{k=v,...}`: Kuma's identity of an outbound; equal keys dedupe. */
  readonly key: string;
  readonly sources: Source[];
}

export interface Entry {
  readonly type: EntryType;
  readonly name: string;
  /** Set for host entries whose name is an IP: they need no VIP. */
  readonly address?: string;
  readonly outbounds: Outbound[];
  vip: string | null;
}

export interface Dropped {
  readonly entry: Entry;
  readonly outbound: Omit<Outbound, 'sources'>;
  readonly source: Source;
  /** The outbound that holds the hostname:port. */
  readonly winner: Outbound;
}

export type RenderStatus = 'won' | 'deduped' | 'lost' | 'skipped';

export interface RenderRecord {
  readonly source: Source & { match: Match };
  readonly status: RenderStatus;
  readonly host?: string;
  readonly port?: number;
  readonly entry?: Entry;
  /** Why the hostname was skipped (Kuma's reason text), when status is 'skipped'. */
  readonly reason?: string;
  readonly failedField?: 'host' | 'port';
  readonly rendered?: string;
  /** Parameters whose tag the inbound does not have. */
  readonly missingTags?: readonly string[];
  readonly winner?: Outbound;
}

export interface MeshViewInput {
  readonly mesh: string;
  /** Dataplanes of the mesh, already in store order. */
  readonly dataplanes: readonly Dataplane[];
  /** External services of the mesh, already sorted by name. */
  readonly externalServices: readonly ExternalService[];
  /** Valid VirtualOutbounds of the mesh. */
  readonly virtualOutbounds: readonly VirtualOutbound[];
  readonly serviceVipEnabled: boolean;
}

export interface MeshView {
  readonly mesh: string;
  readonly entries: Entry[];
  readonly dropped: Dropped[];
  readonly renders: Map<VirtualOutbound, RenderRecord[]>;
}

export function outboundKey(origin: string, port: number, tags: Tags): string {
  const parts = Object.keys(tags)
    .sort(byteOrder)
    .map((k) => `${k}=${tags[k]}`);
  return `${origin}=${port}{${parts.join(',')}}`;
}

export function compareEntries(a: { type: EntryType; name: string }, b: { type: EntryType; name: string }): number {
  return ENTRY_TYPE_ORDER[a.type] - ENTRY_TYPE_ORDER[b.type] || byteOrder(a.name, b.name);
}

export class RenderCache {
  private readonly byTemplate = new Map<string, Map<string, { host: Rendered<string>; port: Rendered<number> }>>();

  render(vo: VirtualOutbound, tags: Tags): { host: Rendered<string>; port: Rendered<number> } {
    const conf = vo.conf!;
    const templateKey = JSON.stringify([conf.host, conf.port, conf.parameters]);
    let perValues = this.byTemplate.get(templateKey);
    if (!perValues) this.byTemplate.set(templateKey, (perValues = new Map()));
    const entries = parameterEntries(conf.parameters, tags);
    const valuesKey = JSON.stringify([...entries]);
    let r = perValues.get(valuesKey);
    if (!r) {
      r = { host: evalHost(conf.host, entries), port: evalPort(conf.port, entries) };
      perValues.set(valuesKey, r);
    }
    return r;
  }

  /** Drops cached renders of templates no VirtualOutbound uses any more. */
  retain(vos: Iterable<VirtualOutbound>): void {
    const live = new Set<string>();
    for (const vo of vos) if (vo.conf) live.add(JSON.stringify([vo.conf.host, vo.conf.port, vo.conf.parameters]));
    for (const key of this.byTemplate.keys()) if (!live.has(key)) this.byTemplate.delete(key);
  }
}

/** The outbound's tag set: for each parameter whose tag the inbound has, that tag. */
export function filterTags(vo: VirtualOutbound, tags: Tags): Tags {
  const out: Record<string, string> = Object.create(null);
  for (const p of vo.conf?.parameters ?? []) {
    const key = effectiveTagKey(p);
    if (Object.prototype.hasOwnProperty.call(tags, key)) out[key] = tags[key];
  }
  return out;
}

export function buildMeshView(input: MeshViewInput, cache: RenderCache = new RenderCache()): MeshView {
  const entries = new Map<string, Entry>();
  const dropped: Dropped[] = [];
  const renders = new Map<VirtualOutbound, RenderRecord[]>();
  for (const vo of input.virtualOutbounds) renders.set(vo, []);

  const add = (type: EntryType, name: string, port: number, tags: Tags, origin: string, source: Source): { entry: Entry; status: 'won' | 'deduped' | 'lost'; winner?: Outbound } => {
    const id = `${type}:${name}`;
    const key = outboundKey(origin, port, tags);
    let entry = entries.get(id);
    if (!entry) {
      entry = { type, name, outbounds: [], vip: null, ...(type === 'host' && isIP(name) ? { address: name } : {}) };
      entries.set(id, entry);
    }
    const existing = entry.outbounds.find((o) => o.port === port);
    if (existing) {
      if (existing.key === key) {
        existing.sources.push(source);
        return { entry, status: 'deduped', winner: existing };
      }
      dropped.push({ entry, outbound: { port, tags, origin, key }, source, winner: existing });
      return { entry, status: 'lost', winner: existing };
    }
    entry.outbounds.push({ port, tags, origin, key, sources: [source] });
    if (entry.outbounds.length > 1) entry.outbounds.sort((a, b) => a.port - b.port);
    return { entry, status: 'won' };
  };

  const applyVirtualOutbounds = (tags: Tags, source: Omit<Source, 'match'>): void => {
    for (const match of matchVirtualOutbounds(input.virtualOutbounds, tags)) {
      const vo = match.vo;
      const full = { ...source, match };
      const { host, port } = cache.render(vo, tags);
      const failed = !host.ok ? { r: host, field: 'host' as const } : !port.ok ? { r: port, field: 'port' as const } : undefined;
      if (failed && !failed.r.ok) {
        renders.get(vo)!.push({
          source: full,
          status: 'skipped',
          reason: failed.r.reason,
          failedField: failed.field,
          ...(failed.r.text !== undefined ? { rendered: failed.r.text } : {}),
          missingTags: missingTags(vo, tags),
        });
        continue;
      }
      if (!host.ok || !port.ok) continue;
      const outTags = filterTags(vo, tags);
      const result = add('fqdn', host.value, port.value, outTags, `virtual-outbound:${vo.name}`, full);
      renders.get(vo)!.push({
        source: full,
        status: result.status,
        host: host.value,
        port: port.value,
        entry: result.entry,
        ...(result.winner && result.status === 'lost' ? { winner: result.winner } : {}),
      });
    }
  };

  for (const dp of input.dataplanes) {
    for (const inbound of dp.inbounds) {
      const source = { resource: dp, inboundIndex: inbound.index };
      const service = inbound.tags[SERVICE_TAG] ?? '';
      if (input.serviceVipEnabled) add('service', service, 0, { [SERVICE_TAG]: service }, 'service', source);
      applyVirtualOutbounds(inbound.tags, source);
    }
  }

  for (const es of input.externalServices) {
    const service = es.tags[SERVICE_TAG] ?? '';
    const port = es.port ?? 0;
    const source = { resource: es };
    const serviceTags = { [SERVICE_TAG]: service };
    if (input.serviceVipEnabled) add('service', service, port, serviceTags, 'service', source);
    if (!es.disableHostDNSEntry && es.host !== undefined) add('host', es.host, port, serviceTags, `external-service:${es.name}`, source);
    applyVirtualOutbounds(serviceTags, source);
  }

  return { mesh: input.mesh, entries: [...entries.values()].sort(compareEntries), dropped, renders };
}

function missingTags(vo: VirtualOutbound, tags: Tags): string[] {
  const out: string[] = [];
  for (const p of vo.conf?.parameters ?? []) {
    const key = effectiveTagKey(p);
    if (!Object.prototype.hasOwnProperty.call(tags, key) && !out.includes(key)) out.push(key);
  }
  return out;
}
