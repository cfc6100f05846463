// The built CLI over a repository of several control planes: per-scope results, --scope NAME.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const uMesh = 'type: Mesh\nname: default\n';
const kMesh = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n';
const uDataplane = (name: string, service: string) =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${service}\n`;

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

interface Out {
  meshes: { name: string; scope?: string; entries: { name: string }[] }[];
  diagnostics: { file: string; code: string; message: string }[];
}

let forms: string;
let declared: string;
before(() => {
  assert.ok(fs.existsSync(cli), 'build first: npm run build');
  forms = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-scopes-'));
  // The documentation's two tabs of one example, kept side by side.
  write(forms, { 'k8s/mesh.yaml': kMesh, 'universal/mesh.yaml': uMesh, 'universal/dp.yaml': uDataplane('web-1', 'web') });
  declared = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-scopes-'));
  write(declared, {
    'mesh-lens.yaml': 'scopes:\n  - name: east\n    files: [east/, shared/]\n  - name: west\n    files: [west/, shared/]\n    cpConfig: west-cp.yaml\n',
    'west-cp.yaml': 'dnsServer:\n  domain: west\n',
    'shared/mesh.yaml': uMesh,
    'east/dp.yaml': uDataplane('web-1', 'web'),
    'west/dp.yaml': uDataplane('web-1', 'web'),
    'west/api.yaml': uDataplane('api-1', 'api'),
  });
});
after(() => {
  fs.rmSync(forms, { recursive: true, force: true });
  fs.rmSync(declared, { recursive: true, force: true });
});

describe('mesh-lens over several scopes', () => {
  it('checks the two forms of one resource as two control planes: no duplicate, exit 0', () => {
    const r = run(['check', '--format', 'json', '.'], forms);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Out).diagnostics, []);
  });

  it('gives each mesh its scope in the JSON view', () => {
    const r = run(['resolve', '--format', 'json', '.'], forms);
    const out = JSON.parse(r.stdout) as Out;
    assert.deepEqual(
      out.meshes.map((m) => `${m.scope}/${m.name}`),
      ['kubernetes/default', 'universal/default'],
    );
  });

  it('resolves the scopes of mesh-lens.yaml, each with its own settings', () => {
    const r = run(['resolve', '--format', 'json', '.'], declared);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Out;
    assert.deepEqual(
      out.meshes.map((m) => [m.scope, m.entries.map((e) => e.name)]),
      [
        ['east', ['web']],
        ['west', ['api', 'web']],
      ],
    );
    assert.deepEqual(out.diagnostics, [], 'web-1 in east and in west is no duplicate');
    const table = run(['resolve', '.'], declared).stdout;
    assert.match(table, /^mesh default \(scope east\): 1 hostname entry$/m);
    assert.match(table, /^mesh default \(scope west\): 2 hostname entries$/m);
  });

  it('takes --scope NAME', () => {
    const out = JSON.parse(run(['resolve', '--format', 'json', '--scope', 'west', '.'], declared).stdout) as Out;
    assert.deepEqual(
      out.meshes.map((m) => `${m.scope}/${m.name}`),
      ['west/default'],
    );
    const both = JSON.parse(run(['resolve', '--format', 'json', '--scope=east,west', '.'], declared).stdout) as Out;
    assert.equal(both.meshes.length, 2);
  });

  it('reads the config when the paths name only some folders', () => {
    const out = JSON.parse(run(['resolve', '--format', 'json', 'west', 'shared'], declared).stdout) as Out;
    assert.deepEqual(
      out.meshes.map((m) => `${m.scope}/${m.name}`),
      ['east/default', 'west/default'],
    );
  });

  it('reports a finding within one scope, and an unknown scope as a usage error', () => {
    write(declared, { 'west/again.yaml': uDataplane('api-1', 'api') });
    try {
      const r = run(['check', '.'], declared);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^west\/api\.yaml:3:7: error \[duplicate-resource\] Dataplane api-1 is already defined in mesh default \(west\/again\.yaml\)/m);
      assert.equal(run(['check', '--scope', 'east', '.'], declared).code, 0, 'east does not hold the duplicate');
    } finally {
      fs.rmSync(path.join(declared, 'west', 'again.yaml'));
    }
    const r = run(['check', '--scope', 'north', '.'], declared);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'mesh-lens: --scope: no scope "north"; the scopes are: east, west\n');
  });

  it('reports the problems of mesh-lens.yaml on it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-scopes-'));
    try {
      write(dir, { 'mesh-lens.yaml': 'scopes:\n  - name: a\n    files: [a/]\n    environment: vm\n', 'a/mesh.yaml': uMesh });
      const r = run(['check', '.'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^mesh-lens\.yaml:4:18: error \[invalid-scope-config\] scopes\[0\]\.environment: must be kubernetes or universal$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
