// Hostile input to the engine, in-process: each case has a clear outcome (a diagnostic, or being left
// alone), a bounded cost, and leaves the other files of the workspace alone. Timeouts are hang
// guards; memory is measured and only asserted loosely.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { DEFAULT_LIMITS, parseTemplate } from '../../server/src/engine/gotemplate';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { MAX_PODS_PER_WORKLOAD } from '../../server/src/engine/kubernetes/pods';
import { MAX_DOCUMENTS } from '../../server/src/engine/yaml/documents';
import { GOOD_FILE, stableView } from '../helpers/arbitraries';

/** Resolves the hostile file beside the good one; asserts the good one still resolves and is not blamed. */
function withGoodFile(path: string, text: string, kumaVersion?: string): WorkspaceResult {
  const before = process.memoryUsage().rss;
  const options = kumaVersion ? { settings: { ...DEFAULT_SETTINGS, kumaVersion } } : {};
  const result = resolveWorkspace([analyzeFile(path, text, kumaVersion), analyzeFile(GOOD_FILE.path, GOOD_FILE.text, kumaVersion)], options);
  const grown = (process.memoryUsage().rss - before) / 1e6;
  assert.ok(grown < 2000, `resident memory grew by ${grown.toFixed(0)} MB`);
  const entries = result.meshes.find((m) => m.name === 'default')?.view.entries.map((e) => e.name) ?? [];
  assert.ok(entries.includes('backend.east.mesh'), `the good file no longer resolves: ${entries.join(', ')}`);
  assert.deepEqual(
    result.diagnostics.filter((d) => d.file === GOOD_FILE.path).map((d) => d.message),
    [],
  );
  stableView(result);
  return result;
}

const codesOf = (r: WorkspaceResult, file: string) => [...new Set(r.diagnostics.filter((d) => d.file === file).map((d) => d.code))].sort();

describe('hostile input: the engine', () => {
  it('an alias bomb ("billion laughs") is never expanded', { timeout: 30_000 }, () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    const bomb = lines.join('\n') + '\n';
    // In a Kuma resource, where the aliases are used as tags: wrong types, no expansion.
    const kuma = withGoodFile('kuma.yaml', `type: Dataplane\nmesh: default\nname: dp\n${bomb}networking:\n  address: 10.0.0.2\n  inbound:\n    - port: 80\n      tags: *a9\n`);
    assert.deepEqual(codesOf(kuma, 'kuma.yaml'), ['kuma-validation', 'unknown-field', 'wrong-type']);
    // In Kubernetes objects the derivation reads (labels, annotations, ConfigMap data): left alone.
    for (const head of [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  labels:\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: ns\n  annotations:\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kuma-default-dns-vips\ndata:\n',
    ]) {
      const r = withGoodFile('k8s.yaml', head + bomb.replace(/^/gm, '    '));
      // The Deployment's namespace is not in the workspace: that is the only thing said about it.
      assert.deepEqual(
        codesOf(r, 'k8s.yaml').filter((c) => c !== 'invalid-vip-config' && c !== 'workload-not-injected'),
        [],
      );
    }
    // Plain YAML that is not Kuma: no diagnostics at all.
    assert.deepEqual(codesOf(withGoodFile('plain.yaml', bomb), 'plain.yaml'), []);
  });

  it(`a file of a million documents stops at ${MAX_DOCUMENTS} documents with an analysis-limit diagnostic`, { timeout: 60_000 }, () => {
    const text = '---\n'.repeat(1_000_000);
    const analysis = analyzeFile('many.yaml', text);
    assert.equal(analysis.parsed.documents.length, MAX_DOCUMENTS);
    const r = withGoodFile('many.yaml', text);
    const limit = r.diagnostics.filter((d) => d.file === 'many.yaml');
    assert.deepEqual(
      limit.map((d) => d.code),
      ['analysis-limit'],
    );
    assert.match(limit[0]!.message, /more than 10000 documents/);
    // The documents before the cap are read: a Kuma resource in the first one still counts.
    const withMesh = analyzeFile('many.yaml', 'type: Mesh\nname: first\n' + text);
    assert.equal(withMesh.resources.length, 1);
    // At the cap exactly, nothing is reported.
    assert.deepEqual(analyzeFile('cap.yaml', 'a: 1\n' + '---\na: 1\n'.repeat(MAX_DOCUMENTS - 1)).diagnostics, []);
  });

  it('flow collections nested 100k deep: a yaml-syntax diagnostic in Kuma documents, nothing elsewhere', { timeout: 60_000 }, () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const kuma = withGoodFile('deep.yaml', `type: Mesh\nname: deep\nmtls: ${deep}\n`);
    assert.ok(codesOf(kuma, 'deep.yaml').includes('yaml-syntax'), JSON.stringify(codesOf(kuma, 'deep.yaml')));
    const map = withGoodFile('deep.yaml', `type: Mesh\nname: deep\nmtls: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`);
    assert.ok(codesOf(map, 'deep.yaml').includes('yaml-syntax'));
    assert.deepEqual(codesOf(withGoodFile('plain.yaml', `x: ${deep}\n`), 'plain.yaml'), []);
    assert.deepEqual(codesOf(withGoodFile('k8s.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec: ${deep}\n`), 'k8s.yaml'), []);
  });

  it('block mappings nested 10k deep are read without a crash', { timeout: 60_000 }, () => {
    let text = 'type: Mesh\nname: deep\nmtls:\n';
    for (let i = 1; i <= 10_000; i++) text += ' '.repeat(i) + 'a:\n';
    withGoodFile('deep.yaml', text);
  });

  it('binary content in a .yaml file is left alone', { timeout: 30_000 }, () => {
    const bytes = Buffer.alloc(64 * 1024);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
    assert.deepEqual(codesOf(withGoodFile('binary.yaml', bytes.toString('utf8')), 'binary.yaml'), []);
    assert.deepEqual(codesOf(withGoodFile('binary.yaml', bytes.toString('latin1')), 'binary.yaml'), []);
    assert.deepEqual(codesOf(withGoodFile('nul.yaml', '\u0000'.repeat(10_000)), 'nul.yaml'), []);
  });

  it('replicas: 500000000 derives a bounded number of pods', { timeout: 60_000 }, () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: ns
  labels:
    kuma.io/sidecar-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: ns
spec:
  replicas: 500000000
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: main
          image: img:1
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: ns
spec:
  selector:
    app: app
  ports:
    - port: 80
      targetPort: 8080
`;
    const job = text.replace('apps/v1\nkind: Deployment', 'batch/v1\nkind: Job').replace('replicas: 500000000', 'parallelism: 500000000');
    for (const workload of [text, text.replace('kind: Deployment', 'kind: StatefulSet'), job]) {
      const r = withGoodFile('k8s.yaml', workload);
      const derived = r.resources.filter((x) => x.kind === 'Dataplane' && x.doc.file === 'k8s.yaml');
      assert.ok(derived.length >= 1 && derived.length <= MAX_PODS_PER_WORKLOAD, `${derived.length} derived dataplanes`);
    }
  });

  it('__proto__, constructor and toString are ordinary keys in tags, selectors and parameters', { timeout: 30_000 }, () => {
    const text = `type: Dataplane
mesh: default
name: __proto__
networking:
  address: 10.0.0.3
  inbound:
    - port: 80
      tags:
        kuma.io/service: constructor
        __proto__: polluted
        constructor: ctor
        toString: ts
---
type: VirtualOutbound
mesh: default
name: constructor
selectors:
  - match:
      kuma.io/service: "*"
      __proto__: polluted
      toString: "*"
conf:
  host: "{{.svc}}.{{.p}}.{{.constructor}}.{{.toString}}.mesh"
  port: "80"
  parameters:
    - name: svc
      tagKey: kuma.io/service
    - name: p
      tagKey: __proto__
    - name: constructor
    - name: toString
---
apiVersion: v1
kind: Namespace
metadata:
  name: __proto__
  labels:
    __proto__: polluted
    kuma.io/sidecar-injection: enabled
`;
    const r = withGoodFile('proto.yaml', text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    const view = stableView(r);
    const entry = view.meshes.find((m) => m.name === 'default')!.entries.find((e) => e.name === 'constructor.polluted.ctor.ts.mesh');
    assert.ok(entry, JSON.stringify(view.meshes));
    assert.deepEqual(Object.keys(entry.outbounds[0]!.tags).sort(), ['__proto__', 'constructor', 'kuma.io/service', 'toString']);
    assert.equal(entry.outbounds[0]!.tags.__proto__, 'polluted');
    assert.deepEqual(codesOf(r, 'proto.yaml'), []);
  });
});

describe('hostile input: templates', () => {
  // Go 1.26 (Kuma 2.7, 2.9, 2.11+) ranges over integers: the shortest way to a long loop.
  const run = (source: string) => {
    const p = parseTemplate(source, '', '1.26');
    assert.ok(p.ok, JSON.stringify(!p.ok && p.error));
    return p.template.execute(new Map([['svc', 'backend']]));
  };

  it('nested ranges that would print gigabytes stop at the output limit', { timeout: 30_000 }, () => {
    const r = run('{{range $i := 1000000}}{{range $j := 1000000}}{{range $k := 1000000}}xxxxxxxxxxxxxxxx{{end}}{{end}}{{end}}');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.error.kind === 'limit', JSON.stringify(!r.ok && r.error));
    assert.ok(Buffer.byteLength(r.output) <= DEFAULT_LIMITS.maxOutputBytes);
  });

  it('loops that print nothing stop at the step limit', { timeout: 30_000 }, () => {
    const r = run('{{range $i := 1000000}}{{range $j := 1000000}}{{end}}{{end}}');
    assert.ok(!r.ok && r.error.kind === 'limit', JSON.stringify(r));
  });

  it('recursion through define/template stops at the depth limit', { timeout: 30_000 }, () => {
    const r = run('{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}');
    assert.ok(!r.ok && r.error.kind === 'limit' && /maximum template depth/.test(r.error.message), JSON.stringify(r));
    const twice = run('{{define "a"}}x{{template "a" .}}{{template "a" .}}{{end}}{{template "a" .}}');
    assert.ok(!twice.ok && twice.error.kind === 'limit', JSON.stringify(!twice.ok && twice.error));
  });

  it('huge widths and precisions in printf are refused at the output limit', { timeout: 30_000 }, () => {
    for (const source of ['{{printf "%099999999d" 1}}', '{{printf "%.99999999f" 1.5}}', '{{printf "%*d" 99999999 1}}', '{{printf "%0999999s" .svc}}']) {
      const r = run(source);
      assert.ok(Buffer.byteLength(r.output) <= DEFAULT_LIMITS.maxOutputBytes, source);
    }
  });

  it('a parse of 100k nested parentheses or blocks is refused, not a stack overflow', { timeout: 30_000 }, () => {
    for (const source of ['{{' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '}}', '{{if 1}}'.repeat(100_000) + '{{end}}'.repeat(100_000)]) {
      const p = parseTemplate(source);
      assert.ok(!p.ok && p.error.kind === 'parse', JSON.stringify(p).slice(0, 200));
    }
  });

  it('templates in a VirtualOutbound that loop or recurse cost a diagnostic, and the good file still resolves', { timeout: 60_000 }, () => {
    const vo = (name: string, host: string) =>
      `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: '${host}'\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n`;
    const text = [
      vo('loop', '{{range $i := 1000000}}{{range $j := 1000000}}x{{end}}{{end}}.mesh'),
      vo('recurse', '{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}'),
      vo('huge', '{{printf "%099999999d" 1}}.mesh'),
    ].join('---\n');
    // Kuma 2.14 is built with Go 1.26, so the nested ranges loop until the step limit stops them.
    const r = withGoodFile('templates.yaml', text, '2.14');
    const mine = r.diagnostics.filter((d) => d.file === 'templates.yaml');
    assert.equal(mine.filter((d) => d.code === 'kuma-validation').length, 3, JSON.stringify(mine.map((d) => d.message)));
    assert.ok(
      mine.some((d) => /exceeds 100000 steps/.test(d.message)),
      JSON.stringify(mine.map((d) => d.message)),
    );
  });
});
