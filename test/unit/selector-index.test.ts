// The selector index must give exactly what checking every selector of every VirtualOutbound gives
// (`matchVirtualOutbounds`): the same VirtualOutbounds, ranks, selectors and priority order, for
// selectors with several conditions, wildcards only, no condition at all, several selectors of one
// VirtualOutbound that match with different ranks, equal ranks, creation times and look-alike names.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Tags, VirtualOutbound } from '../../server/src/engine/resources/model';
import { Match, matchVirtualOutbounds } from '../../server/src/engine/resolve/match';
import { SelectorIndex } from '../../server/src/engine/resolve/selectorIndex';
import { fcOptions } from '../helpers/arbitraries';

const KEYS = ['kuma.io/service', 'version', 'team', 'kuma.io/zone'];
const VALUES = ['a', 'b', 'c'];

const tagsArb: fc.Arbitrary<Tags> = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 });
const matchArb: fc.Arbitrary<Tags> = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES, '*', '*'), { maxKeys: 3 });

const voArb = fc.record({
  name: fc.constantFrom('vo-a', 'vo-b', 'vo-c', 'vo-d'),
  creationTime: fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
  selectors: fc.array(
    matchArb.map((match) => ({ match })),
    { minLength: 1, maxLength: 3 },
  ),
});

const plain = (ms: readonly Match[]) => ms.map((m) => ({ vo: m.vo, rank: { ...m.rank }, selectorIndex: m.selectorIndex }));

describe('selector index', () => {
  it('matches as checking every selector does', () => {
    fc.assert(
      fc.property(fc.array(voArb, { maxLength: 8 }), fc.array(tagsArb, { minLength: 1, maxLength: 6 }), (specs, tagSets) => {
        const vos = specs.map((s) => ({ kind: 'VirtualOutbound', mesh: 'default', valid: true, ...s }) as unknown as VirtualOutbound);
        const index = new SelectorIndex(vos);
        for (const tags of tagSets) assert.deepEqual(plain(index.match(tags)), plain(matchVirtualOutbounds(vos, tags)), JSON.stringify(tags));
      }),
      fcOptions(400, { seedOffset: 71 }),
    );
  });

  it('finds a VirtualOutbound through its second selector when the first does not fit', () => {
    const vo = { kind: 'VirtualOutbound', name: 'two', mesh: 'default', valid: true, selectors: [{ match: { team: 'x' } }, { match: { version: '*' } }] } as unknown as VirtualOutbound;
    const matches = new SelectorIndex([vo]).match({ 'kuma.io/service': 'api', version: 'v1' });
    assert.deepEqual(plain(matches), [{ vo, rank: { exact: 0, wildcard: 1 }, selectorIndex: 1 }]);
  });
});

describe('selector index, many matches', () => {
  it('orders more than a few matches of one inbound as checking every selector does', () => {
    const vos = Array.from(
      { length: 24 },
      (_, i) =>
        ({
          kind: 'VirtualOutbound',
          name: `vo-${i % 5}`,
          mesh: 'default',
          valid: true,
          creationTime: i % 3 === 0 ? undefined : i % 4,
          selectors: [{ match: i % 2 ? { 'kuma.io/service': '*' } : { 'kuma.io/service': 'api', version: '*' } }],
        }) as unknown as VirtualOutbound,
    );
    const tags = { 'kuma.io/service': 'api', version: 'v1' };
    assert.deepEqual(plain(new SelectorIndex(vos).match(tags)), plain(matchVirtualOutbounds(vos, tags)));
  });

  it('orders three equal ranks, two with a creation time and one without, as the scan does', () => {
    const vo = (name: string, creationTime?: number) =>
      ({ kind: 'VirtualOutbound', name, mesh: 'default', valid: true, creationTime, selectors: [{ match: { 'kuma.io/service': '*' } }] }) as unknown as VirtualOutbound;
    const narrow = { ...vo('narrow'), selectors: [{ match: { version: 'v1' } }] } as VirtualOutbound;
    const vos = [vo('broad'), narrow, vo('aaa-old', 1), vo('zzz-new', 2)];
    const tags = { 'kuma.io/service': 'backend', version: 'v1' };
    assert.deepEqual(plain(new SelectorIndex(vos).match(tags)), plain(matchVirtualOutbounds(vos, tags)));
  });
});
