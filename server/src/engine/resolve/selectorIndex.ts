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

  /** Candidates of the current `match`, reused between calls: one claim per inbound and match is made, nothing else. */
  private readonly foundFiled: Filed[] = [];
  private readonly foundRank: Rank[] = [];

  /** The matching VirtualOutbounds in priority order, as `matchVirtualOutbounds(this.vos, tags)`. */
  match(tags: Tags): Match[] {
    let n = 0;
    for (const key in tags) {
      if (!Object.prototype.hasOwnProperty.call(tags, key)) continue;
      const exact = this.exact.get(key)?.get(tags[key]!);
      if (exact) n = this.check(exact, tags, n);
      const present = this.present.get(key);
      if (present) n = this.check(present, tags, n);
    }
    if (n === 0) return [];
    const filed = this.foundFiled;
    const ranks = this.foundRank;
    // In list order, and per VirtualOutbound in selector order (all distinct): a few, sorted in place.
    for (let i = 1; i < n; i++) {
      const f = filed[i]!;
      const r = ranks[i]!;
      let j = i - 1;
      for (; j >= 0 && (filed[j]!.at > f.at || (filed[j]!.at === f.at && filed[j]!.selectorIndex > f.selectorIndex)); j--) {
        filed[j + 1] = filed[j]!;
        ranks[j + 1] = ranks[j]!;
      }
      filed[j + 1] = f;
      ranks[j + 1] = r;
    }
    // Per VirtualOutbound, the best rank; between equal ranks the first selector (bestRank).
    const matches: Match[] = [];
    for (let i = 0; i < n;) {
      let best = i;
      let j = i + 1;
      for (; j < n && filed[j]!.at === filed[i]!.at; j++) if (compareRank(ranks[j]!, ranks[best]!) > 0) best = j;
      matches.push(matchOf(filed[best]!.vo, { rank: ranks[best]!, selectorIndex: filed[best]!.selectorIndex }));
      i = j;
    }
    // The engine's own sort, on the same list order: the priority order is not transitive (a
    // creation time decides between two VirtualOutbounds only when both have one), so another
    // algorithm could order three of them differently.
    return matches.length > 1 ? matches.sort(comparePriority) : matches;
  }

  private check(list: readonly Filed[], tags: Tags, n: number): number {
    for (const filed of list) {
      const rank = selectorRank(filed.match, tags);
      if (rank) {
        this.foundFiled[n] = filed;
        this.foundRank[n] = rank;
        n++;
      }
    }
    return n;
  }
}
