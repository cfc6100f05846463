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
      assert.ok(
        files.some((f) => expected.test(f)),
        `no ${expected} in ${files.join(', ')}`,
      );
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

  it('through the CLI (source): no diagnostic at all', { timeout: 120_000 }, () => {
    assert.deepEqual(check(false), []);
  });

  it('through the built CLI, when built: the same', { timeout: 120_000, skip: !fs.existsSync(DIST_CLI) && 'dist/cli.js is not built (npm run build)' }, () => {
    assert.deepEqual(check(true), []);
  });

  it('added to a Kuma workspace with a catch-all VirtualOutbound, the corpus changes no entry and draws no diagnostic', () => {
    const kuma = {
      path: 'mesh/kuma.yaml',
      text: 'type: Dataplane\nmesh: default\nname: backend-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: backend\n---\ntype: VirtualOutbound\nmesh: default\nname: all\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n',
    };
    const alone = stableView(resolveWorkspace([analyzeFile(kuma.path, kuma.text)]));
    const mixed = stableView(resolveWorkspace([kuma, ...NON_MESH_CORPUS].map((f) => analyzeFile(f.path, f.text))));
    assert.deepEqual(mixed.meshes, alone.meshes);
    assert.deepEqual(mixed.diagnostics, alone.diagnostics);
  });
});
