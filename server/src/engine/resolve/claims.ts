// Kuma's view building as claims: every `Add` is a claimant on a hostname:port slot, ordered the
// way Kuma processes them (dataplanes, then ZoneIngresses, then external services, then the
// MeshGateways of every mesh; within a phase the store order: mesh, name, then location; the
// inbound, available service or listener; the service entry, then an external service's host,
// then the VirtualOutbounds in priority order). The first claimant of a slot wins ("first write
// wins"), so an edit only has to insert and remove claimants and re-read the slots it touched.
import { Tags } from '../resources/model';
import { byteOrder } from '../validate/selectors';
import type { Match } from './match';
import type { Entry, Outbound, RenderedClaim, Source, SourceResource } from './view';

/** Kuma's processing phases, in order. */
export const PHASE = { dataplane: 0, zoneIngress: 1, externalService: 2, meshGateway: 3 } as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];

export interface UnitState {
  readonly resource: SourceResource;
  readonly phase: Phase;
  /** Creation order: the last tiebreak between look-alikes, as the stable sort of a Set kept them. */
  readonly serial: number;
  readonly inbounds: InboundState[];
}

/**
 * One tag set of a unit: a dataplane inbound, an available service of a ZoneIngress, the service of
 * an external service, or a listener and selector of a MeshGateway (which no VirtualOutbound reads).
 */
export interface InboundState {
  readonly unit: UnitState;
  readonly tags: Tags;
  readonly index: number | undefined;
  /** Position among the unit's inbounds: the processing order. */
  readonly position: number;
  /** Claimants of the service entry (and an external service's host). */
  readonly fixed: Claimant[];
  /** The matching VirtualOutbounds' claims in priority order, skipped renders included. */
  voClaimants: VoClaim[];
}

export interface Claimant {
  readonly inbound: InboundState;
  /** Position inside the inbound: -2 service entry, -1 external-service host, then the claims. */
  readonly seq: number;
  readonly source: Source;
  readonly origin: string;
  readonly port: number;
  readonly tags: Tags;
  /** The slot claimed; none for a render Kuma skips. */
  readonly slot: Slot | undefined;
  /** Set for VirtualOutbound claims: the match and what it renders. */
  readonly match?: Match;
  readonly rendered?: RenderedClaim;
}

/**
 * A VirtualOutbound's claim on one inbound. There is one per (inbound, matching VirtualOutbound),
 * millions in a large mesh, so one small object is claim, claimant and source at once, and what it
 * renders is shared with every inbound that has the same parameter values.
 */
export class VoClaim implements Claimant, Source {
  constructor(
    readonly inbound: InboundState,
    readonly seq: number,
    readonly match: Match,
    readonly rendered: RenderedClaim,
    readonly origin: string,
    readonly slot: Slot | undefined,
  ) {}

  get source(): Source & { match: Match } {
    return this;
  }

  get resource(): SourceResource {
    return this.inbound.unit.resource;
  }

  get inboundIndex(): number | undefined {
    return this.inbound.index;
  }

  get port(): number {
    const p = this.rendered.port;
    return p.ok ? p.value : 0;
  }

  get tags(): Tags {
    return this.rendered.tags;
  }
}

export function compareUnits(a: UnitState, b: UnitState): number {
  if (a === b) return 0;
  const ra = a.resource;
  const rb = b.resource;
  return a.phase - b.phase || byteOrder(ra.mesh, rb.mesh) || byteOrder(ra.name, rb.name) || byteOrder(ra.doc.file, rb.doc.file) || ra.doc.index - rb.doc.index || a.serial - b.serial;
}

/** Kuma's processing order; a total order (no two claimants compare equal). */
export function compareClaimants(a: Claimant, b: Claimant): number {
  const ia = a.inbound;
  const ib = b.inbound;
  if (ia.unit !== ib.unit) return compareUnits(ia.unit, ib.unit);
  return ia.position - ib.position || a.seq - b.seq;
}

/** The mutable state of one entry: the public `Entry` and its slots by port. */
export interface EntryState {
  /** `type:name`, the key of persisted VIPs. */
  readonly id: string;
  readonly target: Entry & { outbounds: Outbound[] };
  readonly slots: Map<number, Slot>;
  /** In the sorted entry list. */
  listed: boolean;
  /** For `VipAllocator`. */
  vipNumber: number;
}

/**
 * The claimants of one hostname:port, in processing order. Changes are queued and applied by
 * `settle`: by binary insertion when they are few, by one sort when they are many (a cold build).
 */
export class Slot {
  /** The outbound of the first claimant, with the sources of those that dedupe with it. */
  outbound: Outbound | undefined;
  private list: Claimant[] = [];
  private adds: Claimant[] = [];
  /** Made on the first removal: L has 35,000 slots, and an empty `Set` is about 150 bytes. */
  private removes: Set<Claimant> | undefined;

  constructor(
    readonly entry: EntryState,
    readonly port: number,
  ) {}

  get size(): number {
    // Every removed claimant is either listed or pending in `adds`: each is counted once.
    return this.list.length + this.adds.length - (this.removes?.size ?? 0);
  }

  add(c: Claimant): void {
    if (this.removes?.delete(c)) return;
    this.adds.push(c);
  }

  /** O(1): a claimant added since the last settle is dropped from `adds` when the slot settles. */
  remove(c: Claimant): void {
    (this.removes ??= new Set()).add(c);
  }

  /** The claimants in processing order, pending changes applied. */
  claimants(): readonly Claimant[] {
    const removes = this.removes ?? NO_CLAIMANTS;
    if (this.adds.length === 0 && removes.size === 0) return this.list;
    const changes = this.adds.length + removes.size;
    if (this.list.length === 0) {
      // A new slot (a cold build): its additions are the list. Most slots have one claimant, and
      // a pushed array keeps room for 16: a copy is sized to its length.
      const adds = removes.size ? this.adds.filter((c) => !removes.has(c)) : this.adds;
      this.list = adds.length > 1 ? adds.sort(compareClaimants) : adds.slice();
    } else if (changes > 16 && changes * 8 > this.list.length) {
      const list = removes.size ? this.list.filter((c) => !removes.has(c)) : this.list;
      for (const c of this.adds) if (!removes.has(c)) list.push(c);
      this.list = list.sort(compareClaimants);
    } else {
      for (const c of removes) {
        const i = lowerBound(this.list, c);
        if (this.list[i] === c) this.list.splice(i, 1);
      }
      for (const c of this.adds) if (!removes.has(c)) this.list.splice(lowerBound(this.list, c), 0, c);
    }
    this.adds = [];
    this.removes = undefined;
    return this.list;
  }
}

const NO_CLAIMANTS: ReadonlySet<Claimant> = new Set();

/** The first index whose claimant does not come before `c`. */
function lowerBound(list: readonly Claimant[], c: Claimant): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareClaimants(list[mid]!, c) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sortClaimants(set: Iterable<Claimant>): Claimant[] {
  return [...set].sort(compareClaimants);
}
