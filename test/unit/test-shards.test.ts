// The test runner's shards: every file runs exactly once, and the slow files are spread out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shardOf, testFiles } from '../all';

describe('test shards', () => {
  it('puts every test file in exactly one shard', () => {
    const files = testFiles();
    const shards = shardOf(files, { 'hostile/cli.test.ts': 12_000 }, 2);
    assert.deepEqual(shards.flat().sort(), [...files].sort());
    assert.equal(new Set(shards.flat()).size, files.length);
  });

  it('deals the slowest files first, each to the shard with the least time so far', () => {
    // a (10) and b (9) go apart, c evens b's shard to 10, d goes to the first of two equal shards.
    assert.deepEqual(shardOf(['a', 'b', 'c', 'd'], { a: 10, b: 9, c: 1, d: 1 }, 2), [
      ['a', 'd'],
      ['b', 'c'],
    ]);
  });

  it('counts a file it has no duration for as the median', () => {
    // Median of [2, 4] is 4: z weighs as much as x, so they go apart, and y joins the first.
    assert.deepEqual(shardOf(['x', 'y', 'z'], { x: 4, y: 2 }, 2), [['x', 'y'], ['z']]);
  });
});
