// scripts/corpus-report.mjs, the measurement behind docs/real-world.md: it must count files and Kuma
// files the way the CLI collects them, add up what the CLI reports, and say when the CLI fails.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'scripts', 'corpus-report.mjs');

function report(args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let corpus: string;
before(() => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'build first: npm run build');
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-corpus-'));
  const a = path.join(corpus, 'a');
  fs.mkdirSync(path.join(a, 'k8s', 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(a, 'mesh.yaml'), 'type: Mesh\nname: default\n');
  fs.writeFileSync(
    path.join(a, 'k8s', 'dp.yml'),
    '# comment\n---\napiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: web-1\n  namespace: shop\nspec:\n  networking:\n    address: 10.0.0.1\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web\n',
  );
  // A VirtualOutbound whose port cannot render to a port: one error at least.
  fs.writeFileSync(
    path.join(a, 'vo.yaml'),
    'type: VirtualOutbound\nmesh: default\nname: bad\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80000"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n',
  );
  fs.writeFileSync(path.join(a, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
  fs.writeFileSync(path.join(a, 'ci.yaml'), 'type: Something\nsteps: [a]\n');
  // Not counted: not YAML by name, or under node_modules.
  fs.writeFileSync(path.join(a, 'notes.txt'), 'type: Mesh\nname: x\n');
  fs.writeFileSync(path.join(a, 'k8s', 'node_modules', 'm.yaml'), 'type: Mesh\nname: x\n');
  const b = path.join(corpus, 'b');
  fs.mkdirSync(b);
  fs.writeFileSync(path.join(b, 'compose.yml'), 'services:\n  web:\n    image: nginx\n');
});

function row(stdout: string, folder: string): string[] {
  const line = stdout.split('\n').find((l) => l.split('\t')[0] === folder);
  assert.ok(line, `no row for ${folder} in\n${stdout}`);
  return line.split('\t');
}

describe('corpus report', () => {
  it('counts YAML files and files with Kuma resources per folder, and adds up the diagnostics', () => {
    const json = path.join(corpus, 'out.json');
    const r = report(['--json', json, path.join(corpus, 'a'), path.join(corpus, 'b')]);
    assert.equal(r.code, 0, r.stderr);
    const a = row(r.stdout, path.join(corpus, 'a'));
    const b = row(r.stdout, path.join(corpus, 'b'));
    assert.deepEqual(a.slice(1, 3), ['5', '3']);
    assert.deepEqual(b.slice(1, 7), ['1', '0', '0', '0', '0', '0']);
    assert.ok(Number(a[3]) >= 1, `errors in a: ${a.join(' ')}`);

    const saved = JSON.parse(fs.readFileSync(json, 'utf8')) as { folder: string; diagnostics: { code: string; severity: string; file: string }[] }[];
    assert.deepEqual(
      saved.map((s) => s.folder),
      [path.join(corpus, 'a'), path.join(corpus, 'b')],
    );
    assert.ok(saved[0]!.diagnostics.some((d) => d.code === 'kuma-validation' && d.file === 'vo.yaml'));
    // The row and the per-code lines count the same diagnostics the CLI gave.
    const errors = saved[0]!.diagnostics.filter((d) => d.severity === 'error').length;
    assert.equal(Number(a[3]), errors);
    const total = row(r.stdout, 'TOTAL');
    assert.equal(Number(total[1]), 6);
    assert.equal(Number(total[2]), 3);
    assert.equal(Number(total[3]), errors);
    const byCode = r.stdout.split('\n').filter((l) => /^\d+\tkuma-validation\terror$/.test(l));
    assert.equal(byCode.length, 1, r.stdout);
    assert.equal(Number(byCode[0]!.split('\t')[0]), saved[0]!.diagnostics.filter((d) => d.code === 'kuma-validation' && d.severity === 'error').length);
  });

  it('exits 2 and shows the failure on the row when the CLI fails on a folder', () => {
    const r = report([path.join(corpus, 'b'), '--', '--format', 'bogus']);
    assert.equal(r.code, 2);
    const b = row(r.stdout, path.join(corpus, 'b'));
    assert.match(b[b.length - 1]!, /^exit 2: .*--format/);
  });

  it('exits 2 and names a folder it cannot read', () => {
    const r = report([path.join(corpus, 'missing')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing/);
  });
});
