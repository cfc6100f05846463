// Pods that are already injected (kuma.io/sidecar-injected) and delegated gateway pods
// (kuma.io/gateway: enabled|provided). The cases are Kuma 2.1.7's own: pod_controller_test.go
// ("should generate Dataplane resource for every Pod that has Kuma sidecar injected", the pods
// without a sidecar or an IP) and pod_converter_test.go entries 03, 14, 18, 20, 21 and 22, written
// as workspaces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derive, only } from '../fixtures/kubernetes/build';

const NAMESPACE_DEMO = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n';

// pod_controller_test.go: the Services of namespace demo.
const CONTROLLER_SERVICES = `apiVersion: v1
kind: Service
metadata:
  namespace: demo
  name: example
spec:
  clusterIP: 192.168.0.1
  ports:
    - port: 80
      targetPort: 8080
      appProtocol: http
    - protocol: TCP
      port: 6061
      targetPort: metrics
  selector:
    app: sample
---
apiVersion: v1
kind: Service
metadata:
  namespace: demo
  name: ignored-service
  annotations:
    kuma.io/ignore: "true"
spec:
  clusterIP: 192.168.0.1
  ports:
    - port: 85
      targetPort: 8080
  selector:
    app: sample
`;

function controllerPod(name: string, annotations: Record<string, string>, status: string): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  namespace: demo
  name: ${name}
${ann ? `  annotations:\n${ann}\n` : ''}  labels:
    app: sample
spec:
  containers:
    - ports:
        - containerPort: 8080
    - ports:
        - containerPort: 6060
          name: metrics
${status}`;
}

const RUNNING = 'status:\n  podIP: 192.168.0.1\n';

function workspace(...docs: string[]): string {
  return docs.join('---\n');
}

describe('pods already injected (Kuma 2.1.7 pod controller)', () => {
  it('gives a pod annotated kuma.io/sidecar-injected a Dataplane in the mesh of its kuma.io/mesh annotation, in a namespace with no injection label', () => {
    const text = workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, controllerPod('pod-with-kuma-sidecar-and-ip', { 'kuma.io/mesh': 'poc', 'kuma.io/sidecar-injected': 'true' }, RUNNING));
    const dp = only(derive(text).dataplanes);
    assert.equal(dp.name, 'pod-with-kuma-sidecar-and-ip.demo');
    assert.equal(dp.mesh, 'poc');
    assert.equal(dp.derivedFrom?.alreadyInjected, true);
    assert.deepEqual(
      dp.inbounds.map((i) => ({ port: i.port, tags: { ...i.tags } })),
      [
        {
          port: 8080,
          tags: {
            app: 'sample',
            'kuma.io/protocol': 'http',
            'kuma.io/service': 'example_demo_svc_80',
            'k8s.kuma.io/service-name': 'example',
            'k8s.kuma.io/service-port': '80',
            'k8s.kuma.io/namespace': 'demo',
          },
        },
        {
          port: 6060,
          tags: {
            app: 'sample',
            'kuma.io/service': 'example_demo_svc_6061',
            'kuma.io/protocol': 'tcp',
            'k8s.kuma.io/service-name': 'example',
            'k8s.kuma.io/service-port': '6061',
            'k8s.kuma.io/namespace': 'demo',
          },
        },
      ],
    );
    // The expected Dataplane has no transparentProxying: the pod has no such annotation.
    assert.equal(dp.transparentProxying, false);
  });

  it('ignores a pod without the annotation and a pod without an IP', () => {
    assert.deepEqual(derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, controllerPod('pod-without-kuma-sidecar', {}, RUNNING))).dataplanes, []);
    const noIp = controllerPod('pod-with-kuma-sidecar-but-no-ip', { 'kuma.io/sidecar-injected': 'true' }, 'status:\n  phase: Pending\n');
    assert.deepEqual(derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, noIp)).dataplanes, []);
  });

  it('takes the pod itself over the namespace: injection disabled there, or a kuma-sidecar container already present', () => {
    const disabledNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    kuma.io/sidecar-injection: disabled\n';
    const dp = only(derive(workspace(disabledNs, CONTROLLER_SERVICES, controllerPod('p', { 'kuma.io/sidecar-injected': 'true' }, RUNNING))).dataplanes);
    assert.equal(dp.mesh, 'default');
    const withSidecar = `apiVersion: v1
kind: Pod
metadata:
  namespace: demo
  name: dumped
  annotations:
    kuma.io/sidecar-injected: "true"
    kuma.io/mesh: payments
    kuma.io/transparent-proxying: enabled
    kuma.io/transparent-proxying-inbound-port: "15006"
    kuma.io/transparent-proxying-outbound-port: "15001"
    kuma.io/transparent-proxying-reachable-services: "a_demo_svc_80,b_demo_svc_80"
  labels:
    app: sample
spec:
  containers:
    - name: app
      ports:
        - containerPort: 8080
    - name: kuma-sidecar
${RUNNING}`;
    const dumped = only(derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, withSidecar)).dataplanes);
    assert.equal(dumped.mesh, 'payments');
    assert.equal(dumped.transparentProxying, true);
    assert.deepEqual(dumped.reachableServices, ['a_demo_svc_80', 'b_demo_svc_80']);
    // The pod's own labels, without the mesh label the 2.9+ injector would have stamped.
    assert.equal(dumped.inbounds[0]!.tags['kuma.io/mesh'], undefined);
    assert.equal(only(derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, withSidecar), { kumaVersion: '2.9' }).dataplanes).inbounds.length, 1);
  });

  it('writes no Dataplane where the controller fails on the annotations, and none for disabled or false', () => {
    const make = (a: Record<string, string>) => derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, controllerPod('p', a, RUNNING))).dataplanes.length;
    assert.equal(make({ 'kuma.io/sidecar-injected': 'false' }), 0);
    assert.equal(make({ 'kuma.io/sidecar-injected': 'disabled' }), 0);
    assert.equal(make({ 'kuma.io/sidecar-injected': 'yes' }), 0);
    assert.equal(make({ 'kuma.io/sidecar-injected': 'enabled' }), 1);
    // "transparent proxying inbound port has to be set in transparent mode"
    assert.equal(make({ 'kuma.io/sidecar-injected': 'true', 'kuma.io/transparent-proxying': 'enabled' }), 0);
    assert.equal(make({ 'kuma.io/sidecar-injected': 'true', 'kuma.io/transparent-proxying': 'on' }), 0);
    assert.equal(make({ 'kuma.io/sidecar-injected': 'true', 'kuma.io/envoy-admin-port': 'x' }), 0);
  });

  it('says nothing about a pre-injected pod as "not injected", even when a VirtualOutbound would select it', () => {
    const r = derive(workspace(NAMESPACE_DEMO, CONTROLLER_SERVICES, controllerPod('p', { 'kuma.io/sidecar-injected': 'true', 'kuma.io/envoy-admin-port': 'x' }, RUNNING)));
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      [],
    );
  });
});

// pod_converter_test.go: the converter runs with zone "zone-1"; an injected namespace stands for the injection.
const INJECTED_DEMO = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    kuma.io/sidecar-injection: enabled\n';

function converterPod(gateway: string, owner?: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  namespace: demo
${owner ? `  ownerReferences:\n    - name: ${owner}\n      kind: ReplicaSet\n` : ''}  name: example
  labels:
    app: example
    version: "0.1"
  annotations:
    kuma.io/gateway: ${gateway}
spec:
  containers:
    - ports:
        - containerPort: 7070
        - containerPort: 6060
          name: metrics
status:
  podIP: 192.168.0.1
`;
}

const TWO_PORT_SERVICE = `apiVersion: v1
kind: Service
metadata:
  namespace: demo
  name: example
spec:
  clusterIP: 192.168.0.1
  selector:
    app: example
  ports:
    - port: 80
      targetPort: 8080
    - protocol: TCP
      port: 443
      targetPort: 8443
`;

const FIRST_INBOUND_TAGS = {
  app: 'example',
  'k8s.kuma.io/namespace': 'demo',
  'k8s.kuma.io/service-name': 'example',
  'k8s.kuma.io/service-port': '80',
  'kuma.io/protocol': 'tcp',
  'kuma.io/service': 'example_demo_svc_80',
  'kuma.io/zone': 'zone-1',
  version: '0.1',
};

function gatewayTags(...docs: string[]): Record<string, string> {
  const dp = only(derive(workspace(INJECTED_DEMO, ...docs), { zone: 'zone-1' }).dataplanes);
  assert.equal(dp.gateway?.type, 'DELEGATED');
  assert.deepEqual(dp.inbounds, []);
  return { ...dp.gateway?.tags };
}

describe('delegated gateway pods (Kuma 2.1.7 pod converter)', () => {
  it('03: kuma.io/gateway: enabled takes the first inbound tags', () => {
    assert.deepEqual(gatewayTags(converterPod('enabled'), TWO_PORT_SERVICE), FIRST_INBOUND_TAGS);
  });

  it('14: a gateway pod without a Service takes the service-less inbound tags', () => {
    assert.deepEqual(gatewayTags(converterPod('enabled')), {
      app: 'example',
      'k8s.kuma.io/namespace': 'demo',
      'kuma.io/instance': 'example',
      'kuma.io/protocol': 'tcp',
      'kuma.io/service': 'example_demo_svc',
      'kuma.io/zone': 'zone-1',
      version: '0.1',
    });
  });

  it('18: an enabled gateway drops a non-tcp protocol', () => {
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: demo\n  name: example\nspec:\n  clusterIP: 192.168.0.1\n  selector:\n    app: example\n  ports:\n    - protocol: TCP\n      appProtocol: http\n      port: 443\n      targetPort: 8443\n';
    assert.deepEqual(gatewayTags(converterPod('enabled'), svc), {
      app: 'example',
      'k8s.kuma.io/namespace': 'demo',
      'k8s.kuma.io/service-name': 'example',
      'k8s.kuma.io/service-port': '443',
      'kuma.io/service': 'example_demo_svc_443',
      'kuma.io/zone': 'zone-1',
      version: '0.1',
    });
  });

  it('20: kuma.io/gateway: provided on a pod of a Deployment (through its ReplicaSet) is tagged by the Deployment', () => {
    const rs =
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: replicaSetOne\n  namespace: demo\n  ownerReferences:\n    - name: deploymentOne\n      kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app-image\n';
    assert.deepEqual(gatewayTags(converterPod('provided', 'replicaSetOne'), TWO_PORT_SERVICE, rs), { 'kuma.io/service-name': 'deploymentOne_demo_svc' });
  });

  it('21: provided on a pod with no owner falls back to the first inbound tags', () => {
    assert.deepEqual(gatewayTags(converterPod('provided'), TWO_PORT_SERVICE), FIRST_INBOUND_TAGS);
  });

  it('22: provided on a pod of a ReplicaSet that no Deployment owns falls back to the first inbound tags', () => {
    const rs =
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: replicaSetOne\n  namespace: demo\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app-image\n';
    assert.deepEqual(gatewayTags(converterPod('provided', 'replicaSetOne'), TWO_PORT_SERVICE, rs), FIRST_INBOUND_TAGS);
  });

  it('any other kuma.io/gateway value fails the converter ("invalid delegated gateway type"): no Dataplane', () => {
    for (const value of ['true', 'disabled', '""']) {
      const r = derive(workspace(INJECTED_DEMO, converterPod(value), TWO_PORT_SERVICE), { zone: 'zone-1' });
      assert.deepEqual(r.dataplanes, [], value);
    }
    // A pre-injected pod fails the same way.
    const pre = converterPod('"yes"').replace('  annotations:\n', '  annotations:\n    kuma.io/sidecar-injected: "true"\n');
    assert.deepEqual(derive(workspace(NAMESPACE_DEMO, pre, TWO_PORT_SERVICE)).dataplanes, []);
    assert.equal(derive(workspace(NAMESPACE_DEMO, pre.replace('"yes"', 'enabled'), TWO_PORT_SERVICE)).dataplanes.length, 1);
  });

  it('provided keeps a non-tcp protocol in the fallback (only "enabled" drops it), and a Deployment gets its name even where no port resolves', () => {
    const http = TWO_PORT_SERVICE.replace('    - port: 80\n', '    - port: 80\n      appProtocol: http\n');
    assert.equal(gatewayTags(converterPod('provided'), http)['kuma.io/protocol'], 'http');
    // A Deployment's provided gateway needs no inbound: a Service whose ports reach nothing does not stop it (2.1).
    const udp = 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: demo\n  name: gw\nspec:\n  selector:\n    app: gw\n  ports:\n    - port: 53\n      protocol: UDP\n';
    const deploymentGw =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gw\n  namespace: demo\nspec:\n  template:\n    metadata:\n      labels:\n        app: gw\n      annotations:\n        kuma.io/gateway: provided\n    spec:\n      containers:\n        - name: gw\n';
    const r = derive(workspace(INJECTED_DEMO, udp, deploymentGw), { zone: 'zone-1' });
    assert.deepEqual({ ...only(r.dataplanes).gateway?.tags }, { 'kuma.io/service-name': 'gw_demo_svc' });
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      [],
    );
  });
});
