// kuma-kubernetes.md §1 (injection, controller dispatch, pod state) and §2 (names, mesh).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codes, deployment, derive, names, namespace, only, pod, service, virtualOutbound, yamlOf } from '../fixtures/kubernetes/build';

const INJ = 'kuma.io/sidecar-injection';
const app = { app: 'web' };

function injected(text: string, kumaVersion = '2.1', assumeInjected = false): boolean {
  return derive(text, { kumaVersion, assumeInjected }).dataplanes.length > 0;
}

describe('injection decision, Kuma 2.1', () => {
  it('injects pods of a namespace labelled enabled or "true"', () => {
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: app }))), true);
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'true' }), deployment('web', 'shop', { labels: app }))), true);
  });

  it('does not inject when nothing is set, and says nothing about a workload outside the mesh', () => {
    const r = derive(yamlOf(namespace('shop'), deployment('web', 'shop', { labels: app })));
    assert.equal(r.dataplanes.length, 0);
    assert.deepEqual(r.diagnostics, []);
  });

  it('does not count wildcards on tags every inbound has as targeting a workload', () => {
    const text = yamlOf(namespace('shop'), deployment('web', 'shop', { labels: app }));
    assert.deepEqual(derive(text, {}, [virtualOutbound('all', { 'kuma.io/service': '*' })]).diagnostics, []);
    // A service-less pod has kuma.io/instance too: a per-instance VirtualOutbound matches any such pod.
    assert.deepEqual(derive(text, {}, [virtualOutbound('per-instance', { 'kuma.io/service': '*', 'kuma.io/instance': '*' })]).diagnostics, []);
  });

  it('does not report a pod template that opts out on purpose', () => {
    const r = derive(yamlOf(namespace('shop', { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: { ...app, [INJ]: 'disabled' } })));
    assert.equal(r.dataplanes.length, 0);
    assert.deepEqual(r.diagnostics, []);
  });

  it('lets the pod label beat the namespace either way', () => {
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: { ...app, [INJ]: 'disabled' } }))), false);
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'disabled' }), deployment('web', 'shop', { labels: { ...app, [INJ]: 'enabled' } }))), true);
  });

  it('reads the pod annotation after the pod label, then the namespace label, then the namespace annotation', () => {
    // Pod label wins over the pod annotation.
    assert.equal(injected(yamlOf(namespace('shop'), deployment('web', 'shop', { labels: { ...app, [INJ]: 'false' }, annotations: { [INJ]: 'enabled' } }))), false);
    // Pod annotation wins over the namespace label.
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'disabled' }), deployment('web', 'shop', { labels: app, annotations: { [INJ]: 'enabled' } }))), true);
    // Namespace label wins over the namespace annotation.
    assert.equal(injected(yamlOf(namespace('shop', { [INJ]: 'disabled' }, { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: app }))), false);
    // The namespace annotation alone injects in 2.1.
    assert.equal(injected(yamlOf(namespace('shop', {}, { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: app }))), true);
  });

  it('treats a value other than enabled/true/disabled/false as a webhook failure: no Dataplane', () => {
    // The diagnostic: test/diagnostics/injection-value-invalid.yes.yaml.
    const text = yamlOf(namespace('shop', { [INJ]: 'yes' }), deployment('web', 'shop', { labels: app }));
    assert.equal(derive(text).dataplanes.length, 0);
  });

  it('skips pods with an exception label or an existing kuma-sidecar container', () => {
    const ns = namespace('shop', { [INJ]: 'enabled' });
    assert.equal(injected(yamlOf(ns, deployment('web', 'shop', { labels: { ...app, 'openshift.io/build.name': 'b1' } }))), false);
    assert.equal(injected(yamlOf(ns, deployment('web', 'shop', { labels: { ...app, 'openshift.io/deployer-pod-for.name': 'd' } }))), false);
    assert.equal(injected(yamlOf(ns, deployment('web', 'shop', { labels: app, containers: ['app', 'kuma-sidecar'] }))), false);
    assert.equal(injected(yamlOf(ns, deployment('web', 'shop', { labels: app, containers: ['app', 'other'] }))), true);
  });
});

describe('injection decision, later versions', () => {
  it('2.2+: annotations no longer control injection', () => {
    const podAnnotation = yamlOf(namespace('shop'), deployment('web', 'shop', { labels: app, annotations: { [INJ]: 'enabled' } }));
    const nsAnnotation = yamlOf(namespace('shop', {}, { [INJ]: 'enabled' }), deployment('web', 'shop', { labels: app }));
    for (const text of [podAnnotation, nsAnnotation]) {
      assert.equal(injected(text, '2.1'), true);
      assert.equal(injected(text, '2.2'), false);
    }
  });

  it('2.6+: a pod label "true" in an unlabelled namespace never fires the webhook; "enabled" does', () => {
    const withTrue = yamlOf(namespace('shop'), deployment('web', 'shop', { labels: { ...app, [INJ]: 'true' } }));
    assert.equal(injected(withTrue, '2.2'), true);
    assert.equal(injected(withTrue, '2.6'), false);
    const withEnabled = yamlOf(namespace('shop'), deployment('web', 'shop', { labels: { ...app, [INJ]: 'enabled' } }));
    assert.equal(injected(withEnabled, '2.6'), true);
  });

  it('2.7+: the pod label reads yes and no too (GetBooleanWithDefault); 2.6 fails the webhook on them', () => {
    const ns = namespace('shop', { [INJ]: 'enabled' });
    const yes = yamlOf(ns, deployment('web', 'shop', { labels: { ...app, [INJ]: 'yes' } }));
    assert.equal(injected(yes, '2.7'), true);
    assert.deepEqual(derive(yes, { kumaVersion: '2.7' }).diagnostics, []);
    assert.equal(injected(yes, '2.6'), false);
    assert.deepEqual(codes(derive(yes, { kumaVersion: '2.6' }).diagnostics), ['injection-value-invalid']);
    assert.equal(injected(yamlOf(ns, deployment('web', 'shop', { labels: { ...app, [INJ]: 'no' } })), '2.7'), false);
  });

  it('2.6+: kube-system is excluded', () => {
    const text = yamlOf(namespace('kube-system', { [INJ]: 'enabled' }), deployment('web', 'kube-system', { labels: app }));
    assert.equal(injected(text, '2.2'), true);
    assert.equal(injected(text, '2.6'), false);
  });

  it('2.11+: the pod label needs the namespace to have the label (any value); the CP namespace is excluded', () => {
    const unlabelled = yamlOf(namespace('shop'), deployment('web', 'shop', { labels: { ...app, [INJ]: 'enabled' } }));
    assert.equal(injected(unlabelled, '2.9'), true);
    assert.equal(injected(unlabelled, '2.11'), false);
    const labelledDisabled = yamlOf(namespace('shop', { [INJ]: 'disabled' }), deployment('web', 'shop', { labels: { ...app, [INJ]: 'enabled' } }));
    assert.equal(injected(labelledDisabled, '2.11'), true);
    const cp = yamlOf(namespace('kuma-system', { [INJ]: 'enabled' }), deployment('web', 'kuma-system', { labels: app }));
    assert.equal(injected(cp, '2.9'), true);
    assert.equal(injected(cp, '2.11'), false);
  });
});

describe('namespaces outside the workspace', () => {
  const bare = yamlOf(deployment('web', 'shop', { labels: app }));
  it('follows only the pod template by default', () => {
    assert.equal(injected(bare), false);
    assert.equal(injected(yamlOf(deployment('web', 'shop', { labels: { ...app, [INJ]: 'enabled' } }))), true);
    const r = derive(bare, {}, [virtualOutbound('web-names', { app: 'web' })]);
    assert.match(r.diagnostics[0]!.message, /--assume-injected/);
  });
  it('assumes injection with assumeInjected, unless the pod says disabled', () => {
    assert.equal(injected(bare, '2.1', true), true);
    assert.equal(injected(bare, '2.6', true), true);
    assert.equal(injected(yamlOf(deployment('web', 'shop', { labels: { ...app, [INJ]: 'disabled' } })), '2.1', true), false);
  });
  it('does not assume anything for a namespace that is in the workspace', () => {
    assert.equal(injected(yamlOf(namespace('shop'), deployment('web', 'shop', { labels: app })), '2.1', true), false);
  });
  it('uses namespace default for manifests without a namespace', () => {
    const r = derive(yamlOf(namespace('default', { [INJ]: 'enabled' }), deployment('web', undefined, { labels: app, replicas: 1 })));
    assert.equal(only(r.dataplanes).name, 'web-<hash>-#1.default');
  });
});

describe('controller dispatch and pod state', () => {
  const ns = namespace('shop', { [INJ]: 'enabled' });
  it('makes no Dataplane for zone ingress and egress pods', () => {
    assert.equal(injected(yamlOf(ns, deployment('ingress', 'shop', { labels: app, annotations: { 'kuma.io/ingress': 'enabled' } }))), false);
    assert.equal(injected(yamlOf(ns, deployment('egress', 'shop', { labels: app, annotations: { 'kuma.io/egress': 'true' } }))), false);
  });

  it('makes a builtin gateway Dataplane from kuma.io/tags without injection', () => {
    const text = yamlOf(namespace('edge'), deployment('gw', 'edge', { labels: app, annotations: { 'kuma.io/gateway': 'builtin', 'kuma.io/tags': '{"kuma.io/service":"edge-gw"}' } }));
    const dp = only(derive(text).dataplanes);
    assert.equal(dp.gateway?.type, 'BUILTIN');
    assert.deepEqual({ ...dp.gateway?.tags }, { 'kuma.io/service': 'edge-gw' });
    assert.equal(dp.inbounds.length, 0);
    const zoned = only(derive(text, { kumaVersion: '2.6' }).dataplanes);
    assert.equal(zoned.gateway?.tags['kuma.io/zone'], 'default');
  });

  it('makes a delegated gateway without inbounds: enabled -> first inbound tags without a non-tcp protocol, provided -> service-name', () => {
    const svc = service('gw', 'shop', app, [{ port: 80, appProtocol: 'http' }]);
    const enabled = only(derive(yamlOf(ns, svc, deployment('gw', 'shop', { labels: app, annotations: { 'kuma.io/gateway': 'enabled' } }))).dataplanes);
    assert.equal(enabled.gateway?.type, 'DELEGATED');
    assert.equal(enabled.inbounds.length, 0);
    assert.equal(enabled.gateway?.tags['kuma.io/service'], 'gw_shop_svc_80');
    assert.equal('kuma.io/protocol' in (enabled.gateway?.tags ?? {}), false);
    const provided = only(derive(yamlOf(ns, svc, deployment('gw', 'shop', { labels: app, annotations: { 'kuma.io/gateway': 'provided' } }))).dataplanes);
    assert.deepEqual({ ...provided.gateway?.tags }, { 'kuma.io/service-name': 'gw_shop_svc' });
  });

  it('skips finished pods and pods without an IP; evicted ones from 2.2', () => {
    const running = pod('p', 'shop', { labels: app, status: { phase: 'Running', podIP: '10.0.0.1' } });
    assert.equal(injected(yamlOf(ns, running)), true);
    assert.equal(injected(yamlOf(ns, pod('p', 'shop', { labels: app, status: { phase: 'Succeeded', podIP: '10.0.0.1' } }))), false);
    assert.equal(injected(yamlOf(ns, pod('p', 'shop', { labels: app, status: { phase: 'Pending' } }))), false);
    const evicted = yamlOf(ns, pod('p', 'shop', { labels: app, status: { phase: 'Failed', reason: 'Evicted', podIP: '10.0.0.1' } }));
    assert.equal(injected(evicted, '2.1'), true);
    assert.equal(injected(evicted, '2.2'), false);
  });
});

describe('names and mesh', () => {
  it('names the Dataplane <pod>.<namespace> and marks it as Kubernetes-derived', () => {
    const text = yamlOf(namespace('shop', { [INJ]: 'enabled' }), pod('api', 'shop', { labels: app }));
    const dp = only(derive(text).dataplanes);
    assert.equal(dp.name, 'api.shop');
    assert.equal(dp.form, 'kubernetes');
    assert.equal(dp.rejected, false);
    assert.equal(dp.derivedFrom?.podName, 'api');
    assert.equal(dp.derivedFrom?.placeholderName, false);
    assert.equal(dp.derivedFrom?.workload, 'Pod shop/api');
    assert.equal(text.slice(...nameRange(dp, text)), 'api');
  });

  it('2.1: mesh from the pod annotation, else the namespace annotation, else default; labels ignored', () => {
    const mesh = (nsLabels: Record<string, string>, nsAnn: Record<string, string>, podLabels: Record<string, string>, podAnn: Record<string, string>, v = '2.1') =>
      only(
        derive(yamlOf(namespace('shop', { [INJ]: 'enabled', ...nsLabels }, nsAnn), deployment('web', 'shop', { labels: { ...app, ...podLabels }, annotations: podAnn })), { kumaVersion: v })
          .dataplanes,
      ).mesh;
    const M = 'kuma.io/mesh';
    assert.equal(mesh({}, {}, {}, {}), 'default');
    assert.equal(mesh({}, { [M]: 'ns-mesh' }, {}, {}), 'ns-mesh');
    assert.equal(mesh({}, { [M]: 'ns-mesh' }, {}, { [M]: 'pod-mesh' }), 'pod-mesh');
    assert.equal(mesh({}, { [M]: '' }, {}, {}), 'default');
    assert.equal(mesh({ [M]: 'ns-label' }, {}, { [M]: 'pod-label' }, {}), 'default');
    // 2.9+: labels first.
    assert.equal(mesh({ [M]: 'ns-label' }, {}, { [M]: 'pod-label' }, { [M]: 'pod-mesh' }, '2.9'), 'pod-label');
    assert.equal(mesh({ [M]: 'ns-label' }, { [M]: 'ns-ann' }, {}, {}, '2.9'), 'ns-label');
    assert.equal(mesh({}, { [M]: 'ns-ann' }, {}, { [M]: 'pod-ann' }, '2.9'), 'pod-ann');
  });

  it('lists the derived dataplanes sorted by name', () => {
    const text = yamlOf(namespace('a', { [INJ]: 'enabled' }), pod('zeta', 'a', { labels: app }), pod('alpha', 'a', { labels: app }));
    assert.deepEqual(names(derive(text).dataplanes), ['alpha.a', 'zeta.a']);
  });
});

function nameRange(dp: { doc: { ast: { getIn(p: unknown[], keep: boolean): unknown } }; namePath: readonly (string | number)[] }, _text: string): [number, number] {
  const node = dp.doc.ast.getIn([...dp.namePath], true) as { range: [number, number, number] };
  return [node.range[0], node.range[1]];
}
