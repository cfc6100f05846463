// Kuma's VirtualOutbound selector matching (pkg/dns/virtual_outbound_selector.go): per tag set,
// each VirtualOutbound takes the best rank among its matching selectors; all matching ones apply,
// in priority order: rank descending (total tags first, exact tags second), then newest first.
import { Tags, VirtualOutbound } from '../resources/model';

export interface Rank {
  readonly exact: number;
  readonly wildcard: number;
}

export interface Match {
  readonly vo: VirtualOutbound;
  readonly rank: Rank;
  readonly selectorIndex: number;
}

export function compareRank(a: Rank, b: Rank): number {
  const total = a.exact + a.wildcard - (b.exact + b.wildcard);
  return total !== 0 ? total : a.exact - b.exact;
}

export function bestRank(vo: VirtualOutbound, tags: Tags): { rank: Rank; selectorIndex: number } | undefined {
  let best: { rank: Rank; selectorIndex: number } | undefined;
  vo.selectors.forEach((selector, selectorIndex) => {
    const rank = selectorRank(selector.match, tags);
    if (rank && (!best || compareRank(rank, best.rank) > 0)) best = { rank, selectorIndex };
  });
  // An empty selector never matches.
  return best && best.rank.exact + best.rank.wildcard > 0 ? best : undefined;
}

const RANKS = new Map<number, Rank>();

/** One shared object per rank: there is a rank for every inbound a VirtualOutbound matches. */
function rankOf(exact: number, wildcard: number): Rank {
  const key = exact * 65536 + wildcard;
  let r = RANKS.get(key);
  if (!r) RANKS.set(key, (r = Object.freeze({ exact, wildcard })));
  return r;
}

export function selectorRank(match: Tags, tags: Tags): Rank | undefined {
  let exact = 0;
  let wildcard = 0;
  for (const key in match) {
    if (!Object.prototype.hasOwnProperty.call(tags, key)) return undefined;
    const want = match[key];
    if (want === '*') wildcard++;
    else if (want === tags[key]) exact++;
    else return undefined;
  }
  return rankOf(exact, wildcard);
}

/**
 * Priority order between two matches of one tag set. Equal rank: the newest creation time first;
 * without a difference in time, name order (the Universal store order) decides.
 */
export function comparePriority(a: Match, b: Match): number {
  const byRank = compareRank(b.rank, a.rank);
  if (byRank !== 0) return byRank;
  const ta = a.vo.creationTime;
  const tb = b.vo.creationTime;
  if (ta !== undefined && tb !== undefined && ta !== tb) return tb - ta;
  return a.vo.name < b.vo.name ? -1 : a.vo.name > b.vo.name ? 1 : 0;
}

/** True when the order of two equal-rank matches rests on name order, not on creation times. */
export function isAmbiguous(a: Match, b: Match): boolean {
  if (compareRank(a.rank, b.rank) !== 0) return false;
  const ta = a.vo.creationTime;
  const tb = b.vo.creationTime;
  return ta === undefined || tb === undefined || ta === tb;
}

const MATCHES = new WeakMap<VirtualOutbound, Map<number, Match>>();

/** The match of `vo` with this rank through this selector: one shared object for all the inbounds it fits. */
export function matchOf(vo: VirtualOutbound, best: { rank: Rank; selectorIndex: number }): Match {
  let perVo = MATCHES.get(vo);
  if (!perVo) MATCHES.set(vo, (perVo = new Map()));
  // Ranks count a selector's conditions: far below 65536, as `rankOf` has it.
  const key = (best.selectorIndex * 65536 + best.rank.exact) * 65536 + best.rank.wildcard;
  let m = perVo.get(key);
  // A twin that took over the claims of `vo` also took over its matches (see IncrementalMeshView).
  if (!m || m.vo !== vo) perVo.set(key, (m = { vo, rank: best.rank, selectorIndex: best.selectorIndex }));
  return m;
}

/** A twin of `old` (the same VirtualOutbound read again) takes over its match objects and the claims that hold them. */
export function adoptMatches(old: VirtualOutbound, twin: VirtualOutbound): void {
  const perOld = MATCHES.get(old);
  if (!perOld) return;
  let perTwin = MATCHES.get(twin);
  if (!perTwin) MATCHES.set(twin, (perTwin = new Map()));
  for (const [key, m] of perOld) {
    if (m.vo !== old) continue;
    (m as { vo: VirtualOutbound }).vo = twin;
    // The adopted object is the one live claims hold: it must follow the twin's own twin later.
    perTwin.set(key, m);
  }
}

export function matchVirtualOutbounds(vos: readonly VirtualOutbound[], tags: Tags): Match[] {
  const matches: Match[] = [];
  for (const vo of vos) {
    const best = bestRank(vo, tags);
    if (best) matches.push(matchOf(vo, best));
  }
  return matches.sort(comparePriority);
}
