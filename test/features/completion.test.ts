import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';
import { DATAPLANES } from '../helpers/lspFixtures';

const ls = getLanguageService();

const labels = (fixture: string) => {
  const f = loadFixture(fixture);
  return ls.doComplete(f.snapshot, f.uri, f.position).items.map((i) => i.label);
};

describe('completion', () => {
  describe('a tag key with more values than a list carries', () => {
    // 250 services: svc-000 … svc-249, one Dataplane each.
    const names = Array.from({ length: 250 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    const dataplanes = names
      .map(
        (n, i) =>
          `type: Dataplane\nmesh: default\nname: ${n}\nnetworking:\n  address: 10.0.${Math.floor(i / 200)}.${i % 200}\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: ${n}\n`,
      )
      .join('---\n');
    const complete = (typed: string) => {
      const f = loadFixture(`//- dps.yaml\n${dataplanes}\n//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nselectors:\n  - match:\n      kuma.io/service: ${typed}$0\n`);
      return ls.doComplete(f.snapshot, f.uri, f.position);
    };
    it('sends the first 200 values and "*", and says the list is incomplete', () => {
      const list = complete('');
      assert.equal(list.isIncomplete, true);
      assert.deepEqual(
        list.items.map((i) => i.label),
        ['"*"', ...names.slice(0, 200)],
      );
    });
    it('sends the values that hold what is typed, in order, as a subsequence', () => {
      assert.deepEqual(
        complete('svc-24').items.map((i) => i.label),
        ['"*"', 'svc-024', 'svc-124', 'svc-204', 'svc-214', 'svc-224', 'svc-234', 'svc-240', 'svc-241', 'svc-242', 'svc-243', 'svc-244', 'svc-245', 'svc-246', 'svc-247', 'svc-248', 'svc-249'],
      );
      assert.equal(
        complete('"S249')
          .items.map((i) => i.label)
          .join(),
        '"*",svc-249',
      );
      assert.equal(complete('svc-24').isIncomplete, true);
    });
  });
  it('offers the workspace tag keys in a selector', () => {
    const l = labels(`${DATAPLANES}\n//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nselectors:\n  - match:\n      $0\n`);
    assert.deepEqual(l.sort(), ['kuma.io/service', 'version']);
  });
  it('offers tag values and "*" where a selector value goes', () => {
    const l = labels(`${DATAPLANES}\n//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nselectors:\n  - match:\n      version: $0\n`);
    assert.deepEqual(l, ['"*"', 'v1', 'v2']);
  });
  it('places the same value texts at the range of each request on one snapshot', () => {
    const f = loadFixture(`${DATAPLANES}\n//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nselectors:\n  - match:\n      version: v$0\n`);
    const typed = ls.doComplete(f.snapshot, f.uri, f.position).items;
    const before = ls.doComplete(f.snapshot, f.uri, { line: f.position.line, character: f.position.character - 1 }).items;
    const edit = (i: { textEdit?: unknown }) => i.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
    assert.deepEqual(
      typed.map((i) => i.label),
      ['"*"', 'v1', 'v2'],
    );
    assert.deepEqual(
      before.map((i) => i.label),
      ['"*"', 'v1', 'v2'],
    );
    for (const i of typed.slice(1)) assert.deepEqual([edit(i).range.start.character, edit(i).range.end.character], [f.position.character - 1, f.position.character]);
    for (const i of before.slice(1)) assert.deepEqual([edit(i).range.start.character, edit(i).range.end.character], [f.position.character - 1, f.position.character - 1]);
    assert.deepEqual(
      typed.map((i) => i.documentation),
      before.map((i) => i.documentation),
    );
    assert.match((typed[1]!.documentation as { value: string }).value, /^\d+ inbound\(s\) carry `version: v1`$/);
  });
  it('offers parameter names after {{.', () => {
    const l = labels(
      `//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nconf:\n  host: "{{.$0}}"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: inst\n`,
    );
    assert.deepEqual(l, ['svc', 'inst']);
  });
  it('offers mesh names, kinds and fields of the Kubernetes form under spec', () => {
    assert.ok(labels(`${DATAPLANES}\n//- m.yaml\ntype: Dataplane\nmesh: $0\n`).includes('default'));
    assert.deepEqual(labels(`//- m.yaml\ntype: $0\n`).sort(), ['Dataplane', 'ExternalService', 'Mesh', 'MeshGateway', 'VirtualOutbound', 'ZoneIngress']);
    const spec = labels(`//- k.yaml\napiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nspec:\n  $0\n`);
    assert.deepEqual(spec.sort(), ['conf', 'selectors']);
  });
});
