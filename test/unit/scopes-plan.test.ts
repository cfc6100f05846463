// Which files make one control plane: the default rules (forms, kustomize overlays, shared bases),
// the config file, and the results per scope.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { fileForm, planScopes, ScopePlan } from '../../server/src/engine/scopes/plan';
import { resolveScopes } from '../../server/src/engine/scopes/resolve';
import { alternativeFolders } from '../../server/src/engine/scopes/alternatives';
import { overlays, readKustomization } from '../../server/src/engine/scopes/kustomize';

type Files = Record<string, string>;

function plan(files: Files, configs: string[] = ['mesh-lens.yaml']): ScopePlan {
  return planScopes(
    Object.entries(files).map(([file, text]) => ({ file, text, form: fileForm(analyzeFile(file, text)) })),
    configs,
  );
}

function scopesOf(p: ScopePlan): Record<string, string[]> {
  return Object.fromEntries(p.scopes.map((s) => [s.name, [...s.files]]));
}

function resolve(files: Files, only?: string[]) {
  const analyses = Object.entries(files).map(([file, text]) => analyzeFile(file, text));
  const p = planScopes(
    analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })),
    ['mesh-lens.yaml'],
  );
  return { plan: p, ...resolveScopes(analyses, p, {}, only) };
}

const uMesh = (name = 'default') => `type: Mesh\nname: ${name}\n`;
const kMesh = (name = 'default') => `apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: ${name}\n`;
const uDataplane = (name: string, service: string, address = '10.0.0.1') =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: ${address}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${service}\n`;
const kDataplane = (name: string, service: string, address = '10.0.0.1') =>
  `apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  networking:\n    address: ${address}\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: ${service}\n`;
const kVirtualOutbound = (name: string, host: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: ${name}\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "${host}"\n    port: "80"\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n`;
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

describe('default scopes: forms', () => {
  it('keeps one scope, named workspace, when every resource is in one form', () => {
    const p = plan({ 'a.yaml': uMesh(), 'b.yaml': uDataplane('web-1', 'web'), 'notes.yaml': 'title: not mesh\n' });
    assert.deepEqual(scopesOf(p), { workspace: ['a.yaml', 'b.yaml', 'notes.yaml'] });
    assert.deepEqual(p.diagnostics, []);
  });

  it('never puts Kubernetes-form and Universal-form resources in one scope', () => {
    const p = plan({ 'k8s/mesh.yaml': kMesh(), 'universal/mesh.yaml': uMesh(), 'k8s/dp.yaml': kDataplane('web-1', 'web'), 'README.yaml': 'x: 1\n' });
    assert.deepEqual(scopesOf(p), { kubernetes: ['README.yaml', 'k8s/dp.yaml', 'k8s/mesh.yaml'], universal: ['universal/mesh.yaml'] });
  });

  it('reports no duplicate between the two forms of one resource, and one within a form', () => {
    const files = { 'k8s/mesh.yaml': kMesh(), 'universal/mesh.yaml': uMesh(), 'universal/again.yaml': uMesh() };
    const whole = resolveWorkspace(Object.entries(files).map(([f, t]) => analyzeFile(f, t)));
    assert.equal(whole.diagnostics.filter((d) => d.code === 'duplicate-resource').length, 2, 'one control plane: both copies after the first are duplicates');
    const { result } = resolve(files);
    const dups = result.diagnostics.filter((d) => d.code === 'duplicate-resource');
    assert.deepEqual(
      dups.map((d) => d.file),
      ['universal/mesh.yaml'],
    );
  });

  it('resolves each form against its own resources', () => {
    const { scopes } = resolve({
      'k8s/dp.yaml': kDataplane('web-1', 'web'),
      'k8s/vo.yaml': kVirtualOutbound('hosts', '{{.service}}.k8s.mesh'),
      'universal/dp.yaml': uDataplane('web-1', 'web'),
    });
    const hosts = (name: string) => scopes.find((s) => s.scope.name === name)!.result.meshes.flatMap((m) => m.view.entries.map((e) => e.name));
    assert.deepEqual(hosts('kubernetes'), ['web', 'web.k8s.mesh']);
    assert.deepEqual(hosts('universal'), ['web'], 'the Kubernetes VirtualOutbound does not reach Universal dataplanes');
  });
});

describe('default scopes: kustomize overlays', () => {
  const base = {
    'base/kustomization.yaml': kustomization('resources:\n  - mesh.yaml\n  - web.yaml\n'),
    'base/mesh.yaml': kMesh(),
    'base/web.yaml': kDataplane('web-1', 'web'),
  };

  it('makes each overlay a scope of what it reaches, sharing the base', () => {
    const p = plan({
      ...base,
      'overlays/dev/kustomization.yaml': kustomization('resources:\n  - ../../base\n  - extra.yaml\n'),
      'overlays/dev/extra.yaml': kDataplane('dev-1', 'dev'),
      'overlays/prod/kustomization.yaml': kustomization('resources:\n- ../../base/\n'),
      'other/unrelated.yaml': kDataplane('x-1', 'x'),
    });
    assert.deepEqual(scopesOf(p), {
      'overlays/dev': ['base/kustomization.yaml', 'base/mesh.yaml', 'base/web.yaml', 'overlays/dev/extra.yaml', 'overlays/dev/kustomization.yaml'],
      'overlays/prod': ['base/kustomization.yaml', 'base/mesh.yaml', 'base/web.yaml', 'overlays/prod/kustomization.yaml'],
      workspace: ['other/unrelated.yaml'],
    });
    assert.deepEqual(p.diagnostics, [], 'overlays of plain resources are exact: nothing to note');
  });

  it('reports no duplicate between two overlays of one base, and says a shared file once', () => {
    const { result, scopes } = resolve({
      ...base,
      'base/web.yaml': kDataplane('web-1', 'web') + '    bogus: 1\n',
      'overlays/a/kustomization.yaml': kustomization('resources:\n  - ../../base\n'),
      'overlays/b/kustomization.yaml': kustomization('resources:\n  - ../../base\n'),
    });
    assert.deepEqual(
      scopes.map((s) => s.scope.name),
      ['overlays/a', 'overlays/b'],
    );
    assert.equal(result.diagnostics.filter((d) => d.code === 'duplicate-resource').length, 0);
    const onWeb = result.diagnostics.filter((d) => d.file === 'base/web.yaml');
    assert.equal(onWeb.length, 1, JSON.stringify(onWeb));
    assert.doesNotMatch(onWeb[0]!.message, /\[scope /, 'both scopes say it: no scope named');
  });

  it('names the scope of a finding only some scopes of a shared file give', () => {
    const { result } = resolve({
      ...base,
      'base/kustomization.yaml': kustomization('resources:\n  - mesh.yaml\n  - web.yaml\n  - api.yaml\n'),
      'base/api.yaml': kDataplane('api-1', 'api', '10.0.0.2'),
      'overlays/a/kustomization.yaml': kustomization('resources:\n  - ../../base\n  - vo.yaml\n'),
      'overlays/a/vo.yaml': kVirtualOutbound('one', 'same.mesh'),
      'overlays/b/kustomization.yaml': kustomization('resources:\n  - ../../base\n'),
    });
    // In overlay a, one constant hostname for two services: a conflict on the base's dataplanes; b has no VirtualOutbound.
    const conflicts = result.diagnostics.filter((d) => d.code === 'hostname-conflict' && d.file.startsWith('base/'));
    assert.ok(conflicts.length > 0, JSON.stringify(result.diagnostics.map((d) => d.code)));
    for (const d of conflicts) assert.match(d.message, /\[scope overlays\/a\]$/);
    const onVo = result.diagnostics.filter((d) => d.file === 'overlays/a/vo.yaml');
    for (const d of onVo) assert.doesNotMatch(d.message, /\[scope/, 'a file in one scope needs no scope named');
  });

  it('treats patch files as patches of the overlay, never as resources or duplicates, and says a build could differ', () => {
    const files = {
      ...base,
      'overlays/prod/kustomization.yaml': kustomization('resources:\n  - ../../base\npatchesStrategicMerge:\n  - web-patch.yaml\npatches:\n  - path: mesh-patch.yaml\nnamePrefix: prod-\n'),
      'overlays/prod/web-patch.yaml': kDataplane('web-1', 'web', '10.9.9.9'),
      'overlays/prod/mesh-patch.yaml': kMesh(),
    };
    const p = plan(files);
    const prod = p.scopes.find((s) => s.name === 'overlays/prod')!;
    assert.deepEqual(prod.patches, ['overlays/prod/mesh-patch.yaml', 'overlays/prod/web-patch.yaml']);
    assert.ok(!prod.files.includes('overlays/prod/web-patch.yaml'));
    assert.deepEqual(
      p.scopes.map((s) => s.name),
      ['overlays/prod'],
      'patch files join no other scope',
    );
    const { result } = resolve(files);
    assert.equal(result.diagnostics.filter((d) => d.code === 'duplicate-resource').length, 0);
    const notes = result.diagnostics.filter((d) => d.code === 'overlay-not-built');
    assert.equal(notes.length, 1);
    const note = notes[0]!;
    assert.equal(note.severity, 'information');
    assert.equal(note.file, 'overlays/prod/kustomization.yaml');
    assert.match(note.message, /patch overlays\/prod\/web-patch\.yaml: replaces the list spec\.networking\.inbound \(kustomize may merge it by key\)/);
    assert.match(note.message, /namePrefix/);
    assert.match(note.message, /kustomize build` could give different resources\.$/);
  });

  it('checks non-mesh YAML beside the overlays with every overlay rather than as a control plane of its own', () => {
    const p = plan({ ...base, 'overlays/a/kustomization.yaml': kustomization('resources: [../../base]\n'), 'ci.yaml': 'on: push\n' });
    assert.deepEqual(scopesOf(p), { 'overlays/a': ['base/kustomization.yaml', 'base/mesh.yaml', 'base/web.yaml', 'ci.yaml', 'overlays/a/kustomization.yaml'] });
  });

  it('names remote and missing references it cannot follow', () => {
    const files = { 'o/kustomization.yaml': kustomization('resources:\n  - github.com/kumahq/kuma//deploy?ref=2.1.0\n  - missing.yaml\n  - dp.yaml\n'), 'o/dp.yaml': kDataplane('a', 'a') };
    assert.deepEqual(scopesOf(plan(files)), { o: ['o/dp.yaml', 'o/kustomization.yaml'] });
    const [note] = resolve(files).result.diagnostics.filter((d) => d.code === 'overlay-not-built');
    assert.match(note!.message, /remote resource github\.com\/kumahq/);
    assert.match(note!.message, /missing\.yaml, not found in the workspace/);
  });

  it('follows bases through several levels and survives a reference cycle', () => {
    const p = plan({
      'a/kustomization.yaml': kustomization('resources:\n  - ../b\n'),
      'b/kustomization.yaml': kustomization('resources:\n  - ../c\n  - b.yaml\n'),
      'b/b.yaml': kDataplane('b', 'b'),
      'c/kustomization.yaml': kustomization('resources:\n  - ../b\n  - c.yaml\n'),
      'c/c.yaml': kDataplane('c', 'c'),
      'top/kustomization.yaml': kustomization('resources:\n  - ../a\n'),
    });
    assert.deepEqual(scopesOf(p).top, ['a/kustomization.yaml', 'b/b.yaml', 'b/kustomization.yaml', 'c/c.yaml', 'c/kustomization.yaml', 'top/kustomization.yaml']);
  });

  it('reads the kustomization fields it knows', () => {
    const k = readKustomization(
      'x/kustomization.yaml',
      kustomization(
        'bases: [../b]\ncomponents: [../comp]\npatchesJson6902:\n  - path: j.yaml\n    target: {kind: Mesh}\npatches:\n  - patch: |-\n      - op: remove\n        path: /spec\nimages: []\n',
      ),
    );
    assert.deepEqual(k.resources, ['../b', '../comp']);
    assert.deepEqual(k.patchFiles, ['j.yaml']);
    assert.equal(k.inlinePatches, 1);
    assert.deepEqual(k.transformers, ['images']);
    assert.equal(readKustomization('k/kustomization.yaml', 'resources: [\n').unreadable, true);
    assert.deepEqual(
      overlays([readKustomization('k/kustomization.yaml', '- a\n')], () => true),
      [],
    );
  });
});

describe('duplicates between alternative folders', () => {
  it('recognises sibling folders that look like alternatives', () => {
    assert.deepEqual(alternativeFolders('demo/k8s/mesh.yaml', 'demo/universal/mesh.yaml'), ['demo/k8s/', 'demo/universal/']);
    assert.deepEqual(alternativeFolders('v1/a.yaml', 'v2/b.yaml'), ['v1/', 'v2/']);
    assert.deepEqual(alternativeFolders('team-a/mesh.yaml', 'team-b/mesh.yaml'), ['team-a/', 'team-b/'], 'same file name');
    assert.deepEqual(alternativeFolders('k8s/000-with-kuma.yaml', 'k8s/001-with-mtls.yaml'), ['k8s/000-with-kuma.yaml', 'k8s/001-with-mtls.yaml'], 'numbered variants');
    assert.equal(alternativeFolders('a/x.yaml', 'a/y.yaml'), undefined, 'same folder');
    assert.equal(alternativeFolders('a/01-mesh.yaml', 'a/policies.yaml'), undefined, 'one numbered file is no variant');
    assert.equal(alternativeFolders('a/one.yaml', 'b/two.yaml'), undefined, 'unrelated names');
    assert.equal(alternativeFolders('x/k8s/a.yaml', 'y/universal/a.yaml'), undefined, 'not siblings');
  });

  it('suggests declaring scopes when a duplicate sits in such folders', () => {
    const { result } = resolve({ 'dev/mesh.yaml': uMesh(), 'prod/mesh.yaml': uMesh(), 'dev/other.yaml': '' });
    const d = result.diagnostics.find((x) => x.code === 'duplicate-resource')!;
    assert.match(d.message, /dev\/ and prod\/ look like alternatives: if they go to different control planes, declare them as scopes in mesh-lens\.yaml/);
    const plain = resolve({ 'meshes.yaml': uMesh(), 'more.yaml': uMesh() }).result.diagnostics.find((x) => x.code === 'duplicate-resource')!;
    assert.doesNotMatch(plain.message, /scopes/);
  });
});

describe('scopes from mesh-lens.yaml', () => {
  const files = {
    'mesh-lens.yaml':
      'scopes:\n  - name: prod\n    files: [prod/, shared/]\n    cpConfig: cp/prod.yaml\n  - name: staging\n    files: ["staging/**", "shared/**"]\n    exclude: [staging/old/]\n    environment: universal\n',
    'cp/prod.yaml': 'dnsServer:\n  domain: prod.internal\n',
    'prod/dp.yaml': uDataplane('web-1', 'web'),
    'staging/dp.yaml': uDataplane('web-1', 'web', '10.0.0.2'),
    'staging/k8s.yaml': kDataplane('k', 'k'),
    'staging/old/dp.yaml': uDataplane('web-1', 'web', '10.0.0.3'),
    'shared/mesh.yaml': uMesh(),
    'docs/example.yaml': uDataplane('web-1', 'web'),
  };

  it('assigns files by globs, exclude and environment; files no scope names are left out', () => {
    const p = plan(files);
    assert.deepEqual(scopesOf(p), { prod: ['prod/dp.yaml', 'shared/mesh.yaml'], staging: ['shared/mesh.yaml', 'staging/dp.yaml'] });
    assert.equal(p.scopes[0]!.cpConfig?.file, 'cp/prod.yaml');
    assert.deepEqual(p.diagnostics, []);
  });

  it("applies each scope's own control-plane settings", () => {
    const { scopes, result } = resolve(files);
    const names = (s: string) => scopes.find((x) => x.scope.name === s)!.result.meshes[0]!.view.entries.map((e) => e.name);
    assert.equal(scopes.find((x) => x.scope.name === 'prod')!.result.settings.dnsDomain, 'prod.internal');
    assert.deepEqual(names('prod'), ['web']);
    assert.deepEqual(names('staging'), ['web']);
    assert.equal(result.diagnostics.filter((d) => d.code === 'duplicate-resource').length, 0);
  });

  it('resolves only the scopes asked for', () => {
    const { scopes } = resolve(files, ['staging']);
    assert.deepEqual(
      scopes.map((s) => s.scope.name),
      ['staging'],
    );
  });

  it('reports the problems of the config on it and falls back to the default scopes when no scope is valid', () => {
    const p = plan({ 'mesh-lens.yaml': 'scopes:\n  - name: a\n    files: a/\n', 'a/x.yaml': uMesh() });
    assert.deepEqual(scopesOf(p), { workspace: ['a/x.yaml'] }, 'the config is never read as resources');
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0]!.code, 'invalid-scope-config');
    assert.equal(p.diagnostics[0]!.file, 'mesh-lens.yaml');
  });

  it('applies a config only where it counts: at the root of a workspace folder', () => {
    const p = plan({ 'sub/mesh-lens.yaml': 'scopes:\n  - name: a\n    files: [x.yaml]\n', 'sub/x.yaml': uMesh() });
    assert.deepEqual(scopesOf(p), { workspace: ['sub/mesh-lens.yaml', 'sub/x.yaml'] });
    const q = plan({ 'f1/mesh-lens.yaml': 'scopes:\n  - name: a\n    files: [x.yaml]\n', 'f1/x.yaml': uMesh(), 'f2/y.yaml': uMesh() }, ['f1/mesh-lens.yaml', 'f2/mesh-lens.yaml']);
    assert.deepEqual(scopesOf(q), { a: ['f1/x.yaml'], workspace: ['f2/y.yaml'] });
  });

  it('reports a cpConfig that is not in the workspace, at its value', () => {
    const text = 'scopes:\n  - name: a\n    files: [x.yaml]\n    cpConfig: nowhere.yaml\n';
    const p = plan({ 'mesh-lens.yaml': text, 'x.yaml': uMesh() });
    assert.deepEqual(scopesOf(p), { a: ['x.yaml'] });
    const d = p.diagnostics[0]!;
    assert.equal(text.slice(d.span[0], d.span[1]), 'nowhere.yaml');
    assert.match(d.message, /nowhere\.yaml is not a YAML file of the workspace/);
  });
});

describe('default scopes: Go testdata folders', () => {
  it('makes each Kuma file under testdata/ a scope of its own, and keeps the rest together', () => {
    const p = plan({
      'pkg/get/testdata/get-mesh.golden.yaml': uMesh(),
      'pkg/export/testdata/export.golden.yaml': `${uMesh()}---\n${uDataplane('web-1', 'web')}`,
      'pkg/export/testdata/notes.yaml': 'title: not mesh\n',
      'deploy/mesh.yaml': uMesh(),
      'deploy/dp.yaml': uDataplane('web-1', 'web'),
    });
    assert.deepEqual(scopesOf(p), {
      workspace: ['deploy/dp.yaml', 'deploy/mesh.yaml', 'pkg/export/testdata/notes.yaml'],
      'pkg/export/testdata/export.golden.yaml': ['pkg/export/testdata/export.golden.yaml'],
      'pkg/get/testdata/get-mesh.golden.yaml': ['pkg/get/testdata/get-mesh.golden.yaml'],
    });
  });

  it('reports no duplicate between test cases, and still checks each case', () => {
    const badVo = 'type: VirtualOutbound\nmesh: default\nname: vo\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.service}}.mesh"\n  port: "80"\n';
    const { result } = resolve({ 'a/testdata/one.yaml': uMesh(), 'a/testdata/two.yaml': uMesh(), 'b/testdata/vo.input.yaml': badVo });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'duplicate-resource'),
      [],
    );
    assert.ok(
      result.diagnostics.some((d) => d.code === 'kuma-validation' && d.file === 'b/testdata/vo.input.yaml'),
      JSON.stringify(result.diagnostics),
    );
  });

  it('gives no empty workspace scope when every Kuma file is a test case', () => {
    assert.deepEqual(Object.keys(scopesOf(plan({ 'testdata/a.yaml': uMesh(), 'testdata/b.yaml': uMesh('other') }))), ['testdata/a.yaml', 'testdata/b.yaml']);
  });
});
