// Lost claims as findings: one diagnostic per place and per cause, with a count and the first
// examples, never one per lost pair. A slot (one hostname:port) whose claimants disagree gives
// `parts`, one per finding it feeds; a finding is written from all its parts by `writeFinding`.
// The from-scratch view and the incremental one share both steps, so they give the same text; the
// incremental one keeps the parts per slot and rewrites only the findings whose parts changed.
import { Tags, VirtualOutbound } from '../resources/model';
import { diagnostic, EngineDiagnostic, formatCount, MAX_RELATED, RelatedInfo, RULES } from '../rules';
import { byteOrder } from '../validate/selectors';
import { claimNoun, claimOrderNote, conflictAdvice } from './claimOrder';
import { describeRank, describeSource, describeTags, fieldSpan, listWithMore, priorityReason, sourceLocation } from './explain';
import { isAmbiguous, Match } from './match';
import { Entry, ENTRY_TYPE_ORDER, Outbound, Source } from './view';

/** A claim that lost its hostname:port: what the incremental claimants and the scratch `Dropped` both have. */
export interface LostClaim {
  readonly source: Source;
  readonly tags: Tags;
  readonly origin: string;
  readonly port: number;
}

/** One hostname:port whose claimants disagree: the outbound that holds it and the claims it dropped. */
export interface SlotLosses {
  readonly entry: Pick<Entry, 'type' | 'name'>;
  readonly port: number;
  readonly winner: Outbound;
  /** In processing order. */
  readonly losers: readonly LostClaim[];
}

type Kind = 'priority-loser' | 'priority-winner' | 'ambiguous-loser' | 'ambiguous-winner' | 'conflict-vo' | 'conflict-inbound' | 'host-clash';

/** What one slot contributes to one finding. */
export interface Part {
  readonly key: string;
  readonly kind: Kind;
  readonly slot: SlotLosses;
  /** The lost claims of the slot this finding is about, in processing order. */
  readonly losers: readonly LostClaim[];
  /** Priority parts: the VirtualOutbound that keeps the hostname:port, on the first loser's inbound. */
  readonly winnerMatch?: Match;
}

const voKeys = new WeakMap<VirtualOutbound, string>();
function voKey(vo: VirtualOutbound): string {
  let k = voKeys.get(vo);
  if (k === undefined) voKeys.set(vo, (k = `${vo.doc.file}\u0000${vo.doc.index}`));
  return k;
}

const placeKeys = new WeakMap<object, string>();
/**
 * Identifies the line a lost claim is reported on: the inbound (or workload) it was rendered for,
 * the ZoneIngress's available service, the MeshGateway's listener (all its selectors), or the
 * external service.
 */
function placeKey(source: Source): string {
  const r = source.resource;
  if (r.kind === 'Dataplane' && source.inboundIndex !== undefined) {
    const inbound = r.inbounds[source.inboundIndex]!;
    let k = placeKeys.get(inbound);
    if (k === undefined) placeKeys.set(inbound, (k = `${inbound.doc.file}\u0000${inbound.doc.index}\u0000${inbound.path.join('\u0001')}`));
    return k;
  }
  let k = placeKeys.get(r);
  if (k === undefined) placeKeys.set(r, (k = `${r.doc.file}\u0000${r.doc.index}`));
  return source.inboundIndex === undefined ? k : `${k}\u0000${source.inboundIndex}`;
}

const pairKeyCache = new WeakMap<VirtualOutbound, WeakMap<VirtualOutbound, readonly string[]>>();
/** The finding keys of a (loser, keeper) pair, made once: every slot the pair meets on shares them. */
function pairKeys(loser: VirtualOutbound, keeper: VirtualOutbound): readonly string[] {
  let perKeeper = pairKeyCache.get(loser);
  if (!perKeeper) pairKeyCache.set(loser, (perKeeper = new WeakMap()));
  let keys = perKeeper.get(keeper);
  if (!keys) {
    const l = voKey(loser);
    const k = voKey(keeper);
    keys = [`priority-loser|${l}|${k}`, `priority-winner|${k}|${l}`, `ambiguous-loser|${l}|${k}`, `ambiguous-winner|${k}|${l}`];
    perKeeper.set(keeper, keys);
  }
  return keys;
}

function sameInbound(a: Source, b: Source): boolean {
  return a.resource === b.resource && a.inboundIndex === b.inboundIndex;
}

/** The winner's source on the loser's inbound, if the winning VirtualOutbound renders the same outbound there. */
function winnerOnInbound(winner: Outbound, loser: Source, byResource: Map<object, Source[]> | undefined): Source | undefined {
  const candidates = byResource ? byResource.get(loser.resource) : winner.sources;
  if (!candidates) return undefined;
  for (const s of candidates) if (sameInbound(s, loser)) return s;
  return undefined;
}

/**
 * The parts of one slot. A claim lost on an inbound where the winning VirtualOutbound renders the
 * same outbound lost to priority (or an ambiguous priority); any other lost claim lost to a claim
 * with other tags, which only the processing order decided.
 */
export function slotParts(slot: SlotLosses): Part[] {
  const { winner } = slot;
  if (slot.entry.type === 'host') {
    const byPlace = new Map<string, LostClaim[]>();
    for (const l of slot.losers) push(byPlace, `host-clash|${placeKey(l.source)}`, l);
    return [...byPlace].map(([key, losers]) => ({ key, kind: 'host-clash', slot, losers }));
  }
  const winnerVo = winner.sources[0]!.match?.vo;
  let byResource: Map<object, Source[]> | undefined;
  if (winner.sources.length > 8) {
    byResource = new Map();
    for (const s of winner.sources) push(byResource, s.resource, s);
  }
  // Grouped by loser and keeper objects (and whether their order is ambiguous on the inbound):
  // string keys are made once per group, not once per claim.
  type Group = { ambiguous: boolean; losers: LostClaim[]; winnerMatch: Match };
  const priority = new Map<VirtualOutbound, Map<VirtualOutbound, Group[]>>();
  let across: LostClaim[] | undefined;
  for (const l of slot.losers) {
    const loserMatch = l.source.match;
    const there = loserMatch && winnerVo ? winnerOnInbound(winner, l.source, byResource) : undefined;
    if (loserMatch && there?.match) {
      const ambiguous = isAmbiguous(loserMatch, there.match);
      let perKeeper = priority.get(loserMatch.vo);
      if (!perKeeper) priority.set(loserMatch.vo, (perKeeper = new Map()));
      let groups = perKeeper.get(there.match.vo);
      if (!groups) perKeeper.set(there.match.vo, (groups = []));
      const group = groups.find((g) => g.ambiguous === ambiguous);
      if (group) group.losers.push(l);
      else groups.push({ ambiguous, losers: [l], winnerMatch: there.match });
    } else (across ??= []).push(l);
  }
  const parts: Part[] = [];
  for (const [loserVo, perKeeper] of priority) {
    for (const [keeperVo, groups] of perKeeper) {
      const keys = pairKeys(loserVo, keeperVo);
      for (const g of groups) {
        const side = g.ambiguous ? 2 : 0;
        parts.push({ key: keys[side]!, kind: g.ambiguous ? 'ambiguous-loser' : 'priority-loser', slot, losers: g.losers, winnerMatch: g.winnerMatch });
        parts.push({ key: keys[side + 1]!, kind: g.ambiguous ? 'ambiguous-winner' : 'priority-winner', slot, losers: g.losers, winnerMatch: g.winnerMatch });
      }
    }
  }
  if (across) {
    // On each VirtualOutbound involved, the whole conflict of the hostname:port; on each place, its own lost claims.
    const vos = new Set<VirtualOutbound>();
    if (winnerVo) vos.add(winnerVo);
    const byPlace = new Map<string, LostClaim[]>();
    for (const l of across) {
      if (l.source.match) vos.add(l.source.match.vo);
      push(byPlace, `conflict-inbound|${placeKey(l.source)}`, l);
    }
    for (const vo of vos) parts.push({ key: `conflict-vo|${voKey(vo)}`, kind: 'conflict-vo', slot, losers: across });
    for (const [key, losers] of byPlace) parts.push({ key, kind: 'conflict-inbound', slot, losers });
  }
  return parts;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Slot order of the examples: Kuma's entry order, then the port. */
export function compareParts(a: Part, b: Part): number {
  const x = a.slot;
  const y = b.slot;
  return ENTRY_TYPE_ORDER[x.entry.type] - ENTRY_TYPE_ORDER[y.entry.type] || byteOrder(x.entry.name, y.entry.name) || x.port - y.port;
}

/** Examples shown in a message, and parts kept for related locations. */
const EXAMPLES = 3;

/** The first `n` parts in slot order, without sorting them all. */
export function firstParts(parts: Iterable<Part>, n = MAX_RELATED): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    if (out.length === n && compareParts(p, out[n - 1]!) >= 0) continue;
    let i = out.length;
    while (i > 0 && compareParts(p, out[i - 1]!) < 0) i--;
    out.splice(i, 0, p);
    if (out.length > n) out.pop();
  }
  return out;
}

const hostPort = (p: Part) => `${p.slot.entry.name}:${p.slot.port}`;

/** "a, b, c and 12 more" over the examples, `total` counted. */
function examples(first: readonly Part[], total: number, text: (p: Part) => string = hostPort): string {
  const shown = first.slice(0, EXAMPLES).map(text);
  return total > shown.length ? `${shown.join(', ')} and ${formatCount(total - shown.length)} more` : shown.join(', ');
}

function winnerText(p: Part, loserVo: VirtualOutbound | undefined): string {
  const w = p.slot.winner;
  const ws = w.sources[0]!;
  const vo = ws.match?.vo;
  return `${describeSource(ws)} (${describeTags(w.tags)})${vo && vo !== loserVo ? ` through VirtualOutbound ${vo.name}` : ''}`;
}

function losersText(losers: readonly LostClaim[]): string {
  return listFirst(losers, (l) => `${describeSource(l.source)} (${describeTags(l.tags)})`);
}

/** "a, b, c and 12 more": describes only the first `max` items (lost claims are distinct, so the rest are counted). */
export function listFirst<T>(items: readonly T[], describe: (item: T) => string, max = 3): string {
  const shown = items.slice(0, max).map(describe);
  return items.length > max ? `${shown.join(', ')} and ${formatCount(items.length - max)} more` : shown.join(', ');
}

/** The diagnostic of one finding, from all of its parts (`count` parts in total; `first` in slot order). */
export function writeFinding(first: readonly Part[], count: number, claims: number): EngineDiagnostic {
  const p = first[0]!;
  switch (p.kind) {
    case 'priority-loser':
    case 'ambiguous-loser':
    case 'priority-winner':
    case 'ambiguous-winner':
      return writePriority(first, count, claims);
    case 'conflict-vo':
      return writeConflictOnVo(first, count, claims);
    case 'conflict-inbound':
      return writeConflictOnPlace(first, count, claims);
    case 'host-clash':
      return writeHostClash(first, count, claims);
  }
}

function writePriority(first: readonly Part[], count: number, claims: number): EngineDiagnostic {
  const p = first[0]!;
  const loserMatch = p.losers[0]!.source.match!;
  const winnerMatch = p.winnerMatch!;
  const loser = loserMatch.vo;
  const keeper = winnerMatch.vo;
  const loserSide = p.kind === 'priority-loser' || p.kind === 'ambiguous-loser';
  const ambiguous = p.kind === 'ambiguous-loser' || p.kind === 'ambiguous-winner';
  const at = loserSide ? loser : keeper;
  const other = loserSide ? keeper : loser;
  const hp = hostPort(p);
  const where = listFirst(p.losers, (l) => describeSource(l.source));
  const span = fieldSpan(at, ['conf', 'host']);
  const related: RelatedInfo[] = [
    loserSide
      ? { file: keeper.doc.file, span: fieldSpan(keeper, ['conf', 'host']), message: count === 1 ? `VirtualOutbound ${keeper.name} keeps ${hp}` : `VirtualOutbound ${keeper.name} keeps them` }
      : {
          file: loser.doc.file,
          span: fieldSpan(loser, ['conf', 'host']),
          message: count === 1 ? `VirtualOutbound ${loser.name} ${ambiguous ? 'also renders' : 'loses'} ${hp}` : `VirtualOutbound ${loser.name} loses them`,
        },
  ];
  if (loserSide) {
    for (const q of first) {
      for (const l of q.losers) {
        if (related.length >= MAX_RELATED) break;
        related.push({ ...sourceLocation(l.source), message: count === 1 ? 'the inbound both select' : `both select this inbound for ${hostPort(q)}` });
      }
    }
  }
  const relatedTotal = loserSide ? 1 + claims : 1;
  const rank = describeRank(loserMatch.rank);
  if (ambiguous) {
    const text =
      count === 1
        ? `${hp} is rendered for ${where} by both ${keeper.name} and ${loser.name} with equal selector rank (${rank}) and no creation time that orders them. Mesh Lens assumes name order, so ${keeper.name} keeps it; a live control plane prefers the most recently created one.`
        : `${loserSide ? `Loses ${formatCount(count)} hostname:ports to VirtualOutbound ${other.name}` : `Keeps ${formatCount(count)} hostname:ports over VirtualOutbound ${other.name}`}: equal selector rank (${rank}) and no creation time orders them, so Mesh Lens assumes name order; a live control plane prefers the most recently created one. E.g. ${examples(first, count)}.`;
    return diagnostic(RULES.ambiguousPriority, at.doc.file, span, text, { related, relatedTotal, count: claims });
  }
  if (loserSide) {
    const why = priorityReason(winnerMatch, loserMatch);
    const text =
      count === 1
        ? `${hp} for ${where} is taken by VirtualOutbound ${keeper.name}: ${why}. This VirtualOutbound's outbound there is dropped.`
        : `Loses ${formatCount(count)} hostname:ports to VirtualOutbound ${keeper.name}: ${why}. E.g. ${examples(first, count)}. This VirtualOutbound's outbounds there are dropped.`;
    return diagnostic(RULES.hostnameLostToPriority, at.doc.file, span, text, { related, relatedTotal, count: claims });
  }
  const text =
    count === 1
      ? `Keeps ${hp} for ${where} over VirtualOutbound ${loser.name}, which renders the same hostname:port there with a lower priority.`
      : `Keeps ${formatCount(count)} hostname:ports over VirtualOutbound ${loser.name}, which renders them with a lower priority. E.g. ${examples(first, count)}.`;
  return diagnostic(RULES.hostnameLostToPriority, at.doc.file, span, text, { severity: 'information', related, relatedTotal, count: claims });
}

function conflictRelated(first: readonly Part[]): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  for (const q of first) {
    if (related.length >= MAX_RELATED) break;
    const hp = hostPort(q);
    related.push({ ...sourceLocation(q.slot.winner.sources[0]!), message: `keeps ${hp}` });
    for (const l of q.losers.slice(0, MAX_RELATED - related.length)) related.push({ ...sourceLocation(l.source), message: `loses ${hp}` });
  }
  return related;
}

function writeConflictOnVo(first: readonly Part[], count: number, claims: number): EngineDiagnostic {
  const p = first[0]!;
  const vo = voOfKey(p);
  const hp = hostPort(p);
  const detail = `${winnerText(p, vo)} keeps it, and the ${p.losers.length === 1 ? 'outbound' : 'outbounds'} of ${losersText(p.losers)} ${p.losers.length === 1 ? 'is' : 'are'} dropped`;
  const winner = p.slot.winner.sources[0]!;
  const loser = p.losers[0]!.source;
  const order = claimOrderNote(winner, loser);
  const fix = conflictAdvice(winner, loser);
  const text =
    count === 1
      ? `${hp} is claimed with different tags: ${detail}. ${order} ${fix}`
      : `${formatCount(count)} hostname:ports this VirtualOutbound renders are claimed with different tags (${formatCount(claims)} outbounds dropped). E.g. ${hp}: ${detail}${count > 1 ? `; also ${examples(first.slice(1), count - 1)}` : ''}. ${order} ${fix}`;
  return diagnostic(RULES.hostnameConflict, vo.doc.file, fieldSpan(vo, ['conf', 'host']), text, { related: conflictRelated(first), relatedTotal: count + claims, count: claims });
}

/** The VirtualOutbound a `conflict-vo` part is about: the winner's or a loser's, as its key names it. */
function voOfKey(p: Part): VirtualOutbound {
  const candidates = [p.slot.winner.sources[0]!.match?.vo, ...p.losers.map((l) => l.source.match?.vo)];
  for (const vo of candidates) if (vo && p.key === `conflict-vo|${voKey(vo)}`) return vo;
  throw new Error('conflict part without its VirtualOutbound');
}

function writeConflictOnPlace(first: readonly Part[], count: number, claims: number): EngineDiagnostic {
  const p = first[0]!;
  const l = p.losers[0]!;
  const at = sourceLocation(l.source);
  const what = claimNoun(l.source);
  // A VirtualOutbound renders a claim; a service entry, external-service host or gateway listener claims it directly.
  const verb = l.source.match ? 'rendered' : 'claimed';
  const order = claimOrderNote(p.slot.winner.sources[0]!, l.source);
  const byWhom = (q: Part) => {
    const vos = [...new Set(q.losers.map((x) => x.source.match?.vo.name).filter((n): n is string => !!n))];
    return vos.length ? ` by VirtualOutbound ${listWithMore(vos)}` : '';
  };
  const text =
    claims === 1
      ? `${hostPort(p)} ${verb} for this ${what}${byWhom(p)} is dropped: ${winnerText(p, l.source.match?.vo)} claimed it first with other tags. ${order}`
      : `${formatCount(claims)} outbounds ${verb} for this ${what} on ${formatCount(count)} hostname:port${count === 1 ? '' : 's'} are dropped: claims with other tags came first. E.g. ${hostPort(p)}${byWhom(p)}: ${winnerText(p, l.source.match?.vo)} claimed it first${count > 1 ? `; also ${examples(first.slice(1), count - 1)}` : ''}. ${order}`;
  const related = first.slice(0, MAX_RELATED).map((q) => ({ ...sourceLocation(q.slot.winner.sources[0]!), message: `keeps ${hostPort(q)}` }));
  return diagnostic(RULES.hostnameConflict, at.file, at.span, text, { related, relatedTotal: count, count: claims });
}

function writeHostClash(first: readonly Part[], count: number, claims: number): EngineDiagnostic {
  const p = first[0]!;
  const l = p.losers[0]!;
  const w = p.slot.winner;
  const kumaText = `autogenerated DNS entry ${hostPort(p)} from ${l.origin} conflicts with existing entry ${w.origin}`;
  const hint =
    "there are two external services with the same 'networking.address' or two headless services, to disable automatic DNS generation in external services set 'networking.disableHostDNSEntry=true' in at least one of these externalService";
  const at = sourceLocation(l.source);
  const more = count > 1 ? ` (${formatCount(count - 1)} more host entr${count === 2 ? 'y' : 'ies'} of this service conflict too: ${examples(first.slice(1), count - 1)})` : '';
  const related = first.slice(0, MAX_RELATED).map((q) => {
    const r = q.slot.winner.sources[0]!.resource;
    return { ...sourceLocation(q.slot.winner.sources[0]!), message: `${r.kind === 'ExternalService' ? 'external service' : 'resource'} ${r.name} keeps ${hostPort(q)}` };
  });
  return diagnostic(RULES.externalServiceHostClash, at.file, at.span, `${kumaText}: ${hint}${more}`, { related, relatedTotal: count, count: claims });
}

/** Findings in a stable order, whatever order their parts came in. */
export function compareFindingKeys(a: string, b: string): number {
  return byteOrder(a, b);
}

/** Writes every finding of `byKey` (parts per finding key), in key order. */
export function writeFindings(byKey: ReadonlyMap<string, readonly Part[]>): EngineDiagnostic[] {
  const keys = [...byKey.keys()].sort(compareFindingKeys);
  return keys.map((k) => {
    const parts = byKey.get(k)!;
    let claims = 0;
    for (const p of parts) claims += p.losers.length;
    return writeFinding(firstParts(parts), parts.length, claims);
  });
}
