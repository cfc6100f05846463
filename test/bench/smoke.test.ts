// Smoke run of the benchmark tooling: the generator is deterministic, its S workspace parses and
// resolves with entries and the planted diagnostics, and the harness runs end to end in tiny mode.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { generate, generateCopyPaste, writeWorkspace } from '../../bench/generate';
import { measure } from '../../bench/inproc';
import { kindOf } from '../../bench/coldProfile';
import { listYaml } from '../../bench/util';

test('generator: same seed, same bytes; another seed, other bytes', () => {
  const a = generate('S', 42);
  const b = generate('S', 42);
  const c = generate('S', 43);
  assert.deepEqual([...a.files], [...b.files]);
  assert.deepEqual(a.manifest, b.manifest);
  assert.notDeepEqual([...a.files], [...c.files]);
  assert.ok(a.manifest.counts.Dataplane >= 100);
  assert.ok(a.files.size >= 10);
});

test('generator: S parses, resolves with entries and carries the planted problems', () => {
  const ws = generate('S', 7);
  let docs = 0;
  for (const text of ws.files.values()) docs += parseAllDocuments(text).length;
  assert.equal(docs, ws.manifest.documents);
  const result = resolveWorkspace([...ws.files].map(([f, t]) => analyzeFile(f, t)));
  const entries = result.meshes.reduce((n, m) => n + m.view.entries.length, 0);
  assert.ok(entries > 50, `entries: ${entries}`);
  assert.ok(result.meshes.length >= 2);
  const codes = new Set(result.diagnostics.map((d) => d.code));
  for (const code of ['yaml-syntax', 'kuma-validation', 'duplicate-resource', 'hostname-conflict']) assert.ok(codes.has(code), `missing ${code}: ${[...codes].join(', ')}`);
  for (const kind of ['Universal', 'Kubernetes']) {
    const marker = kind === 'Universal' ? /^type: VirtualOutbound$/m : /^kind: VirtualOutbound$/m;
    assert.ok(
      [...ws.files.values()].some((t) => marker.test(t)),
      `no ${kind} VirtualOutbound`,
    );
  }
  for (const t of [...ws.manifest.voHostEdits, ...ws.manifest.dataplaneEdits, ...ws.manifest.tagEdits]) {
    assert.equal(ws.files.get(t.file)!.slice(t.offset, t.offset + t.value.length), t.value);
  }
});

test('harness: tiny in-process run on S', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-bench-'));
  try {
    writeWorkspace(generate('S', 3), dir);
    assert.ok(listYaml(dir).length >= 10);
    const r = await measure(dir, { edits: 4, positions: 20, reps: 1 });
    assert.ok(r.cold.engineMs[0]! > 0 && r.cold.floorMs[0]! > 0);
    assert.ok(r.cold.entries > 0 && r.cold.diagnostics > 0);
    for (const k of ['virtualOutbound', 'dataplane', 'tag'] as const) assert.equal(r.edits[k].n, 4, k);
    assert.ok(r.memory.maxRssBytes > 0);
    assert.equal(r.cold.ratios.length, 1);
    assert.deepEqual(
      r.coldProfile?.map((p) => p.phase),
      ['read', 'analyze', 'resolve', 'publish'],
    );
    const analyze = r.coldProfile!.find((p) => p.phase === 'analyze')!;
    assert.ok(analyze.wallMs > 0 && Object.keys(analyze.kinds).length > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("generator: the storm has L's 20,000 dataplanes and at least 200 VirtualOutbounds, most selecting every service", () => {
  const ws = generate('storm', 7);
  assert.equal(ws.manifest.counts.Dataplane, 20_001);
  assert.ok(ws.manifest.counts.VirtualOutbound >= 200, `${ws.manifest.counts.VirtualOutbound} VirtualOutbounds`);
  const storm = [...ws.files].filter(([f]) => f.endsWith('/storm.yaml')).flatMap(([, t]) => t.split('\n---\n'));
  const everyService = storm.filter((d) => d.includes('kuma.io/service: "*"'));
  assert.ok(everyService.length * 2 > ws.manifest.counts.VirtualOutbound, `${everyService.length} of ${ws.manifest.counts.VirtualOutbound} select every service`);
  // Overlapping hostnames in each mesh: several VirtualOutbounds render the same host template.
  for (const mesh of ['default', 'payments', 'retail', 'internal', 'edge']) {
    const hosts = storm.filter((d) => d.includes(`mesh: ${mesh}\n`)).map((d) => /host: (.*)/.exec(d)![1]);
    assert.ok(hosts.length > new Set(hosts).size * 4, `mesh ${mesh}: ${hosts.length} VirtualOutbounds, ${new Set(hosts).size} host templates`);
  }
});

test('generator: the copy-paste case is two identical VirtualOutbounds over one dataplane per service', () => {
  const ws = generateCopyPaste(50);
  const vos = ws.files.get('virtual-outbounds.yaml')!.split('---\n');
  assert.equal(vos.length, 2);
  assert.equal(vos[0]!.replace('name: per-service\n', ''), vos[1]!.replace('name: per-service-copy\n', ''));
  assert.equal(
    ws.files
      .get('dataplanes.yaml')!
      .split('---\n')
      .filter((d) => d.startsWith('type: Dataplane')).length,
    50,
  );
});

test('profile: functions are put in the kind of work of their source file', () => {
  const nm = 'file:///repo/node_modules/yaml/dist';
  assert.equal(kindOf('lex', `${nm}/parse/lexer.js`), 'lex');
  assert.equal(kindOf('next', `${nm}/parse/parser.js`), 'parse');
  assert.equal(kindOf('composeNode', `${nm}/compose/compose-node.js`), 'compose');
  assert.equal(kindOf('contentLine', 'file:///repo/server/src/engine/yaml/blockReader.ts'), 'block');
  assert.equal(kindOf('decode', 'file:///repo/server/src/engine/resources/dataplane.ts'), 'resources');
  assert.equal(kindOf('claim', 'file:///repo/server/src/engine/resolve/claims.ts'), 'resolve');
  assert.equal(kindOf('diagnoseSlot', 'file:///repo/server/src/engine/resolve/diagnose.ts'), 'diagnose');
  assert.equal(kindOf('toLspDiagnostic', 'file:///repo/server/src/features/diagnostics.ts'), 'publish');
  assert.equal(kindOf('(garbage collector)', ''), 'gc');
});
