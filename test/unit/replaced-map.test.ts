// A map with a few values replaced reads like a copy of the map with those values set, in the
// map's order, and leaves every earlier map as it was.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { withReplaced } from '../../server/src/workspace/replacedMap';
import { fcOptions } from '../helpers/arbitraries';

const everything = <K, V>(m: ReadonlyMap<K, V>) => {
  const each: [K, V][] = [];
  m.forEach((v, k) => each.push([k, v]));
  return { size: m.size, entries: [...m], keys: [...m.keys()], values: [...m.values()], iterated: [...m.entries()], each };
};

describe('withReplaced', () => {
  it('after any sequence of replacements, every map reads as a copy with the values set, and earlier maps are unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.array(fc.tuple(fc.nat(), fc.integer()), { maxLength: 300 }), { minLength: 1, maxLength: 6 }), (size, rounds) => {
        const start = new Map(Array.from({ length: size }, (_, i) => [`k${size - 1 - i}`, -i]));
        const maps: ReadonlyMap<string, number>[] = [start];
        const copies: Map<string, number>[] = [new Map(start)];
        for (const round of rounds) {
          const replacements = new Map(round.map(([k, v]) => [`k${k % size}`, v]));
          maps.push(withReplaced(maps[maps.length - 1]!, replacements));
          const copy = new Map(copies[copies.length - 1]!);
          for (const [k, v] of replacements) copy.set(k, v);
          copies.push(copy);
        }
        maps.forEach((m, i) => {
          assert.deepEqual(everything(m), everything(copies[i]!));
          for (const k of ['k0', `k${size - 1}`, 'absent']) {
            assert.equal(m.get(k), copies[i]!.get(k));
            assert.equal(m.has(k), copies[i]!.has(k));
          }
        });
      }),
      fcOptions(100, { seedOffset: 61 }),
    );
  });

  it('refuses a key the map does not hold', () => {
    assert.throws(() => withReplaced(new Map([['a', 1]]), new Map([['b', 2]])), /does not hold/);
  });

  it('returns the map itself when nothing is replaced', () => {
    const m = new Map([['a', 1]]);
    assert.equal(withReplaced(m, new Map()), m);
  });
});
