import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { loadFixture } from '../helpers/lspFixture';

const md = (h: ReturnType<typeof hover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

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
  return [NAMESPACES, QUEUE, CHECKOUT, TOOLS]
    .join('\n')
    .replace(/\{\{(sts|svc|web|websvc|debug)\}\}/g, (_, m: string) => (m === which ? '$0' : ''));
}

function hoverAt(which: string): string {
  const f = loadFixture(at(which));
  return md(hover(f.snapshot, f.uri, f.position));
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

describe('hover on Kubernetes workloads', () => {
  it('lists every pod of a StatefulSet with its own hostname, VIP and port, and its inbound tags', () => {
    const text = hoverAt('sts');
    assert.match(text, /\*\*StatefulSet orders\/queue\*\*: 3 derived dataplanes/);
    assert.match(text, /\| pod \| hostname \| VIP \| from \|/);
    const vips = new Set<string>();
    for (const n of [0, 1, 2]) {
      const rows = rowsOf(text, `queue-${n}`);
      assert.equal(rows.length, 2, `the service hostname and the broker's own:\n${rows.join('\n')}`);
      // Its own hostname from the VirtualOutbound, with its own VIP; no other broker's.
      const own = rows.map((r) => new RegExp(`^\\| \`queue-${n}\` \\| \`queue-${n}\\.queue\\.mesh:9092\` \\| (240\\.0\\.0\\.\\d+) \\| VirtualOutbound queue-instances \\|$`).exec(r)).find(Boolean);
      assert.ok(own, `hostname of queue-${n} in\n${rows.join('\n')}`);
      vips.add(own[1]);
      for (const other of [0, 1, 2].filter((m) => m !== n)) assert.ok(!rows.join('\n').includes(`queue-${other}.queue.mesh`), `queue-${other}'s hostname on queue-${n}`);
      // And the service's hostnames on the VIP port.
      assert.ok(
        rows.some((r) => /\| `queue_orders_svc_9092\.mesh:80` \| 240\.0\.0\.\d+ \| service \|$/.test(r)),
        rows.join('\n'),
      );
      assert.ok(!rows.join('\n').includes('placeholder'), 'StatefulSet pod names are real');
      const tags = tagsOf(text, `queue-${n}.orders`);
      assert.ok(tags.includes('inbound 0 (port 9092)'), tags);
      for (const tag of ['kuma.io/service=queue_orders_svc_9092', `statefulset.kubernetes.io/pod-name=queue-${n}`, `kuma.io/instance=queue-${n}`]) {
        assert.ok(tags.includes(tag), `${tag} in\n${tags}`);
      }
    }
    assert.equal(vips.size, 3, 'one VIP per broker hostname');
    assert.ok(!/:0\b/.test(text), 'no port 0 shown');
  });

  it('shows the placeholder pod names of a Deployment as not real', () => {
    const text = hoverAt('web');
    assert.match(text, /\*\*Deployment orders\/web\*\*: 2 derived dataplanes/);
    for (const n of [1, 2]) {
      // In a code span, so that Markdown does not take <hash> for an HTML tag.
      const rows = rowsOf(text, `web-<hash>-#${n}`);
      assert.equal(rows.length, 1, text);
      assert.match(rows[0], /^\| `web-<hash>-#\d` \(placeholder\) \| `web_orders_svc_80\.mesh:80` \| 240\.0\.0\.\d+ \| service \|$/);
      const tags = tagsOf(text, `web-<hash>-#${n}.orders`);
      assert.ok(tags.includes('kuma.io/service=web_orders_svc_80'), tags);
      assert.ok(!tags.includes('kuma.io/instance='), 'no instance tag behind a ClusterIP Service');
    }
    assert.match(text, /Placeholder pod names stand for the names Kubernetes generates/);
    assert.ok(!/(^|[^`])web-<hash>/m.test(text.replace(/`[^`]*`/g, '')), 'no raw <hash> outside code spans');
  });

  it('shows a Service: its service tag, its entry and the pods it gives an inbound', () => {
    const web = hoverAt('websvc');
    assert.match(web, /\*\*Service orders\/web\*\*/);
    assert.ok(web.includes('`kuma.io/service=web_orders_svc_80`'), web);
    assert.match(web, /\*\*Service web_orders_svc_80\*\* \(mesh orders\)/);
    assert.match(web, /- VIP: 240\.0\.0\.\d+/);
    assert.match(web, /- DNS names: web_orders_svc_80\.mesh, web\.orders\.svc\.80\.mesh/);
    assert.match(web, /- listeners: outbound:240\.0\.0\.\d+:80/);
    assert.match(web, /Inbounds on 2 derived dataplanes/);

    const queue = hoverAt('svc');
    assert.ok(queue.includes('`kuma.io/service=queue_orders_svc_9092`'), queue);
    assert.match(queue, /\*\*Service queue_orders_svc_9092\*\* \(mesh orders\)/);
    assert.match(queue, /Inbounds on 3 derived dataplanes/);
    for (const n of [0, 1, 2]) assert.ok(queue.includes(`\`queue-${n}.queue.mesh:9092\``), `queue-${n}.queue.mesh in\n${queue}`);
    assert.ok(!queue.includes('web_orders'), 'only the inbounds of this Service');
  });

  it('says when a workload is not injected', () => {
    const text = hoverAt('debug');
    assert.match(text, /\*\*Deployment tools\/debug\*\* gets no dataplane/);
    assert.match(text, /not injected/);
    assert.ok(text.includes('namespace tools'), text);
  });

  it('does not claim a workload is not injected when something else may inject it', () => {
    const fixture = at('debug').replace('  name: tools\n', '  name: tools\n  labels:\n    kuma.io/sidecar-injection: enabled\n').replace(/replicas: 1/, 'replicas: 0');
    const f = loadFixture(fixture);
    const text = md(hover(f.snapshot, f.uri, f.position));
    assert.ok(!/not injected/.test(text), text);
  });
});
