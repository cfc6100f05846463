// One mesh's view, kept up to date by difference: a changed dataplane, ZoneIngress, external
// service or MeshGateway removes
// its claimants and inserts new ones, a changed VirtualOutbound re-matches the inbounds and
// re-claims only where its claims changed, and only the touched slots are read again. VIPs are
// re-run (a tight loop) when the entry set changes; findings are kept as parts per slot (rewritten
// only when one of their parts changed) and diagnostics per VirtualOutbound. The result equals `buildMeshView` + `allocateVips` + `diagnoseMeshView`.
import { Dataplane, ExternalService, MeshGateway, PersistedEntry, Tags, VirtualOutbound, ZoneIngress } from '../resources/model';
import { EngineDiagnostic } from '../rules';
import { cidrOf, ControlPlaneSettings, kumaVersionOf } from '../settings';
import { KumaRules, rulesFor } from '../versions/kumaVersion';
import { inboundGetsServiceVip, viewInbounds } from './viewInbounds';
import { SERVICE_TAG } from '../validate/virtualOutbound';
import { ReservationProblem, reserveVips, VipAllocator } from '../vips/allocate';
import { Claimant, compareClaimants, EntryState, InboundState, Phase, PHASE, Slot, sortClaimants, UnitState, VoClaim } from './claims';
import { diagnoseMissingVips, diagnoseVirtualOutbound } from './diagnose';
import { compareFindingKeys, firstParts, Part, slotParts, writeFinding } from './findings';
import { adoptMatches, bestRank, comparePriority, matchOf } from './match';
import { SelectorIndex } from './selectorIndex';
import { InboundIndex } from './inboundIndex';
import { isIP } from '../render/dnsName';
import { Rendered } from '../render/evaluate';
import {
  availableServiceDefault,
  compareEntries,
  Dropped,
  EntryType,
  gatewayOutbounds,
  isRemoteIngress,
  MeshView,
  newOutbound,
  outboundKey,
  RenderCache,
  RenderedClaim,
  RenderRecord,
  sameTags,
  Source,
  SourceResource,
} from './view';
import { Match } from './match';

const signatures = new WeakMap<VirtualOutbound, string>();
const NONE: ReadonlySet<never> = new Set();

/** Everything about a VirtualOutbound that its claims depend on. */
function signature(vo: VirtualOutbound): string {
  let sig = signatures.get(vo);
  if (sig === undefined) {
    sig = JSON.stringify([
      vo.name,
      vo.mesh,
      vo.creationTime ?? null,
      vo.valid,
      vo.selectors.map((s) => Object.entries(s.match)),
      vo.conf ? [vo.conf.host, vo.conf.port, vo.conf.parameters.map((p) => [p.name, p.tagKey])] : null,
    ]);
    signatures.set(vo, sig);
  }
  return sig;
}

const matchSignatures = new WeakMap<VirtualOutbound, string>();

/** Everything about a VirtualOutbound that decides which inbounds it matches and in what order. */
function matchSignature(vo: VirtualOutbound): string {
  let sig = matchSignatures.get(vo);
  if (sig === undefined) {
    sig = JSON.stringify([vo.name, vo.mesh, vo.creationTime ?? null, vo.valid, vo.selectors.map((s) => Object.entries(s.match))]);
    matchSignatures.set(vo, sig);
  }
  return sig;
}

export interface IncrementalInput {
  readonly mesh: string;
  readonly dataplanes: ReadonlySet<Dataplane>;
  readonly externalServices: ReadonlySet<ExternalService>;
  /** All ZoneIngresses (they belong to no mesh). */
  readonly zoneIngresses?: ReadonlySet<ZoneIngress>;
  /** The MeshGateways of every mesh. */
  readonly meshGateways?: ReadonlySet<MeshGateway>;
  /** Valid VirtualOutbounds of the mesh, in location order; a new array when the set changes. */
  readonly virtualOutbounds: readonly VirtualOutbound[];
  /** The persisted VIP config's entries (a new array when it changes). */
  readonly persisted: readonly PersistedEntry[];
}

export interface MeshUpdate {
  /** `entries` is a fresh array; `dropped` and `renders` are read from the live state on first use. */
  readonly view: MeshView;
  readonly reservationProblems: readonly ReservationProblem[];
  /** The view's diagnostics, as `diagnoseMeshView` gives them. */
  readonly diagnostics: EngineDiagnostic[];
}

interface VoState {
  readonly vo: VirtualOutbound;
  readonly origin: string;
  /** How many claims it has (skipped renders included); the claims themselves live on the inbounds. */
  claims: number;
  readonly skipped: Set<Claimant>;
  /** Rendered hosts outside the DNS domain. */
  readonly outside: Set<Claimant>;
  dirty: boolean;
  diagnostics: EngineDiagnostic[];
}

/** A slot whose claimants disagree: the claims it drops and what it adds to findings. */
interface Conflict {
  readonly losers: readonly Claimant[];
  readonly parts: readonly Part[];
}

/** One finding: its parts per slot, and its diagnostic once written. */
interface Finding {
  readonly parts: Map<Slot, Part>;
  claims: number;
  diagnostic?: EngineDiagnostic;
}

export class IncrementalMeshView {
  private readonly units = new Map<SourceResource, UnitState>();
  private serial = 0;
  private readonly entries = new Map<string, EntryState>();
  private sorted: EntryState[] = [];
  private entrySetChanged = false;
  private readonly dirtySlots = new Set<Slot>();
  private readonly renderSlots = new WeakMap<RenderedClaim, Slot>();
  private readonly conflicts = new Map<Slot, Conflict>();
  private readonly findings = new Map<string, Finding>();
  private readonly dirtyFindings = new Set<string>();
  /** Finding keys in `compareFindingKeys` order. */
  private findingKeys: string[] = [];
  private findingDiagnostics: EngineDiagnostic[] = [];
  private readonly voStates = new Map<VirtualOutbound, VoState>();
  private vos: readonly VirtualOutbound[] = [];
  /** `vos` indexed by selector: an inbound is checked only against the selectors that can match it. */
  private selectorIndex = new SelectorIndex([]);
  /** The inbounds (no MeshGateway listeners) by tag, for the VirtualOutbounds an edit adds or removes. */
  private readonly inboundIndex = new InboundIndex();
  private persisted?: readonly PersistedEntry[];
  private reservationProblems: readonly ReservationProblem[] = [];
  private allocator?: VipAllocator;
  private missingVips = 0;
  private hadWorkloads = false;
  /** The mesh being built: the default service entries of available services depend on it. */
  private meshName = '';
  private gatewayUnits = 0;

  private readonly rules: KumaRules;

  constructor(
    private readonly cache: RenderCache,
    private readonly settings: ControlPlaneSettings,
  ) {
    this.rules = rulesFor(kumaVersionOf(settings));
  }

  update(input: IncrementalInput): MeshUpdate {
    this.meshName = input.mesh;
    const zoneIngresses = input.zoneIngresses ?? NONE;
    const meshGateways = input.meshGateways ?? NONE;
    const present: Record<Phase, ReadonlySet<SourceResource>> = {
      [PHASE.dataplane]: input.dataplanes,
      [PHASE.zoneIngress]: zoneIngresses,
      [PHASE.externalService]: input.externalServices,
      [PHASE.meshGateway]: meshGateways,
    };
    for (const [resource, unit] of this.units) {
      if (!present[unit.phase].has(resource)) {
        this.units.delete(resource);
        if (unit.phase === PHASE.meshGateway) this.gatewayUnits--;
        for (const ib of unit.inbounds) {
          this.withdraw(ib);
          if (unit.phase !== PHASE.meshGateway) this.inboundIndex.remove(ib);
        }
      }
    }
    if (input.virtualOutbounds !== this.vos) this.setVirtualOutbounds(input.virtualOutbounds);
    for (const dp of input.dataplanes) if (!this.units.has(dp)) this.addUnit(dp, PHASE.dataplane);
    for (const zi of zoneIngresses) if (!this.units.has(zi)) this.addUnit(zi, PHASE.zoneIngress);
    for (const es of input.externalServices) if (!this.units.has(es)) this.addUnit(es, PHASE.externalService);
    for (const gw of meshGateways) if (!this.units.has(gw)) this.addUnit(gw, PHASE.meshGateway);

    this.settleSlots();
    if (input.persisted !== this.persisted || !this.allocator) {
      this.persisted = input.persisted;
      const cidr = cidrOf(this.settings);
      const reservations = reserveVips(cidr, input.persisted, this.rules.reserveSkipsOutsideCidr);
      this.reservationProblems = reservations.problems;
      this.allocator = new VipAllocator(cidr, reservations);
      this.entrySetChanged = true;
    }
    if (this.entrySetChanged) {
      this.entrySetChanged = false;
      this.missingVips = this.allocator.assign(this.sorted);
    }
    const entries = this.sorted.map((e) => e.target);
    return { view: this.view(input.mesh, entries), reservationProblems: this.reservationProblems, diagnostics: this.diagnose(input.mesh, entries) };
  }

  private view(mesh: string, entries: MeshView['entries']): MeshView {
    let dropped: Dropped[] | undefined;
    let renders: Map<VirtualOutbound, RenderRecord[]> | undefined;
    let claimsByVo: Map<VirtualOutbound, Claimant[]> | undefined;
    const recordsByVo = new Map<VirtualOutbound, RenderRecord[]>();
    const droppedList = () => this.droppedList();
    const rendersMap = () => this.rendersMap();
    const claimsByVoOf = () => this.claimsByVo();
    const claimsOf = (vo: VirtualOutbound) => (claimsByVo ??= claimsByVoOf()).get(vo);
    // The lists of `claimsByVo` sorted in place (they belong to this view alone).
    const ordered = new Set<VirtualOutbound>();
    const orderedClaimsOf = (vo: VirtualOutbound) => {
      const claims = claimsOf(vo);
      if (claims && !ordered.has(vo)) {
        claims.sort(compareClaimants);
        ordered.add(vo);
      }
      return claims;
    };
    const recordOf = (c: Claimant) => this.record(c);
    let claimCount = 0;
    for (const st of this.voStates.values()) claimCount += st.claims;
    return {
      mesh,
      entries,
      claimCount,
      get dropped() {
        return (dropped ??= droppedList());
      },
      get renders() {
        return (renders ??= rendersMap());
      },
      rendersOf(vo: VirtualOutbound): RenderRecord[] | undefined {
        if (renders) return renders.get(vo);
        let records = recordsByVo.get(vo);
        if (!records) {
          const claims = orderedClaimsOf(vo);
          if (!claims) return undefined;
          records = claims.map(recordOf);
          recordsByVo.set(vo, records);
        }
        return records;
      },
      orderClaims(): void {
        for (const vo of (claimsByVo ??= claimsByVoOf()).keys()) orderedClaimsOf(vo);
      },
    };
  }

  private setVirtualOutbounds(vos: readonly VirtualOutbound[]): void {
    const before = this.vos;
    const had = new Set(before);
    const after = new Set(vos);
    let added = vos.filter((vo) => !had.has(vo));
    const removed = new Set(before.filter((vo) => !after.has(vo)));
    this.vos = vos;
    this.selectorIndex = new SelectorIndex(vos);
    // An edit re-reads the whole file, so its unchanged VirtualOutbounds come back as new objects
    // with the same content. Such a twin takes over the claims of the old object where they are:
    // their order and renders are the same, only the source's VirtualOutbound changes.
    if (removed.size && added.length) {
      const byName = new Map([...removed].map((vo) => [vo.name, vo]));
      const twins = new Map<VirtualOutbound, VirtualOutbound>();
      added = added.filter((vo) => {
        const old = byName.get(vo.name);
        if (!old || twins.has(old) || signature(old) !== signature(vo)) return true;
        twins.set(old, vo);
        removed.delete(old);
        return false;
      });
      if (twins.size) this.adoptTwins(twins);
      // One whose selectors, name and creation time are unchanged (only its templates or
      // parameters are) matches the same inbounds with the same ranks. When every VirtualOutbound
      // keeps its place in the list, each inbound's matches are sorted from the same order as
      // before, so its claims keep their places (the priority order is not transitive: the list
      // order matters): they are rendered again in place, nothing is matched or sorted again.
      const retemplated = new Map<VirtualOutbound, VirtualOutbound>();
      for (const vo of added) {
        const old = byName.get(vo.name);
        if (old && removed.has(old) && !retemplated.has(old) && matchSignature(old) === matchSignature(vo)) retemplated.set(old, vo);
      }
      if (retemplated.size && retemplated.size === added.length && retemplated.size === removed.size && before.length === vos.length) {
        const samePlaces = before.every((old, i) => old === vos[i] || twins.get(old) === vos[i] || retemplated.get(old) === vos[i]);
        if (samePlaces) {
          added = [];
          removed.clear();
          this.rerender(retemplated);
        }
      }
    }
    for (const vo of added) {
      this.voStates.set(vo, { vo, origin: `virtual-outbound:${vo.name}`, claims: 0, skipped: new Set(), outside: new Set(), dirty: true, diagnostics: [] });
    }
    if ((added.length || removed.size) && this.units.size > this.gatewayUnits) {
      // Only an inbound that one of their selectors can match can gain or lose a claim.
      const candidates = new Set<InboundState>();
      const all = () => this.workloadInbounds();
      for (const vo of added) this.inboundIndex.candidates(vo, all, candidates);
      for (const vo of removed) this.inboundIndex.candidates(vo, all, candidates);
      for (const ib of candidates) this.rematch(ib, added, removed);
    }
    for (const vo of removed) this.voStates.delete(vo);
  }

  private adoptTwins(twins: ReadonlyMap<VirtualOutbound, VirtualOutbound>): void {
    for (const [old, twin] of twins) {
      const st = this.voStates.get(old)!;
      this.voStates.delete(old);
      this.voStates.set(twin, { ...st, vo: twin, dirty: true });
      adoptMatches(old, twin);
    }
    // Findings point into the edited file: read the slots in conflict where a twin takes part again.
    const adopted = new Set(twins.values());
    for (const slot of this.conflicts.keys()) {
      if (this.dirtySlots.has(slot)) continue;
      for (const c of slot.claimants()) {
        if (c.match && adopted.has(c.match.vo)) {
          this.dirtySlots.add(slot);
          break;
        }
      }
    }
  }

  private *workloadInbounds(): Iterable<InboundState> {
    for (const unit of this.units.values()) if (unit.phase !== PHASE.meshGateway) yield* unit.inbounds;
  }

  /** Each old VirtualOutbound's claims become its successor's, rendered with the successor's conf. */
  private rerender(successors: ReadonlyMap<VirtualOutbound, VirtualOutbound>): void {
    const candidates = new Set<InboundState>();
    const all = () => this.workloadInbounds();
    const next = new Set(successors.values());
    for (const [old, vo] of successors) {
      const st = this.voStates.get(old)!;
      this.voStates.delete(old);
      this.voStates.set(vo, { ...st, vo, dirty: true });
      // The shared match objects now name the successor: so do the claims that hold them.
      adoptMatches(old, vo);
      this.inboundIndex.candidates(vo, all, candidates);
    }
    for (const ib of candidates) {
      const claims = ib.voClaimants;
      for (let seq = 0; seq < claims.length; seq++) {
        const c = claims[seq]!;
        if (!next.has(c.match.vo)) continue;
        const claim = this.voClaim(ib, seq, c.match);
        this.remove(c);
        claims[seq] = claim;
        this.insert(claim);
      }
    }
  }

  /** The inbound's claims after VirtualOutbounds were added or removed, re-claimed when they changed. */
  private rematch(ib: InboundState, added: readonly VirtualOutbound[], removed: ReadonlySet<VirtualOutbound>): void {
    if (ib.unit.phase === PHASE.meshGateway) return;
    let lost = false;
    for (const c of ib.voClaimants) {
      if (removed.has(c.match.vo)) {
        lost = true;
        break;
      }
    }
    let gained: Match[] | undefined;
    for (const vo of added) {
      const best = bestRank(vo, ib.tags);
      if (best) (gained ??= []).push(matchOf(vo, best));
    }
    if (!lost && !gained) return;
    const matches: Match[] = [];
    for (const c of ib.voClaimants) if (!removed.has(c.match.vo)) matches.push(c.match);
    if (gained) {
      matches.push(...gained);
      matches.sort(comparePriority);
    }
    // A claim whose match keeps its place in the priority order is the claim it would be made
    // again: it stays in its slot, so an edited VirtualOutbound does not re-settle the slots of
    // the others that select the same inbounds.
    const before = ib.voClaimants;
    const after = matches.map((match, seq) => {
      const kept = before[seq];
      return kept?.match === match ? kept : this.voClaim(ib, seq, match);
    });
    for (const [seq, claim] of before.entries()) if (after[seq] !== claim) this.remove(claim);
    ib.voClaimants = after;
    for (const [seq, claim] of after.entries()) if (claim !== before[seq]) this.insert(claim);
  }

  private addUnit(resource: SourceResource, phase: Phase): void {
    const unit: UnitState = { resource, phase, serial: this.serial++, inbounds: [] };
    this.units.set(resource, unit);
    if (phase === PHASE.meshGateway) this.gatewayUnits++;
    const serviceVip = this.settings.serviceVipEnabled;
    if (resource.kind === 'MeshGateway') {
      gatewayOutbounds(resource, this.settings.dnsDomain).forEach((o, position) => {
        const ib: InboundState = { unit, tags: o.tags, index: o.listener.index, position, fixed: [], voClaimants: [] };
        unit.inbounds.push(ib);
        ib.fixed.push(this.claimant(ib, -2, o.source, o.origin, 'fqdn', o.hostname, o.listener.port, o.tags));
        this.admit(ib);
      });
    } else if (resource.kind === 'ZoneIngress') {
      // A ZoneIngress of the local zone, or of no zone, contributes nothing.
      if (!isRemoteIngress(resource, this.settings.zone)) return;
      resource.availableServices.forEach((svc, position) => {
        const ib = this.inbound(unit, svc.tags, svc.index, position);
        const fixed = availableServiceDefault(this.meshName, svc, serviceVip);
        if (fixed) ib.fixed.push(this.claimant(ib, -2, { resource, inboundIndex: svc.index }, 'service', 'service', fixed.service, 0, fixed.tags));
        this.admit(ib);
      });
    } else if (resource.kind === 'Dataplane') {
      viewInbounds(resource, this.rules).forEach((inbound, position) => {
        const ib = this.inbound(unit, inbound.tags, inbound.index, position);
        const service = inbound.tags[SERVICE_TAG] ?? '';
        if (serviceVip && inboundGetsServiceVip(service, this.rules))
          ib.fixed.push(this.claimant(ib, -2, { resource, inboundIndex: inbound.index }, 'service', 'service', service, 0, { [SERVICE_TAG]: service }));
        this.admit(ib);
      });
    } else {
      const service = resource.tags[SERVICE_TAG] ?? '';
      const port = resource.port ?? 0;
      const source = { resource };
      const serviceTags = { [SERVICE_TAG]: service };
      const ib = this.inbound(unit, serviceTags, undefined, 0);
      if (serviceVip) ib.fixed.push(this.claimant(ib, -2, source, 'service', 'service', service, port, serviceTags));
      if (!resource.disableHostDNSEntry && resource.host !== undefined) ib.fixed.push(this.claimant(ib, -1, source, `external-service:${resource.name}`, 'host', resource.host, port, serviceTags));
      this.admit(ib);
    }
  }

  private inbound(unit: UnitState, tags: Tags, index: number | undefined, position: number): InboundState {
    const ib: InboundState = { unit, tags, index, position, fixed: [], voClaimants: [] };
    unit.inbounds.push(ib);
    return ib;
  }

  private admit(ib: InboundState): void {
    // No VirtualOutbound reads a MeshGateway listener's tags.
    if (ib.unit.phase !== PHASE.meshGateway) {
      ib.voClaimants = this.voClaimants(ib, this.selectorIndex.match(ib.tags));
      this.inboundIndex.add(ib);
    }
    for (const c of ib.fixed) this.insert(c);
    for (const c of ib.voClaimants) this.insert(c);
  }

  private withdraw(ib: InboundState): void {
    for (const c of ib.fixed) this.remove(c);
    for (const c of ib.voClaimants) this.remove(c);
  }

  private voClaimants(ib: InboundState, matches: readonly Match[]): VoClaim[] {
    return matches.map((match, seq) => this.voClaim(ib, seq, match));
  }

  private voClaim(ib: InboundState, seq: number, match: Match): VoClaim {
    const origin = this.voStates.get(match.vo)!.origin;
    const rendered = this.cache.render(match.vo, ib.tags);
    return new VoClaim(ib, seq, match, rendered, origin, this.slotOf(rendered));
  }

  /** The slot a render claims, remembered per render (shared by every inbound with the same values). */
  private slotOf(rendered: RenderedClaim): Slot | undefined {
    const { host, port } = rendered;
    if (!host.ok || !port.ok) return undefined;
    const known = this.renderSlots.get(rendered);
    // A slot emptied and dropped since is made again.
    if (known && known.entry.slots.get(known.port) === known && this.entries.get(known.entry.id) === known.entry) return known;
    const slot = this.slot('fqdn', host.value, port.value);
    this.renderSlots.set(rendered, slot);
    return slot;
  }

  private claimant(ib: InboundState, seq: number, source: Source, origin: string, type: EntryType, name: string, port: number, tags: Tags): Claimant {
    return { inbound: ib, seq, source, origin, port, tags, slot: this.slot(type, name, port) };
  }

  private slot(type: EntryType, name: string, port: number): Slot {
    const id = `${type}:${name}`;
    let entry = this.entries.get(id);
    if (!entry) {
      const target = { type, name, outbounds: [], vip: null, ...(type === 'host' && isIP(name) ? { address: name } : {}) };
      entry = { id, target, slots: new Map(), listed: false, vipNumber: -1 };
      this.entries.set(id, entry);
    }
    let slot = entry.slots.get(port);
    if (!slot) entry.slots.set(port, (slot = new Slot(entry, port)));
    return slot;
  }

  private insert(c: Claimant): void {
    if (c.slot) {
      c.slot.add(c);
      this.dirtySlots.add(c.slot);
    }
    this.admitToVo(c);
  }

  private admitToVo(c: Claimant): void {
    if (!c.match) return;
    const st = this.voStates.get(c.match.vo)!;
    if (++st.claims === 1) st.dirty = true;
    if (!c.slot) {
      st.skipped.add(c);
      st.dirty = true;
    } else if (this.outsideDomain(c.rendered!.host)) {
      st.outside.add(c);
      st.dirty = true;
    }
  }

  private remove(c: Claimant): void {
    if (c.slot) {
      c.slot.remove(c);
      this.dirtySlots.add(c.slot);
    }
    if (!c.match) return;
    const st = this.voStates.get(c.match.vo);
    if (!st) return;
    if (--st.claims === 0) st.dirty = true;
    if (st.skipped.delete(c) || st.outside.delete(c)) st.dirty = true;
  }

  private outsideDomain(host: Rendered<string>): boolean {
    return host.ok && !host.value.endsWith(`.${this.settings.dnsDomain}`);
  }

  /** Reads every touched slot again: its outbound, its dropped claimants, the entry's outbounds. */
  private settleSlots(): void {
    const touched = new Set<EntryState>();
    for (const slot of this.dirtySlots) {
      const entry = slot.entry;
      touched.add(entry);
      const list = slot.claimants();
      const before = this.conflicts.get(slot);
      if (before) {
        this.conflicts.delete(slot);
        this.withdrawParts(slot, before.parts);
      }
      if (list.length === 0) {
        if (entry.slots.get(slot.port) === slot) entry.slots.delete(slot.port);
        slot.outbound = undefined;
        continue;
      }
      const w = list[0]!;
      // Most slots have one claimant: a literal is sized to it, a pushed array keeps room for 16.
      const sources: Source[] = [w.source];
      let losers: Claimant[] | undefined;
      for (let i = 1; i < list.length; i++) {
        const c = list[i]!;
        if (c.origin === w.origin && sameTags(c.tags, w.tags)) sources.push(c.source);
        else (losers ??= []).push(c);
      }
      const outbound = newOutbound(w.port, w.tags, w.origin, w.source, sources);
      slot.outbound = outbound;
      if (losers) {
        const parts = slotParts({ entry: entry.target, port: slot.port, winner: outbound, losers });
        this.conflicts.set(slot, { losers, parts });
        this.addParts(slot, parts);
      }
    }
    this.dirtySlots.clear();

    const listed: EntryState[] = [];
    const unlisted = new Set<EntryState>();
    for (const entry of touched) {
      if (entry.slots.size === 0) {
        if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
        if (entry.listed) unlisted.add(entry);
        entry.listed = false;
        continue;
      }
      const outbounds = [...entry.slots.values()].map((s) => s.outbound!);
      if (outbounds.length > 1) outbounds.sort((a, b) => a.port - b.port);
      entry.target.outbounds = outbounds;
      if (!entry.listed) {
        entry.listed = true;
        listed.push(entry);
      }
    }
    if (listed.length || unlisted.size) {
      this.entrySetChanged = true;
      this.relist(listed, unlisted);
    }
  }

  private withdrawParts(slot: Slot, parts: readonly Part[]): void {
    for (const part of parts) {
      const f = this.findings.get(part.key)!;
      f.parts.delete(slot);
      f.claims -= part.losers.length;
      this.dirtyFindings.add(part.key);
    }
  }

  private addParts(slot: Slot, parts: readonly Part[]): void {
    for (const part of parts) {
      let f = this.findings.get(part.key);
      if (!f) this.findings.set(part.key, (f = { parts: new Map(), claims: 0 }));
      f.parts.set(slot, part);
      f.claims += part.losers.length;
      this.dirtyFindings.add(part.key);
    }
  }

  /** Writes the findings whose parts changed again, and keeps the keys in order. */
  private settleFindings(): void {
    if (this.dirtyFindings.size === 0) return;
    const added: string[] = [];
    const removed = new Set<string>();
    for (const key of this.dirtyFindings) {
      const f = this.findings.get(key);
      if (!f) continue;
      if (f.parts.size === 0) {
        this.findings.delete(key);
        if (f.diagnostic) removed.add(key);
        continue;
      }
      if (!f.diagnostic) added.push(key);
      f.diagnostic = writeFinding(firstParts(f.parts.values()), f.parts.size, f.claims);
    }
    this.dirtyFindings.clear();
    if (added.length + removed.size > 64) {
      const keys = removed.size ? this.findingKeys.filter((k) => !removed.has(k)) : this.findingKeys;
      for (const k of added) keys.push(k);
      this.findingKeys = keys.sort(compareFindingKeys);
    } else {
      for (const k of removed) this.findingKeys.splice(lowerBound(this.findingKeys, k), 1);
      for (const k of added) this.findingKeys.splice(lowerBound(this.findingKeys, k), 0, k);
    }
    this.findingDiagnostics = this.findingKeys.map((k) => this.findings.get(k)!.diagnostic!);
  }

  /** Keeps `sorted` in Kuma's entry order: binary insertion for a few changes, one sort for many. */
  private relist(listed: EntryState[], unlisted: ReadonlySet<EntryState>): void {
    const byTarget = (a: EntryState, b: EntryState) => compareEntries(a.target, b.target);
    if (listed.length + unlisted.size > 64) {
      const kept = unlisted.size ? this.sorted.filter((e) => !unlisted.has(e)) : this.sorted;
      listed.sort(byTarget);
      // Merged with the kept entries, already in order: an edit that renames thousands of hosts
      // sorts those, not every entry of the mesh. (No two entries compare equal.)
      const sorted: EntryState[] = [];
      let i = 0;
      let j = 0;
      while (i < kept.length && j < listed.length) sorted.push(byTarget(kept[i]!, listed[j]!) < 0 ? kept[i++]! : listed[j++]!);
      while (i < kept.length) sorted.push(kept[i++]!);
      while (j < listed.length) sorted.push(listed[j++]!);
      this.sorted = sorted;
      return;
    }
    const at = (e: EntryState) => {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byTarget(this.sorted[mid]!, e) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (const e of unlisted) this.sorted.splice(at(e), 1);
    for (const e of listed) this.sorted.splice(at(e), 0, e);
  }

  private diagnose(mesh: string, entries: MeshView['entries']): EngineDiagnostic[] {
    this.settleFindings();
    const out = [...this.findingDiagnostics];
    // MeshGateways are no workloads a VirtualOutbound could select.
    const hasWorkloads = this.units.size > this.gatewayUnits;
    const workloadsChanged = hasWorkloads !== this.hadWorkloads;
    this.hadWorkloads = hasWorkloads;
    for (const vo of this.vos) {
      const st = this.voStates.get(vo)!;
      if (st.dirty || workloadsChanged) {
        st.dirty = false;
        st.diagnostics = [];
        let outside: Claimant | undefined;
        for (const c of st.outside) if (!outside || compareClaimants(c, outside) < 0) outside = c;
        const skipped = sortClaimants(st.skipped).map((c) => this.record(c));
        diagnoseVirtualOutbound(vo, skipped, st.claims > 0, outside?.rendered!.host.ok ? outside.rendered.host.value : undefined, this.settings, hasWorkloads, st.diagnostics);
      }
      for (const d of st.diagnostics) out.push(d);
    }
    if (this.missingVips > 0) diagnoseMissingVips(mesh, entries, this.settings, out);
    return out;
  }

  /** Every dropped claim, made when asked for: the live state keeps only the claimants. */
  private droppedList(): Dropped[] {
    const pairs: { c: Claimant; slot: Slot }[] = [];
    for (const [slot, conflict] of this.conflicts) for (const c of conflict.losers) pairs.push({ c, slot });
    return pairs
      .sort((a, b) => compareClaimants(a.c, b.c))
      .map(({ c, slot }) => ({
        entry: slot.entry.target,
        outbound: { port: c.port, tags: c.tags, origin: c.origin, key: outboundKey(c.origin, c.port, c.tags) },
        source: c.source,
        winner: slot.outbound!,
      }));
  }

  private rendersMap(): Map<VirtualOutbound, RenderRecord[]> {
    const renders = new Map<VirtualOutbound, RenderRecord[]>();
    for (const [vo, claims] of this.claimsByVo())
      renders.set(
        vo,
        sortClaimants(claims).map((c) => this.record(c)),
      );
    return renders;
  }

  /** Every VirtualOutbound's claims, in one pass over the inbounds. */
  private claimsByVo(): Map<VirtualOutbound, Claimant[]> {
    const byVo = new Map<VirtualOutbound, Claimant[]>();
    for (const vo of this.vos) byVo.set(vo, []);
    for (const unit of this.units.values()) for (const ib of unit.inbounds) for (const c of ib.voClaimants) byVo.get(c.match.vo)?.push(c);
    return byVo;
  }

  /** A VirtualOutbound claim as `buildMeshView` records it. */
  private record(c: Claimant): RenderRecord {
    const claim = c.rendered!;
    const source = c.source as Source & { match: Match };
    const { host, port } = claim;
    if (!c.slot || !host.ok || !port.ok) {
      const failed = !host.ok ? { r: host, field: 'host' as const } : { r: port as Extract<Rendered<number>, { ok: false }>, field: 'port' as const };
      return {
        source,
        status: 'skipped',
        reason: failed.r.reason,
        failedField: failed.field,
        ...(failed.r.text !== undefined ? { rendered: failed.r.text } : {}),
        missingTags: claim.missingTags,
      };
    }
    const w = c.slot.claimants()[0]!; // c is one of them
    const status = c === w ? 'won' : c.origin === w.origin && sameTags(c.tags, w.tags) ? 'deduped' : 'lost';
    return {
      source,
      status,
      host: host.value,
      port: port.value,
      entry: c.slot.entry.target,
      ...(status === 'lost' ? { winner: c.slot.outbound! } : {}),
    };
  }
}

/** The first index whose key does not come before `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFindingKeys(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
