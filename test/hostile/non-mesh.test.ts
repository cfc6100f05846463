// YAML that is not Kuma is left alone: GitHub Actions workflows, compose files, Helm templates that
// are not YAML, Kubernetes manifests without Kuma labels in namespaces that are not injected,
// OpenAPI, Ansible, CI configs. The corpus is test/fixtures/non-mesh.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { JsonDiagnostic } from '../../server/src/report/resolvedView';
import { NON_MESH_CORPUS, runCli, stableView } from '../helpers/arbitraries';

const CORPUS_DIR = path.join(__dirname, '..', 'fixtures', 'non-mesh');
const DIST_CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/**
 * The Kubernetes derivation hints that a workload gets no Dataplane (`workload-not-injected`,
 * severity hint) even in a workspace that has nothing of Kuma. Whether a workspace without any Kuma
 * resource or `kuma.io/` label should stay silent is an open decision (see the todo test below).
 */
const isNotInjectedHint = (d: JsonDiagnostic) => d.code === 'workload-not-injected' && d.severity === 'hint';

function check(built: boolean): JsonDiagnostic[] {
  const r = runCli(['check', CORPUS_DIR, '--format', 'json'], { built, timeout: 120_000 });
  assert.equal(r.signal, null);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

describe('non-mesh YAML is left alone', () => {
  it('the corpus has every kind of file it is meant to have', () => {
    const files = NON_MESH_CORPUS.map((f) => f.path);
    for (const expected of [/^github-actions\//, /^compose\//, /^helm\/.*templates\//, /^kubernetes\/deployment/, /^kubernetes\/configmaps/, /^openapi\//, /^ansible\//]) {
      assert.ok(files.some((f) => expected.test(f)), `no ${expected} in ${files.join(', ')}`);
    }
    assert.ok(NON_MESH_CORPUS.length >= 20);
  });

  it('each file alone: no resource, no diagnostic', () => {
    for (const f of NON_MESH_CORPUS) {
      const a = analyzeFile(f.path, f.text);
      assert.deepEqual(a.resources, [], f.path);
      assert.deepEqual(a.diagnostics, [], f.path);
    }
  });

  it('through the CLI (source): no diagnostic but the not-injected hints', { timeout: 120_000 }, () => {
    const diagnostics = check(false);
    assert.deepEqual(diagnostics.filter((d) => !isNotInjectedHint(d)), []);
  });

  it('through the built CLI, when built: the same', { timeout: 120_000, skip: !fs.existsSync(DIST_CLI) && 'dist/cli.js is not built (npm run build)' }, () => {
    const diagnostics = check(true);
    assert.deepEqual(diagnostics.filter((d) => !isNotInjectedHint(d)), []);
  });

  it('the corpus produces no diagnostics at all through the CLI', { todo: 'workload-not-injected hints in a workspace without Kuma: decision pending between the issue-7 brief and the Kubernetes derivation tests' }, () => {
    assert.deepEqual(check(false), []);
  });

  it('added to a Kuma workspace, the corpus changes no entry and draws no diagnostic but the hints', () => {
    const kuma = {
      path: 'mesh/kuma.yaml',
      text: 'type: Dataplane\nmesh: default\nname: backend-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: backend\n---\ntype: VirtualOutbound\nmesh: default\nname: all\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n',
    };
    const alone = stableView(resolveWorkspace([analyzeFile(kuma.path, kuma.text)]));
    const mixed = stableView(resolveWorkspace([kuma, ...NON_MESH_CORPUS].map((f) => analyzeFile(f.path, f.text))));
    assert.deepEqual(mixed.meshes, alone.meshes);
    assert.deepEqual(mixed.diagnostics.filter((d) => !isNotInjectedHint(d)), alone.diagnostics);
  });
});
