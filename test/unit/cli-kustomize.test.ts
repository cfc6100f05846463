// Where kustomize or kubectl is on PATH, the CLI reads an overlay as `kustomize build` gives it,
// and places each finding in the file that holds the resource as written.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
}
const tool = onPath('kustomize') ? 'kustomize' : onPath('kubectl') ? 'kubectl' : undefined;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Out {
  meshes: { name: string; scope?: string; entries: { name: string; outbounds: { port: number; sources: string[] }[] }[] }[];
  diagnostics: { file: string; code: string; message: string; range: { start: { line: number; character: number } } }[];
}

const DATAPLANE =
  'apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: web-1\n  namespace: demo\nspec:\n  networking:\n    address: 10.0.0.1\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web\n';
// A comment and a blank line: the build drops them, the finding must still land on `bogus`.
const VIRTUAL_OUTBOUND =
  'apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: hosts\n# hostnames per service\n\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "{{.service}}.base.mesh"\n    port: "80"\n    bogus: 1\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n';

const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n',
  // Two documents in one file: the finding belongs to the second.
  'base/all.yaml': `${DATAPLANE}---\n${VIRTUAL_OUTBOUND}`,
  'prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base]\nnamePrefix: prod-\npatches:\n  - path: service.yaml\n',
  // A list: Mesh Lens cannot apply it exactly, kustomize can.
  'prod/service.yaml':
    'apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmetadata:\n  name: web-1\n  namespace: demo\nspec:\n  networking:\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: api\n',
};

describe('mesh-lens with kustomize build', { skip: !tool && 'neither kustomize nor kubectl is on PATH (Debian: apt-get install kubectl)' }, () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(cli), 'build first: npm run build');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-kustomize-test-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`reads the overlay as ${tool ?? 'the build'} gives it: prefixed names, the list patch applied`, () => {
    const r = run(['resolve', '--format', 'json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as Out;
    assert.deepEqual(
      out.meshes[0]!.entries.map((e) => `${e.name} ${e.outbounds.map((o) => o.sources.join(',')).join(';')}`),
      ['api prod-web-1.demo', 'api.base.mesh prod-web-1.demo'],
    );
    assert.deepEqual(
      out.diagnostics.map((d) => d.code),
      ['unknown-field'],
      'the build needs no note',
    );
  });

  it('places a finding on the built resource in the file as written', () => {
    const out = JSON.parse(run(['check', '--format', 'json', '.'], dir).stdout) as Out;
    const d = out.diagnostics.find((x) => x.code === 'unknown-field')!;
    assert.equal(d.file, 'base/all.yaml');
    assert.deepEqual(d.range.start, { line: 28, character: 4 }, 'the line of `bogus` in base/all.yaml');
  });

  it('reads the overlay without a build when asked, and says what a build would change', () => {
    const out = JSON.parse(run(['resolve', '--format', 'json', '--no-kustomize-build', '.'], dir).stdout) as Out;
    assert.deepEqual(
      out.meshes[0]!.entries.map((e) => e.name),
      ['web', 'web.base.mesh'],
    );
    const note = out.diagnostics.find((x) => x.code === 'overlay-not-built')!;
    assert.match(note.message, /patch prod\/service\.yaml: replaces the list spec\.networking\.inbound/);
    assert.match(note.message, /namePrefix/);
  });

  it('falls back to reading the overlay when the build fails, and says so', () => {
    fs.writeFileSync(path.join(dir, 'prod', 'kustomization.yaml'), FILES['prod/kustomization.yaml'] + '  - path: missing.yaml\n');
    try {
      const r = run(['resolve', '--format', 'json', '.'], dir);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /^mesh-lens: overlay prod: \S+ failed: .*; read without a build\n$/);
      const out = JSON.parse(r.stdout) as Out;
      assert.match(out.diagnostics.find((x) => x.code === 'overlay-not-built')!.message, /patch missing\.yaml, not found in the workspace/);
    } finally {
      fs.writeFileSync(path.join(dir, 'prod', 'kustomization.yaml'), FILES['prod/kustomization.yaml']!);
    }
  });
});
