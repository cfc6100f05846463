// Overlay patches Mesh Lens applies without kustomize: only those whose result is certain, with
// findings on a patched value reported on the patch.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { applyPatches, mapSpanBack } from '../../server/src/engine/scopes/patches';
import { fileForm, planScopes } from '../../server/src/engine/scopes/plan';
import { resolveScopes } from '../../server/src/engine/scopes/resolve';

const vo = (host: string, port = '"80"') =>
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: hosts\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "${host}" # the base's host\n    port: ${port}\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n`;
const dp = `apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: web-1\n  namespace: demo\nspec:\n  networking:\n    address: 10.0.0.1\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web\n`;
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const patchOf = (conf: string) => `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmetadata:\n  name: hosts\nspec:\n  conf:\n${conf}`;

function resolve(files: Record<string, string>) {
  const analyses = Object.entries(files).map(([file, text]) => analyzeFile(file, text));
  const plan = planScopes(analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })));
  return resolveScopes(analyses, plan, {});
}

const BASE = {
  'base/kustomization.yaml': kustomization('resources: [vo.yaml, dp.yaml]\n'),
  'base/vo.yaml': vo('{{.service}}.base.mesh'),
  'base/dp.yaml': dp,
  'plain/kustomization.yaml': kustomization('resources: [../base]\n'),
};

describe('overlay patches', () => {
  it('applies a patch that replaces existing values, in that overlay only, and says nothing could differ', () => {
    const { scopes, result } = resolve({
      ...BASE,
      'patched/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - path: host.yaml\n'),
      'patched/host.yaml': patchOf('    host: \'{{.service}}.patched.mesh\'\n    port: "8080"\n'),
    });
    const hosts = (name: string) => scopes.find((s) => s.scope.name === name)!.result.meshes[0]!.view.entries.map((e) => `${e.name}:${e.outbounds.map((o) => o.port).join(',')}`);
    assert.deepEqual(hosts('patched'), ['web:0', 'web.patched.mesh:8080']);
    assert.deepEqual(hosts('plain'), ['web:0', 'web.base.mesh:80']);
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'overlay-not-built'),
      [],
    );
  });

  it('reports a finding on a patched value on the patch, and the rest of the target where it is', () => {
    const text = patchOf('    port: "80000"\n');
    const { result } = resolve({
      ...BASE,
      'base/vo.yaml': vo('{{.service}}.base.mesh').replace('selectors:', 'bogus: 1\n  selectors:'),
      'patched/kustomization.yaml': kustomization('resources: [../base]\npatchesStrategicMerge: [port.yaml]\n'),
      'patched/port.yaml': text,
    });
    const onPatch = result.diagnostics.filter((d) => d.file === 'patched/port.yaml');
    assert.equal(onPatch.length, 1, JSON.stringify(result.diagnostics));
    assert.equal(onPatch[0]!.code, 'kuma-validation');
    assert.equal(text.slice(onPatch[0]!.span[0], onPatch[0]!.span[1]), '"80000"');
    assert.doesNotMatch(onPatch[0]!.message, /\[scope/, 'the patch is in one overlay only');
    const unknown = result.diagnostics.filter((d) => d.code === 'unknown-field' && d.file === 'base/vo.yaml');
    assert.equal(unknown.length, 1, 'said once: both overlays see the same unknown field at the same place');
  });

  it('leaves alone, and names, a patch it cannot apply exactly', () => {
    const cases: [string, RegExp][] = [
      [patchOf('    parameters:\n      - name: service\n        tagKey: app\n'), /replaces the list spec\.conf\.parameters \(kustomize may merge it by key\)/],
      [patchOf('    tls: true\n'), /adds spec\.conf\.tls, which base\/vo\.yaml does not have/],
      [patchOf('    host: null\n'), /sets spec\.conf\.host to null/],
      [patchOf('    $patch: replace\n    host: x\n'), /the directive \$patch/],
      [patchOf('    host: |\n      x.mesh\n'), /a multi-line or anchored value at spec\.conf\.host/],
      [patchOf('    host: x.mesh\n').replace('name: hosts', 'name: other'), /no resource VirtualOutbound other in the overlay to patch/],
      ['a: [\n', /not readable YAML/],
    ];
    for (const [patch, why] of cases) {
      const { scopes, result } = resolve({ ...BASE, 'o/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - path: p.yaml\n'), 'o/p.yaml': patch });
      const note = result.diagnostics.find((d) => d.code === 'overlay-not-built' && d.file === 'o/kustomization.yaml');
      assert.ok(note, patch);
      assert.match(note.message, why);
      assert.match(note.message, /^Mesh Lens reads overlay o without running kustomize\. Not applied: patch o\/p\.yaml: /);
      const o = scopes.find((s) => s.scope.name === 'o')!;
      assert.deepEqual(
        o.result.meshes[0]!.view.entries.map((e) => e.name),
        ['web', 'web.base.mesh'],
        'the base as written',
      );
    }
  });

  it('survives hostile patches and kustomizations: an alias bomb, deep nesting, a reference cycle', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nkind: VirtualOutbound\nmetadata: {name: hosts}\n';
    const deep = patchOf('    host:\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(6 + 2 * i)}k${i}:\n`).join('') + `${' '.repeat(606)}v: 1\n`);
    for (const patch of [bomb, deep]) {
      const { result } = resolve({ ...BASE, 'o/kustomization.yaml': kustomization('resources: [../base, ../o]\npatches:\n  - path: p.yaml\n'), 'o/p.yaml': patch });
      const note = result.diagnostics.find((d) => d.code === 'overlay-not-built' && d.file === 'o/kustomization.yaml');
      assert.ok(note, 'the patch is named, not applied');
      assert.match(note.message, /patch o\/p\.yaml: /);
      if (patch === deep) assert.match(note.message, /spec\.conf\.host is not a mapping in base\/vo\.yaml/);
    }
  });

  it('keeps every line of the target where it was', () => {
    const target = vo('{{.service}}.base.mesh');
    const patch = patchOf('    host: "a-much-longer-hostname.{{.service}}.mesh"\n');
    const { files, applied } = applyPatches([{ file: 'p.yaml', text: patch }], [{ file: 't.yaml', text: target }]);
    assert.deepEqual(applied, ['p.yaml']);
    const patched = files.get('t.yaml')!;
    assert.equal(patched.text.split('\n').length, target.split('\n').length);
    assert.match(patched.text, /host: "a-much-longer-hostname\.\{\{\.service\}\}\.mesh" # the base's host\n/);
    // A span after the edit maps back to the same text of the original.
    const at = patched.text.indexOf('port:');
    const back = mapSpanBack(patched, [at, at + 5]);
    assert.equal(back.file, 't.yaml');
    assert.equal(target.slice(back.span[0], back.span[1]), 'port:');
    const inValue = patched.text.indexOf('a-much');
    assert.deepEqual(mapSpanBack(patched, [inValue, inValue + 3]), { file: 'p.yaml', span: [patch.indexOf('"a-much'), patch.indexOf('mesh"') + 5] });
  });
});

describe('overlays in declared scopes', () => {
  it('applies the patches of an overlay whose kustomization a declared scope names, and notes the rest once', () => {
    const files = {
      ...BASE,
      'mesh-lens.yaml': 'scopes:\n  - name: prod\n    files: [base/, patched/]\n  - name: prod-again\n    files: [base/, patched/]\n    kumaVersion: "2.9"\n',
      'patched/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - path: host.yaml\nnamePrefix: p-\n'),
      'patched/host.yaml': patchOf("    host: '{{.service}}.patched.mesh'\n"),
    };
    const analyses = Object.entries(files).map(([file, text]) => analyzeFile(file, text));
    const plan = planScopes(
      analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })),
      ['mesh-lens.yaml'],
    );
    const { scopes, result } = resolveScopes(analyses, plan, {});
    assert.deepEqual(
      scopes.map((s) => s.scope.name),
      ['prod', 'prod-again'],
    );
    assert.deepEqual(
      scopes[0]!.result.meshes[0]!.view.entries.map((e) => e.name),
      ['web', 'web.patched.mesh'],
    );
    const notes = result.diagnostics.filter((d) => d.code === 'overlay-not-built');
    assert.equal(notes.length, 1, 'both scopes say it: once');
    assert.match(notes[0]!.message, /^Mesh Lens reads overlay patched without running kustomize\. Applied exactly: patched\/host\.yaml\. Not applied: namePrefix\./);
  });
});
