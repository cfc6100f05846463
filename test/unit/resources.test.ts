import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { Dataplane, VirtualOutbound } from '../../server/src/engine/resources/model';
import { parseVipJson } from '../../server/src/engine/resources/vipConfig';
import { arr, decode, DecodeProblem, map, obj, str, uint } from '../../server/src/engine/resources/schema';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

const vo = (body: string) => `type: VirtualOutbound\nmesh: default\nname: x\n${body}`;

describe('resource recognition', () => {
  it('reads the Universal and the Kubernetes form into one model', () => {
    const u = analyzeFile('u.yaml', vo('selectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: a.mesh\n  port: "80"\n  parameters:\n    - name: s\n      tagKey: kuma.io/service\n'));
    const k = analyzeFile(
      'k.yaml',
      'apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: payments\nmetadata:\n  name: x\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: a.mesh\n    port: "80"\n    parameters:\n      - name: s\n        tagKey: kuma.io/service\n',
    );
    const a = u.resources[0] as VirtualOutbound;
    const b = k.resources[0] as VirtualOutbound;
    assert.equal(a.form, 'universal');
    assert.equal(b.form, 'kubernetes');
    assert.equal(b.mesh, 'payments');
    assert.deepEqual(a.conf, b.conf);
    assert.deepEqual(a.selectors, b.selectors);
    assert.equal(a.valid, true);
    assert.equal(b.valid, true);
  });

  it('gives a namespaced Kubernetes Dataplane its core name <name>.<namespace>', () => {
    const k = analyzeFile(
      'k.yaml',
      'apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: kafka-0\n  namespace: kafka\nspec:\n  networking:\n    address: 10.0.0.1\n    inbound:\n      - port: 9092\n        tags:\n          kuma.io/service: kafka\n',
    );
    assert.equal(k.resources[0]!.name, 'kafka-0.kafka');
  });

  it('leaves other YAML alone, broken or not', () => {
    for (const text of [
      'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
      'services:\n  web:\n    image: nginx\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  config: "{"\n',
      '{{- if .Values.enabled }}\nkind: Service\n  bad: [\n{{- end }}\n',
      'type: Something\nname: x\n',
    ]) {
      const a = analyzeFile('other.yaml', text);
      assert.deepEqual(a.diagnostics, [], text);
      assert.deepEqual(a.resources, [], text);
    }
  });

  it('still reads the document after one with a syntax error', () => {
    const a = analyzeFile('x.yaml', 'type: Dataplane\nmesh: default\nname: a\nnetworking: [\n---\ntype: Mesh\nname: default\n');
    // The diagnostic: test/diagnostics/yaml-syntax.next-document.yaml.
    assert.deepEqual(
      a.resources.map((r) => r.kind),
      ['Mesh'],
    );
  });

  it('rejects a resource with a number where Kuma expects a string', () => {
    const a = analyzeFile(
      'x.yaml',
      vo('selectors:\n  - match:\n      kuma.io/service: "*"\n      instance: 1\nconf:\n  host: a.mesh\n  port: 80\n  parameters:\n    - name: s\n      tagKey: kuma.io/service\n'),
    );
    // The diagnostics: test/diagnostics/wrong-type.selector-value.yaml.
    assert.equal(a.resources[0]!.rejected, true);
  });

  it('does not reject a resource for unknown fields, which Kuma ignores', () => {
    const a = analyzeFile('x.yaml', vo('spec:\n  selectors: []\n'));
    // The diagnostics: test/diagnostics/unknown-field.spec-wrapper.yaml.
    assert.equal(a.resources[0]!.rejected, false);
  });

  it('reads inbounds, gateways and transparent proxying of a Dataplane', () => {
    const a = analyzeFile(
      'x.yaml',
      'type: Dataplane\nmesh: default\nname: a\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n      tags: {kuma.io/service: a, version: v1}\n    - port: "81"\n      tags: {kuma.io/service: b}\n  transparentProxying:\n    redirectPortInbound: 15006\n    redirectPortOutbound: 15001\n    reachableServices: [b]\n',
    );
    const dp = a.resources[0] as Dataplane;
    assert.deepEqual(
      dp.inbounds.map((i) => [i.port, i.tags['kuma.io/service']]),
      [
        [80, 'a'],
        [81, 'b'],
      ],
    );
    assert.equal(dp.transparentProxying, true);
    assert.deepEqual(dp.reachableServices, ['b']);
    assert.deepEqual(a.diagnostics, []);
  });
});

describe('schema decoding', () => {
  it("gives each problem its own path, at every depth, and leaves the caller's path as it was", () => {
    const text = 'a:\n  - x: 1\n    w: [1]\n  - x: ok\n    z: 2\nb:\n  k: {}\nc: true\nd: -1\n';
    const schema = obj({ a: arr(obj({ x: str, w: str })), b: map(str), c: str, d: uint });
    for (const reader of ['block', 'composed'] as const) {
      const root = parseYamlFile('a.yaml', text, reader).documents[0]!.tree().contents;
      const problems: DecodeProblem[] = [];
      const path = ['spec'];
      const value = decode(root, schema, path, problems);
      assert.deepEqual(path, ['spec'], reader);
      assert.deepEqual(
        problems.map((p) => [p.kind, p.path]),
        [
          ['wrong-type', ['spec', 'a', 0, 'x']],
          ['wrong-type', ['spec', 'a', 0, 'w']],
          ['unknown-field', ['spec', 'a', 1, 'z']],
          ['wrong-type', ['spec', 'b', 'k']],
          ['wrong-type', ['spec', 'c']],
          ['wrong-type', ['spec', 'd']],
        ],
        reader,
      );
      assert.equal(new Set(problems.map((p) => p.path)).size, problems.length, reader);
      assert.deepEqual(JSON.parse(JSON.stringify(value)), { a: [{ x: '1', w: '' }, { x: 'ok' }], b: { k: '' }, c: 'true', d: null }, reader);
    }
  });
});

describe('YAML aliases and merge keys, expanded as Kuma does', () => {
  it('follows an alias for tags and a merge key for an inbound', () => {
    const a = analyzeFile(
      'x.yaml',
      'type: Dataplane\nmesh: default\nname: a\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - &base\n      port: 80\n      tags: &tags\n        kuma.io/service: a\n        version: v1\n    - <<: *base\n      port: 81\n      tags: *tags\n',
    );
    assert.deepEqual(a.diagnostics, []);
    const dp = a.resources[0] as Dataplane;
    assert.deepEqual(
      dp.inbounds.map((i) => [i.port, { ...i.tags }]),
      [
        [80, { 'kuma.io/service': 'a', version: 'v1' }],
        [81, { 'kuma.io/service': 'a', version: 'v1' }],
      ],
    );
  });
});

describe('persisted VIP configs', () => {
  const problems: string[] = [];
  const report = (m: string) => problems.push(m);
  it('reads the current format', () => {
    const entries = parseVipJson('{"0:backend":{"address":"240.0.0.1","outbounds":[{"Port":0,"TagSet":{"kuma.io/service":"backend"},"Origin":"service"}]},"2:a.mesh":{"address":"240.0.0.2"}}', report);
    assert.deepEqual(entries, [
      { type: 'service', name: 'backend', address: '240.0.0.1' },
      { type: 'fqdn', name: 'a.mesh', address: '240.0.0.2' },
    ]);
  });
  it('reads the typed legacy format and drops fqdn entries', () => {
    assert.deepEqual(parseVipJson('{"0:backend":"240.0.1.1","1:host.com":"240.0.1.4","2:x.mesh":"240.0.1.5"}', report), [
      { type: 'service', name: 'backend', address: '240.0.1.1' },
      { type: 'host', name: 'host.com', address: '240.0.1.4' },
    ]);
  });
  it('reads the plain legacy format as service entries', () => {
    assert.deepEqual(parseVipJson('{"backend":"240.0.0.1","redis":"240.0.0.2"}', report), [
      { type: 'service', name: 'backend', address: '240.0.0.1' },
      { type: 'service', name: 'redis', address: '240.0.0.2' },
    ]);
  });
  it('reports bad JSON', () => {
    const seen: string[] = [];
    assert.deepEqual(
      parseVipJson('{', (m) => seen.push(m)),
      [],
    );
    assert.match(seen[0]!, /^could not unmarshal/);
  });
  it('is found as a Universal Config and a Kubernetes ConfigMap', () => {
    const u = analyzeFile('u.yaml', 'type: Config\nname: kuma-default-dns-vips\nconfig: \'{"0:a":{"address":"240.0.0.9"}}\'\n');
    const k = analyzeFile('k.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kuma-payments-dns-vips\n  namespace: kuma-system\ndata:\n  config: \'{"0:a":{"address":"240.0.0.9"}}\'\n');
    assert.equal(u.resources[0]!.kind, 'VipConfig');
    assert.equal(u.resources[0]!.mesh, 'default');
    assert.equal(k.resources[0]!.mesh, 'payments');
  });
});
