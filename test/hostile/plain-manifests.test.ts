// Plain Kubernetes manifests (no Kuma resource, no injected namespace, no VirtualOutbound that
// targets them) get no diagnostics at any severity: typical real-world manifests whose Services
// select workloads kept elsewhere, named target ports declared in overlays, Ingresses, ConfigMaps,
// CRDs, RBAC, a List. The same manifests next to an injected namespace, a Kuma resource or a
// VirtualOutbound that targets them do draw findings, so the silence is the rule's doing and not a
// blind reader.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { WorkspaceIndex } from '../../server/src/workspace';
import { NON_MESH_CORPUS } from '../helpers/arbitraries';

const MANIFESTS = NON_MESH_CORPUS.filter((f) => /^kubernetes(-apps)?\//.test(f.path));
const INJECTED_NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: elsewhere\n  labels:\n    kuma.io/sidecar-injection: enabled\n';
const MESH = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n';

function diagnosticsOf(extra: Record<string, string> = {}) {
  const files = [...MANIFESTS, ...Object.entries(extra).map(([path, text]) => ({ path, text }))];
  return resolveWorkspace(files.map((f) => analyzeFile(f.path, f.text))).diagnostics;
}

describe('plain Kubernetes manifests get no diagnostics', () => {
  it('the corpus has what real repositories have', () => {
    const kinds = new Set(MANIFESTS.flatMap((f) => [...f.text.matchAll(/^\s*(?:- )?kind: (\w+)$/gm)].map((m) => m[1])));
    for (const k of ['Deployment', 'StatefulSet', 'Service', 'Ingress', 'ConfigMap', 'CustomResourceDefinition', 'Namespace', 'List', 'Job']) assert.ok(kinds.has(k), `no ${k}`);
    assert.ok(MANIFESTS.length >= 10);
  });

  it('in the engine: none, of any severity', () => {
    assert.deepEqual(diagnosticsOf(), []);
  });

  it('through the language server index: none', () => {
    const index = new WorkspaceIndex([{ uri: 'file:///ws', name: 'ws' }]);
    for (const f of MANIFESTS) index.setDisk(`file:///ws/${f.path}`, f.text);
    assert.deepEqual(index.snapshot().diagnostics, []);
  });

  it('next to an injected namespace, or a Kubernetes-form Kuma resource, the same Services are reported', () => {
    const extras: Record<string, string>[] = [{ 'ns.yaml': INJECTED_NAMESPACE }, { 'mesh.yaml': MESH }];
    for (const extra of extras) {
      const found = diagnosticsOf(extra);
      const selectsNothing = found.filter((d) => d.code === 'service-selects-nothing').map((d) => d.file);
      assert.ok(selectsNothing.includes('kubernetes-apps/guestbook.yaml'), JSON.stringify(found.map((d) => d.code)));
      assert.ok(found.some((d) => d.code === 'named-target-port-unresolved' && d.file === 'kubernetes-apps/ingress-nginx.yaml'));
    }
  });

  it("a VirtualOutbound that would select one of the workloads makes them Kuma's business too", () => {
    const vo =
      'type: VirtualOutbound\nmesh: default\nname: redis\nselectors:\n  - match:\n      app: redis\nconf:\n  host: "{{.svc}}.mesh"\n  port: "6379"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n';
    const found = diagnosticsOf({ 'vo.yaml': vo });
    assert.ok(
      found.some((d) => d.code === 'workload-not-injected' && d.file === 'kubernetes-apps/guestbook.yaml'),
      JSON.stringify(found.map((d) => d.code)),
    );
  });
});
