// BuildVirtualOutboundMeshView of Kuma 2.1.x, with the later versions' inbound rules of
// viewInbounds.ts: dataplane inbounds (in store order), then the available services of
// ZoneIngresses of other zones, then external services (by name), then the cross-mesh listeners of
// the MeshGateways of every mesh. First write wins, so the processing order is the priority. Every
// outbound remembers which resources produced it, and every dropped or skipped render is kept to
// explain it.
import { AvailableService, Dataplane, ExternalService, GatewayListener, MeshGateway, Tags, VirtualOutbound, ZoneIngress, effectiveTagKey } from '../resources/model';
import { isIP } from '../render/dnsName';
import { DEFAULT_DIALECT, evalHost, evalPort, parameterEntries, Rendered, TemplateDialect } from '../render/evaluate';
import { rulesFor } from '../versions/kumaVersion';
import { inboundGetsServiceVip, viewInbounds } from './viewInbounds';
import { byteOrder } from '../validate/selectors';
import { SERVICE_TAG } from '../validate/virtualOutbound';
import { Match, matchVirtualOutbounds } from './match';

export type EntryType = 'service' | 'host' | 'fqdn';
export const ENTRY_TYPE_ORDER: Record<EntryType, number> = { service: 0, host: 1, fqdn: 2 };

export type SourceResource = Dataplane | ExternalService | ZoneIngress | MeshGateway;

/**
 * What produced an outbound: a dataplane inbound, an available service of a ZoneIngress or an
 * external service, through a VirtualOutbound or not; or a listener of a MeshGateway.
 */
export interface Source {
  readonly resource: SourceResource;
  /** The dataplane's inbound, the ZoneIngress's available service, or the MeshGateway's listener. */
  readonly inboundIndex?: number;
  /** The MeshGateway selector the listener's tags were merged with. */
  readonly selectorIndex?: number;
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
  /** ZoneIngresses (all of them: they belong to no mesh), in store order. */
  readonly zoneIngresses?: readonly ZoneIngress[];
  /** MeshGateways of every mesh, by mesh name and then store order. */
  readonly meshGateways?: readonly MeshGateway[];
  /** Valid VirtualOutbounds of the mesh. */
  readonly virtualOutbounds: readonly VirtualOutbound[];
  readonly serviceVipEnabled: boolean;
  /** The local zone (`multizone.zone.name`); empty outside a zone. */
  readonly zone?: string;
  /** `dnsServer.domain`, for the generated hostnames of MeshGateway listeners. */
  readonly dnsDomain?: string;
  /** The Kuma version whose rules apply; 2.1 when unset. */
  readonly kumaVersion?: string;
}

export interface MeshView {
  readonly mesh: string;
  readonly entries: Entry[];
  readonly dropped: Dropped[];
  readonly renders: Map<VirtualOutbound, RenderRecord[]>;
  /** One VirtualOutbound's records, made for it alone (a view with millions of claims makes them when asked). */
  rendersOf?(vo: VirtualOutbound): RenderRecord[] | undefined;
  /** Puts each VirtualOutbound's claims in processing order ahead of requests, so that `rendersOf` is one pass. */
  orderClaims?(): void;
  /** How many VirtualOutbound claims the view holds, where it counts them. */
  readonly claimCount?: number;
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

/**
 * Renders of VirtualOutbound templates, per template and per parameter values. Keyed by the
 * VirtualOutbound's `conf` object, so an edit re-renders only the VirtualOutbound it changed and a
 * removed one is forgotten with it.
 */
export class RenderCache {
  /** The Kuma version's Go release and error quoting: renders differ between dialects. */
  constructor(readonly dialect: TemplateDialect = DEFAULT_DIALECT) {}

  /** Per VirtualOutbound `conf`: its renders per values key, and the values key of each tag set. */
  private readonly byConf = new WeakMap<object, { readonly perValues: Map<string, RenderedClaim>; readonly keys: WeakMap<Tags, string> }>();
  /** Per parameter list (`name\0tagKey` pairs): its values key for each tag set met. */
  private readonly keysBySignature = new Map<string, WeakMap<Tags, string>>();

  /** What the VirtualOutbound renders for these tags; one shared object per distinct parameter values. */
  render(vo: VirtualOutbound, tags: Tags): RenderedClaim {
    const conf = vo.conf!;
    let state = this.byConf.get(conf);
    if (!state) {
      // Most VirtualOutbounds share a parameter list: the key of a tag set is made once per list.
      const signature = conf.parameters.map((p) => `${p.name}\u0000${effectiveTagKey(p)}`).join('\u0001');
      let keys = this.keysBySignature.get(signature);
      if (!keys) this.keysBySignature.set(signature, (keys = new WeakMap()));
      this.byConf.set(conf, (state = { perValues: new Map(), keys }));
    }
    // This runs once per claim, millions of times in a storm.
    let valuesKey = state.keys.get(tags);
    if (valuesKey === undefined) {
      valuesKey = '';
      for (const p of conf.parameters) {
        const tagKey = effectiveTagKey(p);
        if (Object.prototype.hasOwnProperty.call(tags, tagKey)) valuesKey += `${p.name}\u0000${tags[tagKey]}\u0001`;
      }
      state.keys.set(tags, valuesKey);
    }
    let r = state.perValues.get(valuesKey);
    if (!r) {
      const entries = parameterEntries(conf.parameters, tags);
      const host = evalHost(conf.host, entries, this.dialect);
      const port = evalPort(conf.port, entries, this.dialect);
      // The parameter values decide which tags the inbound has among those the parameters read,
      // so the outbound's tags and the missing tags are the same for every inbound with these values.
      const ok = host.ok && port.ok;
      r = { host, port, tags: ok ? filterTags(vo, tags) : EMPTY, missingTags: ok ? NONE : missingTags(vo, tags) };
      state.perValues.set(valuesKey, r);
    }
    return r;
  }
}

export interface RenderedClaim {
  readonly host: Rendered<string>;
  readonly port: Rendered<number>;
  /** The outbound's tags (none when the render fails). */
  readonly tags: Tags;
  /** Parameters' tags the inbound lacks, when the render fails. */
  readonly missingTags: readonly string[];
}

/** The outbound's tag set: for each parameter whose tag the inbound has, that tag. */
export function filterTags(vo: VirtualOutbound, tags: Tags): Tags {
  const out: Record<string, string> = Object.create(null);
  for (const p of vo.conf?.parameters ?? []) {
    const key = effectiveTagKey(p);
    if (Object.prototype.hasOwnProperty.call(tags, key)) out[key] = tags[key]!;
  }
  return out;
}

/** One VirtualOutbound applied to one tag set: what it renders there. */
export interface Claim {
  readonly source: Source & { match: Match };
  readonly host: Rendered<string>;
  readonly port: Rendered<number>;
  readonly tags: Tags;
  readonly missingTags: readonly string[];
}

/**
 * Builds one mesh's view from scratch, `Add` after `Add` in Kuma's order: the plain statement of the
 * rules. The editor keeps its views up to date with `IncrementalMeshView`, which is tested to give
 * exactly this.
 */
export function buildMeshView(input: MeshViewInput, cache: RenderCache = new RenderCache()): MeshView {
  const entries = new Map<string, Entry>();
  const dropped: Dropped[] = [];
  const renders = new Map<VirtualOutbound, RenderRecord[]>();
  for (const vo of input.virtualOutbounds) renders.set(vo, []);

  const claimsOf = (tags: Tags, resource: Dataplane | ExternalService | ZoneIngress, inboundIndex: number | undefined): Claim[] =>
    matchVirtualOutbounds(input.virtualOutbounds, tags).map((m) => claimOf(cache, m, tags, resource, inboundIndex));

  const add = (type: EntryType, name: string, port: number, tags: Tags, origin: string, source: Source): { entry: Entry; status: 'won' | 'deduped' | 'lost'; winner?: Outbound } => {
    const id = `${type}:${name}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { type, name, outbounds: [], vip: null, ...(type === 'host' && isIP(name) ? { address: name } : {}) };
      entries.set(id, entry);
    }
    const existing = entry.outbounds.find((o) => o.port === port);
    if (existing) {
      if (existing.origin === origin && sameTags(existing.tags, tags)) {
        existing.sources.push(source);
        return { entry, status: 'deduped', winner: existing };
      }
      dropped.push({ entry, outbound: { port, tags, origin, key: outboundKey(origin, port, tags) }, source, winner: existing });
      return { entry, status: 'lost', winner: existing };
    }
    entry.outbounds.push(newOutbound(port, tags, origin, source));
    if (entry.outbounds.length > 1) entry.outbounds.sort((a, b) => a.port - b.port);
    return { entry, status: 'won' };
  };

  const apply = (claims: readonly Claim[]): void => {
    for (const claim of claims) {
      const vo = claim.source.match.vo;
      const { host, port } = claim;
      if (!host.ok || !port.ok) {
        const failed = !host.ok ? { r: host, field: 'host' as const } : { r: port as Extract<Rendered<number>, { ok: false }>, field: 'port' as const };
        renders.get(vo)!.push({
          source: claim.source,
          status: 'skipped',
          reason: failed.r.reason,
          failedField: failed.field,
          ...(failed.r.text !== undefined ? { rendered: failed.r.text } : {}),
          missingTags: claim.missingTags,
        });
        continue;
      }
      const result = add('fqdn', host.value, port.value, claim.tags, `virtual-outbound:${vo.name}`, claim.source);
      renders.get(vo)!.push({
        source: claim.source,
        status: result.status,
        host: host.value,
        port: port.value,
        entry: result.entry,
        ...(result.winner && result.status === 'lost' ? { winner: result.winner } : {}),
      });
    }
  };

  const rules = rulesFor(input.kumaVersion ?? '2.1');
  for (const dp of input.dataplanes) {
    for (const inbound of viewInbounds(dp, rules)) {
      const service = inbound.tags[SERVICE_TAG] ?? '';
      if (input.serviceVipEnabled && inboundGetsServiceVip(service, rules)) add('service', service, 0, { [SERVICE_TAG]: service }, 'service', { resource: dp, inboundIndex: inbound.index });
      apply(claimsOf(inbound.tags, dp, inbound.index));
    }
  }

  for (const zi of input.zoneIngresses ?? []) {
    if (!isRemoteIngress(zi, input.zone ?? '')) continue;
    for (const svc of zi.availableServices) {
      const source = { resource: zi, inboundIndex: svc.index };
      const fixed = availableServiceDefault(input.mesh, svc, input.serviceVipEnabled);
      if (fixed) add('service', fixed.service, 0, fixed.tags, 'service', source);
      apply(claimsOf(svc.tags, zi, svc.index));
    }
  }

  for (const es of input.externalServices) {
    const service = es.tags[SERVICE_TAG] ?? '';
    const port = es.port ?? 0;
    const source = { resource: es };
    const serviceTags = { [SERVICE_TAG]: service };
    if (input.serviceVipEnabled) add('service', service, port, serviceTags, 'service', source);
    if (!es.disableHostDNSEntry && es.host !== undefined) add('host', es.host, port, serviceTags, `external-service:${es.name}`, source);
    apply(claimsOf(serviceTags, es, undefined));
  }

  for (const gw of input.meshGateways ?? []) {
    for (const o of gatewayOutbounds(gw, input.dnsDomain ?? 'mesh')) add('fqdn', o.hostname, o.listener.port, o.tags, o.origin, o.source);
  }

  return { mesh: input.mesh, entries: [...entries.values()].sort(compareEntries), dropped, renders };
}

const EMPTY: Tags = Object.freeze(Object.create(null));
const NONE: readonly string[] = Object.freeze([]);

/** Kuma's ZoneIngressResource.IsRemoteIngress: a zone is set and it is not the local one. */
export function isRemoteIngress(zi: ZoneIngress, localZone: string): boolean {
  return zi.zone !== '' && zi.zone !== localZone;
}

/** The default service entry an available service adds: only for a service of this mesh, and with service VIPs on. */
export function availableServiceDefault(mesh: string, svc: AvailableService, serviceVipEnabled: boolean): { service: string; tags: Tags } | undefined {
  if (svc.mesh !== mesh || !serviceVipEnabled) return undefined;
  const service = svc.tags[SERVICE_TAG] ?? '';
  return { service, tags: { [SERVICE_TAG]: service } };
}

export const MESH_TAG = 'kuma.io/mesh';

export interface GatewayOutbound {
  readonly listener: GatewayListener;
  readonly hostname: string;
  readonly tags: Tags;
  readonly origin: string;
  readonly source: Source;
}

/**
 * Kuma's addFromMeshGateway: one fqdn outbound per cross-mesh listener and selector. The hostname
 * is the listener's, or `internal.<gateway>.<mesh>.<domain>` when it is empty or has a wildcard;
 * the tags merge, later ones winning, the gateway's, the listener's, the mesh and the selector's.
 */
export function gatewayOutbounds(gw: MeshGateway, dnsDomain: string): GatewayOutbound[] {
  const out: GatewayOutbound[] = [];
  for (const listener of gw.listeners ?? []) {
    if (!listener.crossMesh) continue;
    const hostname = listener.hostname === '' || listener.hostname.includes('*') ? `internal.${gw.name}.${gw.mesh}.${dnsDomain}` : listener.hostname;
    gw.selectors.forEach((selector, selectorIndex) => {
      const tags: Record<string, string> = Object.create(null);
      for (const part of [gw.tags, listener.tags, { [MESH_TAG]: gw.mesh }, selector.match]) for (const k of Object.keys(part)) tags[k] = part[k]!;
      out.push({ listener, hostname, tags, origin: `mesh-gateway:${gw.mesh}:${gw.name}:${hostname}`, source: { resource: gw, inboundIndex: listener.index, selectorIndex } });
    });
  }
  return out;
}

/** What a matching VirtualOutbound renders for one tag set. Claims are many: everything but the source is shared. */
export function claimOf(cache: RenderCache, match: Match, tags: Tags, resource: Dataplane | ExternalService | ZoneIngress, inboundIndex: number | undefined): Claim {
  const r = cache.render(match.vo, tags);
  const source = inboundIndex === undefined ? { resource, match } : { resource, inboundIndex, match };
  return { source, host: r.host, port: r.port, tags: r.tags, missingTags: r.missingTags };
}

export function sameTags(a: Tags, b: Tags): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || a[k] !== b[k]) return false;
    n++;
  }
  for (const _k in b) n--;
  return n === 0;
}

export function newOutbound(port: number, tags: Tags, origin: string, source: Source, more?: Source[]): Outbound {
  return new LazyKeyOutbound(port, tags, origin, more ?? [source]);
}

/**
 * An outbound whose key is worked out when first asked for. A class, not an object literal with a
 * `get key()`: V8 keeps such a literal, and the closure behind it, as a hash table of about 500
 * bytes, and L has 35,000 outbounds.
 */
class LazyKeyOutbound implements Outbound {
  #key: string | undefined;

  constructor(
    readonly port: number,
    readonly tags: Tags,
    readonly origin: string,
    readonly sources: Source[],
  ) {}

  get key(): string {
    return (this.#key ??= outboundKey(this.origin, this.port, this.tags));
  }
}

function missingTags(vo: VirtualOutbound, tags: Tags): string[] {
  const out: string[] = [];
  for (const p of vo.conf?.parameters ?? []) {
    const key = effectiveTagKey(p);
    if (!Object.prototype.hasOwnProperty.call(tags, key) && !out.includes(key)) out.push(key);
  }
  return out;
}
