// The CLI's JSON is written in pieces: the pieces put together are exactly JSON.stringify's text
// (two-space indent), and a large report is more than one piece.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonChunks } from '../../server/src/report/jsonChunks';
import { fcOptions } from '../helpers/arbitraries';

const joined = (v: unknown) => [...jsonChunks(v)].join('');
const stringified = (v: unknown) => JSON.stringify(v, null, 2) ?? 'null';

// Values JSON.stringify treats specially: undefined and functions left out of objects, null in arrays.
const odd = fc.constantFrom<unknown>(undefined, () => 1, Symbol('s'), new Date(0), '', 'a\nb "c" \u2028', -0, 1e21);
const value = fc.oneof(fc.jsonValue(), odd);
const large = fc.record({
  meshes: fc.array(fc.record({ name: fc.string(), entries: fc.array(value, { minLength: 100, maxLength: 300 }) }), { minLength: 1, maxLength: 3 }),
  nested: fc.array(fc.array(value, { minLength: 50, maxLength: 120 }), { minLength: 3, maxLength: 6 }),
  dropped: odd,
  empty: fc.constantFrom([], {}),
});

describe('JSON in pieces', () => {
  it('gives JSON.stringify(value, null, 2) for small values', () => {
    fc.assert(
      fc.property(value, (v) => joined(v) === stringified(v)),
      fcOptions(300),
    );
  });

  it('gives the same text for large values, taken apart into many pieces', () => {
    fc.assert(
      fc.property(large, (v) => {
        const pieces = [...jsonChunks(v)];
        assert.equal(pieces.join(''), stringified(v));
        assert.ok(pieces.length > 100, `${pieces.length} pieces`);
      }),
      fcOptions(30),
    );
  });

  it('writes the entries of a large array one by one, each whole, at its indentation', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({ name: `svc-${i}`, ports: [80, 443] }));
    const pieces = [...jsonChunks({ entries })];
    assert.ok(pieces.includes('{\n      "name": "svc-7",\n      "ports": [\n        80,\n        443\n      ]\n    }'), pieces.slice(0, 5).join('|'));
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 100);
  });
});
