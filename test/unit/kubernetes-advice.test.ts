// Advice on a hostname skipped for a missing tag that can be followed on Kubernetes, where Kuma
// writes the inbound tags (kuma-kubernetes.md §4a, inbound_converter.go at 2.1.7: pod labels whose
// key contains `kuma.io/` are not copied to the inbounds of a Service).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { deployment, namespace, service, statefulSet, yamlOf } from '../fixtures/kubernetes/build';

function voReading(tagKey: string, match: Record<string, string>): string {
  const sel = Object.entries(match)
    .map(([k, v]) => `        ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: kuma.io/v1alpha1
kind: VirtualOutbound
mesh: default
metadata:
  name: by-label
spec:
  selectors:
    - match:
${sel}
  conf:
    host: "{{.v}}.shop.mesh"
    port: "80"
    parameters:
      - name: v
        tagKey: ${tagKey}
      - name: service
        tagKey: kuma.io/service
`;
}

function skipped(files: Record<string, string>): string[] {
  const r = resolveWorkspace(Object.entries(files).map(([f, t]) => analyzeFile(f, t)));
  return r.diagnostics.filter((d) => d.code === 'render-skipped').map((d) => d.message);
}

const INJECTED = namespace('shop', { 'kuma.io/sidecar-injection': 'enabled' });
const labels = { app: 'web', 'kuma.io/team': 'payments', 'example.kuma.io/tier': 'gold' };
const WORKLOAD = yamlOf(INJECTED, deployment('web', 'shop', { labels }), service('web', 'shop', { app: 'web' }, [{ port: 80 }]));

describe('advice for a parameter that reads a kuma.io/ pod label', () => {
  it('says Kuma drops the label from Service inbounds, and what to read instead', () => {
    const [message, ...rest] = skipped({ 'k8s.yaml': WORKLOAD, 'vo.yaml': voReading('kuma.io/team', { app: 'web' }) });
    assert.equal(rest.length, 0);
    assert.match(message!, /Kuma drops pod labels whose key contains 'kuma\.io\/' from the tags of inbounds from a Service, so no pod label can give 'kuma\.io\/team'/);
    assert.match(message!, /'k8s\.kuma\.io\/service-name'/);
    assert.match(message!, /such as 'team'/);
    assert.doesNotMatch(message!, /Add the tag to the inbound/);
  });

  it('covers any key that contains kuma.io/, not only the kuma.io/ prefix', () => {
    const [message] = skipped({ 'k8s.yaml': WORKLOAD, 'vo.yaml': voReading('example.kuma.io/tier', { app: 'web' }) });
    assert.match(message!, /no pod label can give 'example\.kuma\.io\/tier'/);
    assert.match(message!, /such as 'tier'/);
  });

  it('keeps the usual advice where a label would do: a label without the prefix, a Universal dataplane', () => {
    const [k8s] = skipped({ 'k8s.yaml': WORKLOAD, 'vo.yaml': voReading('team', { app: 'web' }) });
    assert.match(k8s!, /Add the tag to the inbound/);
    const universal = 'type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: web\n        app: web\n';
    const [u] = skipped({ 'dp.yaml': universal, 'vo.yaml': voReading('kuma.io/team', { app: 'web' }) });
    assert.match(u!, /Add the tag to the inbound/);
    assert.doesNotMatch(u!, /drops pod labels/);
  });

  it('on the service-less inbound the label is kept, so adding it is right', () => {
    const noService = yamlOf(INJECTED, deployment('web', 'shop', { labels: { app: 'web' } }));
    const [message] = skipped({ 'k8s.yaml': noService, 'vo.yaml': voReading('kuma.io/team', { app: 'web' }) });
    assert.match(message!, /Add the tag to the inbound/);
    const labelled = yamlOf(INJECTED, deployment('web', 'shop', { labels }));
    assert.deepEqual(skipped({ 'k8s.yaml': labelled, 'vo.yaml': voReading('kuma.io/team', { app: 'web' }) }), []);
  });

  it('kuma.io/instance: only on headless Services', () => {
    const sts = yamlOf(INJECTED, statefulSet('db', 'shop', { labels: { app: 'db' }, replicas: 2 }), service('db', 'shop', { app: 'db' }, [{ port: 5432 }]));
    const [message] = skipped({ 'k8s.yaml': sts, 'vo.yaml': voReading('kuma.io/instance', { app: 'db' }) });
    assert.match(message!, /only on inbounds from a headless Service \(clusterIP: None\)/);
    assert.match(message!, /statefulset\.kubernetes\.io\/pod-name/);
    const headless = yamlOf(INJECTED, statefulSet('db', 'shop', { labels: { app: 'db' }, replicas: 2 }), service('db', 'shop', { app: 'db' }, [{ port: 5432 }], { headless: true }));
    assert.deepEqual(skipped({ 'k8s.yaml': headless, 'vo.yaml': voReading('kuma.io/instance', { app: 'db' }) }), []);
  });
});
