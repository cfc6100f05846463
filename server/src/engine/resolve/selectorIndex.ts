// The VirtualOutbounds of a mesh indexed by one condition of each selector, so that matching a tag
// set checks only the selectors that can match it instead of every selector of every
// VirtualOutbound. A selector is filed under one exact `key: value` it requires (else under a key
// it requires with "*"); a tag set then looks up each of its own tags. The candidates are checked
// as `bestRank` checks them, and the result is exactly `matchVirtualOutbounds(vos, tags)`.
import { Tags, VirtualOutbound } from '../resources/model';
import { comparePriority, compareRank, Match, matchOf, Rank, selectorRank } from './match';

interface Filed {
  /** Position of the VirtualOutbound in the list: ties of the priority order keep list order. */
  readonly at: number;
  readonly vo: VirtualOutbound;
  readonly selectorIndex: number;
  readonly match: Tags;
}

/**
 * The condition a selector is filed under: its first exact `key: value`, else its first key with
 * "*"; every tag set the selector matches has it. None for a selector without conditions.
 */
export function anchorOf(match: Tags): { key: string; value?: string } | undefined {
  let wildcardKey: string | undefined;
  for (const key in match) {
    const want = match[key]!;
    if (want !== '*') return { key, value: want };
    wildcardKey ??= key;
  }
  return wildcardKey === undefined ? undefined : { key: wildcardKey };
}

export class SelectorIndex {
  private readonly exact = new Map<string, Map<string, Filed[]>>();
  private readonly present = new Map<string, Filed[]>();

  constructor(readonly vos: readonly VirtualOutbound[]) {
    vos.forEach((vo, at) => {
      vo.selectors.forEach((selector, selectorIndex) => {
        const anchor = anchorOf(selector.match);
        // A selector with no condition never matches (bestRank): it is not filed.
        if (!anchor) return;
        const filed: Filed = { at, vo, selectorIndex, match: selector.match };
        if (anchor.value === undefined) {
          const list = this.present.get(anchor.key);
          if (list) list.push(filed);
          else this.present.set(anchor.key, [filed]);
          return;
        }
        let byValue = this.exact.get(anchor.key);
        if (!byValue) this.exact.set(anchor.key, (byValue = new Map()));
        const list = byValue.get(anchor.value);
        if (list) list.push(filed);
        else byValue.set(anchor.value, [filed]);
      });
    });
  }

  /** The matching VirtualOutbounds in priority order, as `matchVirtualOutbounds(this.vos, tags)`. */
  match(tags: Tags): Match[] {
    let found: { filed: Filed; rank: Rank }[] | undefined;
    const check = (list: readonly Filed[] | undefined) => {
      if (!list) return;
      for (const filed of list) {
        const rank = selectorRank(filed.match, tags);
        if (rank) (found ??= []).push({ filed, rank });
      }
    };
    for (const key in tags) {
      if (!Object.prototype.hasOwnProperty.call(tags, key)) continue;
      const byValue = this.exact.get(key);
      if (byValue) check(byValue.get(tags[key]!));
      check(this.present.get(key));
    }
    if (!found) return [];
    // Per VirtualOutbound, the best rank; between equal ranks the first selector (bestRank).
    found.sort((a, b) => a.filed.at - b.filed.at || a.filed.selectorIndex - b.filed.selectorIndex);
    const matches: Match[] = [];
    for (let i = 0; i < found.length;) {
      let best = found[i]!;
      let j = i + 1;
      for (; j < found.length && found[j]!.filed.at === best.filed.at; j++) if (compareRank(found[j]!.rank, best.rank) > 0) best = found[j]!;
      matches.push(matchOf(best.filed.vo, { rank: best.rank, selectorIndex: best.filed.selectorIndex }));
      i = j;
    }
    return matches.length > 1 ? matches.sort(comparePriority) : matches;
  }
}
