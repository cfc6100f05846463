// Order does not matter: the files of a workspace, and the documents of a file, can come in any
// order. Which of two duplicates wins legitimately depends on file paths and positions, so the
// document shuffles use resources with unique names; file shuffles keep paths, so any input goes.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { resolveFiles, fcOptions, hangGuard, stableView, uniqueDocuments, workspace, WorkspaceFile } from '../helpers/arbitraries';

function permutation<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

/** The result as sets: entries per mesh (VIPs included), diagnostics without ranges (positions move with the documents). */
function asSets(files: readonly WorkspaceFile[]): { meshes: string[]; diagnostics: string[] } {
  const view = stableView(resolveFiles(files));
  return {
    meshes: view.meshes.map((m) => JSON.stringify({ name: m.name, entries: m.entries.map((e) => JSON.stringify(e)).sort() })).sort(),
    diagnostics: view.diagnostics.map((d) => JSON.stringify([d.file, d.code, d.severity, d.message, (d.related ?? []).map((r) => [r.file, r.message])])).sort(),
  };
}

describe('order properties', () => {
  it('two Kubernetes objects of one name in two files: the first by path counts, whatever the order of the files', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n';
    const deployment = (port: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n        - name: main\n          image: img:1\n          ports:\n            - containerPort: ${port}\n`;
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  selector:\n    app: app\n  ports:\n    - port: 80\n      targetPort: 8080\n';
    const files = [
      { path: 'a.yaml', text: ns + '---\n' + deployment(8080) + '---\n' + service },
      { path: 'b.yaml', text: deployment(9090) },
    ];
    const forward = stableView(resolveFiles(files));
    assert.deepEqual(stableView(resolveFiles([...files].reverse())), forward);
    assert.ok(
      forward.meshes.some((m) => m.entries.some((e) => e.name === 'app_shop_svc_80')),
      JSON.stringify(forward.meshes),
    );
    // Not injected: the diagnostic is on the first by path.
    const plain = [
      { path: 'a.yaml', text: deployment(8080).replace('  namespace: shop\n', '') },
      { path: 'b.yaml', text: deployment(9090).replace('  namespace: shop\n', '') },
    ];
    const hints = (fs: typeof plain) =>
      resolveFiles(fs)
        .diagnostics.filter((d) => d.code === 'workload-not-injected')
        .map((d) => d.file);
    assert.deepEqual(hints([...plain].reverse()), hints(plain));
  });

  it('a workload several VirtualOutbounds would select names them in the same order, wherever they are written', () => {
    const vo = (n: string) =>
      `type: VirtualOutbound\nmesh: default\nname: ${n}\nselectors:\n  - match:\n      kuma.io/service: app_shop_svc_80\nconf:\n  host: "{{.svc}}.x.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n`;
    const k8s =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n        - name: main\n          image: img:1\n          ports:\n            - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  selector:\n    app: app\n  ports:\n    - port: 80\n      targetPort: 8080\n';
    const messages = (names: string[]) =>
      resolveFiles([
        { path: 'k.yaml', text: k8s },
        { path: 'v.yaml', text: names.map(vo).join('---\n') },
      ])
        .diagnostics.filter((d) => d.code === 'workload-not-injected')
        .map((d) => [d.message, (d.related ?? []).map((r) => r.message)]);
    const forward = messages(['zulu', 'alpha']);
    assert.equal(forward.length, 1);
    assert.match(String(forward[0]![0]), /VirtualOutbound alpha, zulu would select/);
    assert.deepEqual(messages(['alpha', 'zulu']), forward);
  });

  it('shuffling the files of a workspace changes nothing', { timeout: hangGuard(120_000) }, () => {
    fc.assert(
      fc.property(
        workspace.chain((files) => fc.tuple(fc.constant(files), permutation(files))),
        ([files, shuffled]) => {
          assert.deepEqual(stableView(resolveFiles(shuffled)), stableView(resolveFiles(files)));
        },
      ),
      fcOptions(100, { seedOffset: 10 }),
    );
  });

  it('shuffling the documents of the files changes no entry, VIP or diagnostic', { timeout: hangGuard(120_000) }, () => {
    const spread = uniqueDocuments.chain((docs) => fc.tuple(fc.constant(docs), fc.array(fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml'), { minLength: docs.length, maxLength: docs.length })));
    fc.assert(
      fc.property(
        spread.chain(([docs, where]) => {
          const byFile = new Map<string, string[]>();
          docs.forEach((d, i) => byFile.set(where[i]!, [...(byFile.get(where[i]!) ?? []), d]));
          const groups = [...byFile.entries()];
          return fc.tuple(fc.constant(groups), fc.tuple(...groups.map(([, ds]) => permutation(ds))));
        }),
        ([groups, shuffled]) => {
          const original = groups.map(([path, ds]) => ({ path, text: ds.join('---\n') }));
          const reordered = groups.map(([path], i) => ({ path, text: shuffled[i]!.join('---\n') }));
          assert.deepEqual(asSets(reordered), asSets(original));
        },
      ),
      fcOptions(100, { seedOffset: 11 }),
    );
  });
});
