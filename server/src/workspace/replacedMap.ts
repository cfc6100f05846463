// A read-only map made of an earlier map with a few values replaced, without copying it: after an
// edit, a snapshot's 2,000 files differ from the last snapshot's in one. The earlier map is never
// changed, so every snapshot keeps its own picture; the replacements are merged into a plain map
// again once they are many.

/**
 * Replacements kept apart from the base before the map is copied whole. The base keeps the value
 * each replaced key had (for a file table, the edited file's earlier analysis), so this also bounds
 * what is held twice.
 */
const COPY_AT = 16;

class ReplacedMap<K, V> implements ReadonlyMap<K, V> {
  constructor(
    readonly base: ReadonlyMap<K, V>,
    readonly replaced: ReadonlyMap<K, V>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    return this.replaced.has(key) ? this.replaced.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) yield [k, this.replaced.has(k) ? this.replaced.get(k)! : v];
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *values(): MapIterator<V> {
    for (const [k, v] of this.base) yield this.replaced.has(k) ? this.replaced.get(k)! : v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/**
 * `map` with the values of `replacements` in place of its own, in its order. Every key of
 * `replacements` must be a key of `map`: a key that comes or goes needs a new map.
 */
export function withReplaced<K, V>(map: ReadonlyMap<K, V>, replacements: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  if (replacements.size === 0) return map;
  const base = map instanceof ReplacedMap ? (map.base as ReadonlyMap<K, V>) : map;
  const replaced = map instanceof ReplacedMap ? new Map(map.replaced as ReadonlyMap<K, V>) : new Map<K, V>();
  for (const [k, v] of replacements) {
    if (!base.has(k)) throw new Error('withReplaced: a replacement for a key the map does not hold');
    replaced.set(k, v);
  }
  if (replaced.size < COPY_AT) return new ReplacedMap(base, replaced);
  const copy = new Map(base);
  for (const [k, v] of replaced) copy.set(k, v);
  return copy;
}
