import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { toIndexOptions } from '../../server/src/workspace/settings';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

// The shape of examples/kubernetes-workloads: an injected namespace joining mesh "orders", a
// StatefulSet behind a headless Service with a per-broker VirtualOutbound, a Deployment behind a
// ClusterIP Service, and a Deployment in a namespace without injection. `$0` is put in place by `at`.
const NAMESPACES = `
//- namespaces.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: orders
  labels:
    kuma.io/sidecar-injection: enabled
  annotations:
    kuma.io/mesh: orders
---
apiVersion: v1
kind: Namespace
metadata:
  name: tools
---
apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: orders
`;

const QUEUE = `
//- queue.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{sts}}queue
  namespace: orders
spec:
  serviceName: queue
  replicas: 3
  selector:
    matchLabels:
      app: queue
  template:
    metadata:
      labels:
        app: queue
    spec:
      containers:
        - name: broker
          image: example/broker:3
          ports:
            - name: broker
              containerPort: 9092
---
apiVersion: v1
kind: Service
metadata:
  name: {{svc}}queue
  namespace: orders
spec:
  clusterIP: None
  selector:
    app: queue
  ports:
    - name: tcp-broker
      port: 9092
      targetPort: broker
---
apiVersion: kuma.io/v1alpha1
kind: VirtualOutbound
mesh: orders
metadata:
  name: queue-instances
spec:
  selectors:
    - match:
        kuma.io/service: queue_orders_svc_9092
        statefulset.kubernetes.io/pod-name: "*"
  conf:
    host: "{{.inst}}.queue.mesh"
    port: "9092"
    parameters:
      - name: svc
        tagKey: kuma.io/service
      - name: inst
        tagKey: statefulset.kubernetes.io/pod-name
`;

const CHECKOUT = `
//- checkout.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{web}}web
  namespace: orders
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: {{websvc}}web
  namespace: orders
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
      appProtocol: http
`;

const TOOLS = `
//- tools.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{debug}}debug
  namespace: tools
spec:
  replicas: 1
  selector:
    matchLabels:
      app: debug
  template:
    metadata:
      labels:
        app: debug
    spec:
      containers:
        - name: debug
          image: example/debug:1
`;

/** The workspace with the cursor on the marker `which`; every other marker is dropped. */
function at(which: string): string {
  // Fixture files are dedented as a whole: keep the headers at column 0 like the YAML.
  return [NAMESPACES, QUEUE, CHECKOUT, TOOLS].join('\n').replace(/\{\{(sts|svc|web|websvc|debug)\}\}/g, (_, m: string) => (m === which ? '$0' : ''));
}

function hoverAt(which: string): string {
  const f = loadFixture(at(which));
  return md(ls.doHover(f.snapshot, f.uri, f.position));
}

/** The hostname table rows of one pod. */
function rowsOf(text: string, pod: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`| \`${pod}\``));
}

/** The inbound tags of one derived dataplane (its list item in the tags section). */
function tagsOf(text: string, dataplane: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `- \`${dataplane}\` (mesh orders)`);
  assert.ok(start >= 0, `no tags of ${dataplane} in:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

// Expected VIPs, worked out from Kuma's allocation (kuma-semantics §6): a fresh control plane sorts
// mesh orders' entries by type (service < fqdn), then name, and hands out 240.0.0.0, .1, ...:
// service queue_orders_svc_9092 240.0.0.0, service web_orders_svc_80 240.0.0.1, then
// fqdn queue-0.queue.mesh .2, queue-1.queue.mesh .3, queue-2.queue.mesh .4.
describe('hover on Kubernetes workloads', () => {
  it('lists every pod of a StatefulSet with its own hostname, VIP and port, and its inbound tags', () => {
    const text = hoverAt('sts');
    assert.ok(text.startsWith('**StatefulSet orders/queue**: 3 derived dataplanes\n\n| pod | hostname | VIP | from |\n| --- | --- | --- | --- |\n'), text);
    for (const n of [0, 1, 2]) {
      // Its own hostname from the VirtualOutbound first, then the service's on the VIP port 80.
      assert.deepEqual(rowsOf(text, `queue-${n}`), [
        `| \`queue-${n}\` | \`queue-${n}.queue.mesh:9092\` | 240.0.0.${n + 2} | VirtualOutbound queue-instances |`,
        `| \`queue-${n}\` | \`queue_orders_svc_9092.mesh:80\` | 240.0.0.0 | service |`,
      ]);
      assert.equal(
        tagsOf(text, `queue-${n}.orders`),
        `- \`queue-${n}.orders\` (mesh orders)\n` +
          `  - inbound 0 (port 9092): \`app=queue, apps.kubernetes.io/pod-index=${n}, controller-revision-hash=queue-<hash>, k8s.kuma.io/namespace=orders, ` +
          `k8s.kuma.io/service-name=queue, k8s.kuma.io/service-port=9092, kuma.io/instance=queue-${n}, kuma.io/protocol=tcp, kuma.io/service=queue_orders_svc_9092, ` +
          `statefulset.kubernetes.io/pod-name=queue-${n}\``,
      );
    }
    assert.ok(!text.includes('placeholder'), 'StatefulSet pod names are real');
  });

  it('shows the placeholder pod names of a Deployment as not real', () => {
    const text = hoverAt('web');
    assert.ok(text.startsWith('**Deployment orders/web**: 2 derived dataplanes\n'), text);
    for (const n of [1, 2]) {
      // In a code span, so that Markdown does not take <hash> for an HTML tag.
      assert.deepEqual(rowsOf(text, `web-<hash>-#${n}`), [`| \`web-<hash>-#${n}\` (placeholder) | \`web_orders_svc_80.mesh:80\` | 240.0.0.1 | service |`]);
      assert.equal(
        tagsOf(text, `web-<hash>-#${n}.orders`),
        `- \`web-<hash>-#${n}.orders\` (mesh orders)\n` +
          '  - inbound 0 (port 8080): `app=web, k8s.kuma.io/namespace=orders, k8s.kuma.io/service-name=web, k8s.kuma.io/service-port=80, kuma.io/protocol=http, kuma.io/service=web_orders_svc_80, pod-template-hash=<hash>`',
      );
    }
    assert.ok(text.includes('\nPlaceholder pod names stand for the names Kubernetes generates: the real pods are named differently.\n'), text);
  });

  it('shows a Service: its service tag, its entry and the pods it gives an inbound', () => {
    const web = hoverAt('websvc');
    assert.ok(
      web.startsWith(
        [
          '**Service orders/web**',
          '',
          'Service tag `kuma.io/service=web_orders_svc_80`',
          '',
          // Names are escaped for Markdown: `_` would otherwise start emphasis, `<hash>` an HTML tag.
          '**Service web\\_orders\\_svc\\_80** (mesh orders)',
          '',
          '- VIP: 240.0.0.1',
          '- DNS names: web\\_orders\\_svc\\_80.mesh, web.orders.svc.80.mesh',
          '- listeners: outbound:240.0.0.1:80',
          '- from: dataplane web-\\<hash\\>-\\#1.orders, dataplane web-\\<hash\\>-\\#2.orders',
          '',
          'Inbounds on 2 derived dataplanes:',
          '',
        ].join('\n'),
      ),
      web,
    );

    const queue = hoverAt('svc');
    assert.ok(queue.includes('\nService tag `kuma.io/service=queue_orders_svc_9092`\n\n**Service queue\\_orders\\_svc\\_9092** (mesh orders)\n\n- VIP: 240.0.0.0\n'), queue);
    assert.ok(queue.includes('\nInbounds on 3 derived dataplanes:\n'), queue);
    for (const n of [0, 1, 2]) assert.ok(queue.includes(`| \`queue-${n}\` | \`queue-${n}.queue.mesh:9092\` | 240.0.0.${n + 2} | VirtualOutbound queue-instances |`), queue);
    assert.ok(!queue.includes('web_orders'), 'only the inbounds of this Service');
  });

  it('says when a workload is not injected', () => {
    const text = hoverAt('debug');
    // Kuma 2.1 (the default): no label or annotation on the pod or on namespace tools turns injection on.
    assert.equal(
      text,
      '**Deployment tools/debug** gets no dataplane in this workspace: its pods are **not injected** (neither the pod nor namespace tools sets kuma.io/sidecar-injection), ' +
        'so they run without a sidecar, outside the mesh, and no mesh hostname reaches them. Injection is set with `kuma.io/sidecar-injection: enabled`.',
    );
  });

  it('gives the reason the Kuma version has for not injecting', () => {
    // From 2.6 a webhook fires only for a namespace labelled enabled/"true" or a pod labelled exactly
    // enabled (kuma-kubernetes.md §1): a pod label "true" in an unlabelled namespace is never injected.
    const fixture = at('debug').replace('        app: debug\n    spec:', '        app: debug\n        kuma.io/sidecar-injection: "true"\n    spec:');
    assert.notEqual(fixture, at('debug'));
    const f = loadFixture(fixture, toIndexOptions({ kumaVersion: '2.6' }));
    assert.equal(
      md(ls.doHover(f.snapshot, f.uri, f.position)),
      '**Deployment tools/debug** gets no dataplane in this workspace: its pods are **not injected** (pod label kuma.io/sidecar-injection: "true" does not trigger the webhook ' +
        '(only "enabled" does) and the namespace is not labelled enabled), so they run without a sidecar, outside the mesh, and no mesh hostname reaches them. ' +
        'Injection is set with `kuma.io/sidecar-injection: enabled`.',
    );
  });

  it('does not claim a workload is not injected when something else may inject it', () => {
    const fixture = at('debug')
      .replace('  name: tools\n', '  name: tools\n  labels:\n    kuma.io/sidecar-injection: enabled\n')
      .replace(/replicas: 1/, 'replicas: 0');
    const f = loadFixture(fixture);
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.ok(!/not injected/.test(text), text);
  });
});
