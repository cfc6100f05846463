// kuma-kubernetes.md §3 (which Services count, port resolution), §4a/§4b (tags) and §6.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployment, derive, namespace, only, plainTags, pod, service, statefulSet, yamlOf } from '../fixtures/kubernetes/build';

const INJ = 'kuma.io/sidecar-injection';
const ns = namespace('shop', { [INJ]: 'enabled' });
const app = { app: 'web' };

function web(o: Parameters<typeof deployment>[2] = {}) {
  return deployment('web', 'shop', { labels: app, replicas: 1, ports: [{ containerPort: 8080, name: 'http' }], ...o });
}

function inbounds(text: string, kumaVersion = '2.1') {
  return only(derive(text, { kumaVersion }).dataplanes).inbounds;
}

describe('which Services count', () => {
  it('uses Services of the same namespace whose whole non-empty selector is on the pod, sorted by name', () => {
    const text = yamlOf(
      ns,
      web(),
      service('zeta', 'shop', app, [{ port: 81, targetPort: 8080 }]),
      service('alpha', 'shop', app, [{ port: 80, targetPort: 8080 }]),
      service('other-ns', 'elsewhere', app, [{ port: 82 }]),
      service('partial', 'shop', { app: 'web', tier: 'db' }, [{ port: 83 }]),
      service('ignored', 'shop', app, [{ port: 84 }], { annotations: { 'kuma.io/ignore': 'true' } }),
      service('ignored2', 'shop', app, [{ port: 85 }], { annotations: { 'kuma.io/ignore': 'enabled' } }),
      service('selectorless', 'shop', {}, [{ port: 86 }]),
    );
    const ib = inbounds(text);
    assert.deepEqual(
      ib.map((i) => i.tags['k8s.kuma.io/service-name']),
      ['alpha', 'zeta'],
    );
    assert.deepEqual(
      ib.map((i) => i.index),
      [0, 1],
    );
  });

  it('gives two inbounds with the same port for two Services on one container port', () => {
    const ib = inbounds(yamlOf(ns, web(), service('a', 'shop', app, [{ port: 80, targetPort: 8080 }]), service('b', 'shop', app, [{ port: 90, targetPort: 8080 }])));
    assert.deepEqual(
      ib.map((i) => i.port),
      [8080, 8080],
    );
  });

  it('matches selectors against the labels Kubernetes adds (a StatefulSet pod-name selector picks one pod)', () => {
    const text = yamlOf(
      namespace('kafka', { [INJ]: 'enabled' }),
      statefulSet('kafka', 'kafka', { labels: { app: 'kafka' }, replicas: 2 }),
      service('kafka-0', 'kafka', { 'statefulset.kubernetes.io/pod-name': 'kafka-0' }, [{ port: 9092 }]),
    );
    const dps = derive(text).dataplanes;
    assert.equal(dps.find((d) => d.name === 'kafka-0.kafka')?.inbounds[0]!.tags['kuma.io/service'], 'kafka-0_kafka_svc_9092');
    assert.equal(dps.find((d) => d.name === 'kafka-1.kafka')?.inbounds[0]!.port, 49151);
  });

  it('2.1 uses an ExternalName Service with a selector; 2.5+ skips it', () => {
    const text = yamlOf(ns, web(), service('ext', 'shop', app, [{ port: 80, targetPort: 8080 }], { type: 'ExternalName' }));
    assert.equal(inbounds(text, '2.1')[0]!.tags['kuma.io/service'], 'ext_shop_svc_80');
    assert.equal(inbounds(text, '2.6')[0]!.tags['kuma.io/service'], 'web_shop_svc');
  });
});

describe('port resolution', () => {
  it('resolves a named targetPort to the container port, and uses a numeric one as-is even if undeclared', () => {
    const ib = inbounds(
      yamlOf(
        ns,
        web(),
        service('web', 'shop', app, [
          { port: 80, targetPort: 'http' },
          { port: 81, targetPort: 9999 },
        ]),
      ),
    );
    assert.deepEqual(
      ib.map((i) => i.port),
      [8080, 9999],
    );
  });

  it('defaults targetPort to port and skips non-TCP ports', () => {
    const ib = inbounds(yamlOf(ns, web(), service('web', 'shop', app, [{ port: 53, protocol: 'UDP' }, { port: 7000 }, { port: 7001, protocol: 'SCTP' }])));
    assert.deepEqual(
      ib.map((i) => [i.port, i.tags['k8s.kuma.io/service-port']]),
      [[7000, '7000']],
    );
  });

  it('searches only spec.containers, never init containers; skips an unresolved named port', () => {
    const text = yamlOf(
      ns,
      web({ ports: [{ containerPort: 8080, name: 'http' }], initPorts: [{ containerPort: 9000, name: 'admin' }] }),
      service('web', 'shop', app, [
        { port: 80, targetPort: 'admin' },
        { port: 81, targetPort: 'http' },
      ]),
    );
    const r = derive(text);
    // The diagnostic on the Service port: test/diagnostics/named-target-port-unresolved.init-container.yaml.
    assert.deepEqual(
      only(r.dataplanes).inbounds.map((i) => i.port),
      [8080],
    );
  });

  it('requires the named port to have the Service port protocol', () => {
    const text = yamlOf(ns, web({ ports: [{ containerPort: 5353, name: 'dns', protocol: 'UDP' }] }), service('web', 'shop', app, [{ port: 53, targetPort: 'dns' }]));
    assert.equal(derive(text).dataplanes.length, 0); // 2.1: matching Service, zero inbounds
  });

  it('2.1: matching Services but no inbound -> no Dataplane; 2.8+: service-less inbound', () => {
    const text = yamlOf(
      ns,
      web(),
      service('web', 'shop', app, [
        { port: 80, targetPort: 'missing' },
        { port: 53, protocol: 'UDP' },
      ]),
    );
    const r21 = derive(text, { kumaVersion: '2.1' });
    // The diagnostics: test/diagnostics/no-dataplane-generated.named-and-udp.yaml and named-target-port-unresolved.kuma-2-8-service-less.yaml.
    assert.equal(r21.dataplanes.length, 0);
    const r28 = derive(text, { kumaVersion: '2.8' });
    const ib = only(r28.dataplanes).inbounds;
    assert.equal(ib.length, 1);
    assert.equal(ib[0]!.port, 49151);
    assert.equal(ib[0]!.tags['kuma.io/service'], 'web_shop_svc');
    assert.equal(ib[0]!.tags['kuma.io/instance'], 'web-<hash>-#1');
  });

  it('points the inbound at the Service port entry', () => {
    const text = yamlOf(
      ns,
      web(),
      service('web', 'shop', app, [
        { port: 80, targetPort: 8080 },
        { port: 81, targetPort: 8080 },
      ]),
    );
    const ib = inbounds(text)[1]!;
    assert.equal(ib.doc.text.includes('kind: Service'), true);
    assert.deepEqual(ib.path, ['spec', 'ports', 1]);
  });
});

describe('tags of inbounds from a Service (§4a)', () => {
  it('copies pod labels except empty values and keys containing kuma.io/, then sets Kuma tags', () => {
    const labels = { ...app, version: 'v1', empty: '', [INJ]: 'enabled', 'k8s.kuma.io/x': 'y', 'prometheus.metrics.kuma.io/port': '9', 'kuma.io/service': 'mine', 'app.kubernetes.io/name': 'web' };
    const text = yamlOf(ns, web({ labels }), service('web', 'shop', app, [{ name: 'http-web', port: 80, targetPort: 8080 }]));
    assert.deepEqual(plainTags(inbounds(text)[0]!), {
      app: 'web',
      version: 'v1',
      'app.kubernetes.io/name': 'web',
      'pod-template-hash': '<hash>',
      'k8s.kuma.io/namespace': 'shop',
      'k8s.kuma.io/service-name': 'web',
      'k8s.kuma.io/service-port': '80',
      'kuma.io/service': 'web_shop_svc_80',
      'kuma.io/protocol': 'tcp',
    });
  });

  it('takes the protocol from appProtocol (lower-cased), then the Service annotation, else tcp; the port name never counts', () => {
    const proto = (port: { port: number; appProtocol?: string; name?: string }, annotations: Record<string, string> = {}, v = '2.1') =>
      inbounds(yamlOf(ns, web(), service('web', 'shop', app, [{ ...port, targetPort: 8080 }], { annotations })), v)[0]!.tags['kuma.io/protocol'];
    assert.equal(proto({ port: 80, appProtocol: 'HTTP' }), 'http');
    assert.equal(proto({ port: 80, appProtocol: 'grpc' }, { '80.service.kuma.io/protocol': 'http' }), 'grpc');
    assert.equal(proto({ port: 80 }, { '80.service.kuma.io/protocol': 'http2' }), 'http2');
    assert.equal(proto({ port: 80 }, { '81.service.kuma.io/protocol': 'http2' }), 'tcp');
    assert.equal(proto({ port: 80, name: 'http-web' }), 'tcp');
    // 2.1 keeps an unknown appProtocol; 2.4+ ignores it.
    assert.equal(proto({ port: 80, appProtocol: 'MONGO' }, { '80.service.kuma.io/protocol': 'http' }, '2.1'), 'mongo');
    assert.equal(proto({ port: 80, appProtocol: 'MONGO' }, { '80.service.kuma.io/protocol': 'http' }, '2.6'), 'http');
  });

  it('adds kuma.io/instance only for headless Services', () => {
    const headless = inbounds(yamlOf(ns, pod('api', 'shop', { labels: app }), service('web', 'shop', app, [{ port: 80 }], { headless: true })))[0]!;
    assert.equal(headless.tags['kuma.io/instance'], 'api');
    const clusterIp = inbounds(yamlOf(ns, pod('api', 'shop', { labels: app }), service('web', 'shop', app, [{ port: 80 }])))[0]!;
    assert.equal('kuma.io/instance' in clusterIp.tags, false);
  });

  it('adds kuma.io/zone: absent in 2.1 standalone, the zone name when set, default from 2.6', () => {
    const text = yamlOf(ns, web(), service('web', 'shop', app, [{ port: 80 }]));
    assert.equal('kuma.io/zone' in only(derive(text).dataplanes).inbounds[0]!.tags, false);
    assert.equal(only(derive(text, { zone: 'east' }).dataplanes).inbounds[0]!.tags['kuma.io/zone'], 'east');
    assert.equal(only(derive(text, { kumaVersion: '2.6' }).dataplanes).inbounds[0]!.tags['kuma.io/zone'], 'default');
  });
});

describe('service-less inbound (§4b) and other inputs (§6)', () => {
  it('copies all labels unfiltered and names the service after the workload', () => {
    const labels = { ...app, [INJ]: 'enabled', 'kuma.io/service': 'mine', empty: '' };
    const ib = only(derive(yamlOf(namespace('shop'), web({ labels, annotations: { 'kuma.io/tags': '{"a":"b"}', 'kuma.io/service': 'x' } }))).dataplanes).inbounds;
    assert.equal(ib.length, 1);
    assert.equal(ib[0]!.port, 49151);
    assert.deepEqual(plainTags(ib[0]!), {
      app: 'web',
      [INJ]: 'enabled',
      'pod-template-hash': '<hash>',
      'k8s.kuma.io/namespace': 'shop',
      'kuma.io/service': 'web_shop_svc',
      'kuma.io/protocol': 'tcp',
      'kuma.io/instance': 'web-<hash>-#1',
    });
  });

  it('2.9+: includes the kuma.io/mesh label the injector stamps', () => {
    const text = yamlOf(namespace('shop', { [INJ]: 'enabled' }, { 'kuma.io/mesh': 'payments' }), web());
    assert.equal('kuma.io/mesh' in only(derive(text, { kumaVersion: '2.8' }).dataplanes).inbounds[0]!.tags, false);
    const dp = only(derive(text, { kumaVersion: '2.9' }).dataplanes);
    assert.equal(dp.mesh, 'payments');
    assert.equal(dp.inbounds[0]!.tags['kuma.io/mesh'], 'payments');
  });

  it('never lets pod annotations change inbound tags', () => {
    const plain = inbounds(yamlOf(ns, web(), service('web', 'shop', app, [{ port: 80 }])))[0]!.tags;
    const annotated = inbounds(yamlOf(ns, web({ annotations: { '80.service.kuma.io/protocol': 'http', 'kuma.io/tags': '{"x":"y"}' } }), service('web', 'shop', app, [{ port: 80 }])))[0]!.tags;
    assert.deepEqual({ ...annotated }, { ...plain });
  });
});
