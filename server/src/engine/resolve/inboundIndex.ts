// The inbounds of a mesh by tag, for the conditions VirtualOutbound selectors are filed under
// (`anchorOf`): a VirtualOutbound added or removed by an edit is then checked against the inbounds
// that can match it, not against every inbound of the mesh. A key is indexed when an edit first
// needs it and kept up to date from then on; a cold build indexes nothing.
import { VirtualOutbound } from '../resources/model';
import type { InboundState } from './claims';
import { anchorOf } from './selectorIndex';

export class InboundIndex {
  private readonly byKey = new Map<string, Map<string, Set<InboundState>>>();

  add(ib: InboundState): void {
    if (this.byKey.size === 0) return;
    for (const [key, byValue] of this.byKey) {
      if (!Object.prototype.hasOwnProperty.call(ib.tags, key)) continue;
      const value = ib.tags[key]!;
      const set = byValue.get(value);
      if (set) set.add(ib);
      else byValue.set(value, new Set([ib]));
    }
  }

  remove(ib: InboundState): void {
    if (this.byKey.size === 0) return;
    for (const [key, byValue] of this.byKey) {
      if (!Object.prototype.hasOwnProperty.call(ib.tags, key)) continue;
      const value = ib.tags[key]!;
      const set = byValue.get(value);
      if (set?.delete(ib) && set.size === 0) byValue.delete(value);
    }
  }

  /** Adds to `out` every inbound that has the condition of one of the VirtualOutbound's selectors. */
  candidates(vo: VirtualOutbound, all: () => Iterable<InboundState>, out: Set<InboundState>): void {
    for (const selector of vo.selectors) {
      const anchor = anchorOf(selector.match);
      if (!anchor) continue;
      const byValue = this.indexed(anchor.key, all);
      if (anchor.value !== undefined) {
        for (const ib of byValue.get(anchor.value) ?? []) out.add(ib);
      } else for (const set of byValue.values()) for (const ib of set) out.add(ib);
    }
  }

  private indexed(key: string, all: () => Iterable<InboundState>): Map<string, Set<InboundState>> {
    let byValue = this.byKey.get(key);
    if (!byValue) {
      byValue = new Map();
      for (const ib of all()) {
        if (!Object.prototype.hasOwnProperty.call(ib.tags, key)) continue;
        const value = ib.tags[key]!;
        const set = byValue.get(value);
        if (set) set.add(ib);
        else byValue.set(value, new Set([ib]));
      }
      this.byKey.set(key, byValue);
    }
    return byValue;
  }
}
