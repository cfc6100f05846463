// kuma-kubernetes.md §7 (worked example) through the engine's entry points, and the
// workload diagnostics as the workspace reports them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { deriveDataplanes } from '../../server/src/engine/kubernetes';
import { Dataplane, VirtualOutbound } from '../../server/src/engine/resources/model';
import { deployment, namespace, service, statefulSet, yamlOf } from '../fixtures/kubernetes/build';

const INJ = 'kuma.io/sidecar-injection';

const kafka = yamlOf(
  namespace('kafka', { [INJ]: 'enabled' }),
  statefulSet('kafka', 'kafka', { labels: { app: 'kafka' }, replicas: 3, ports: [{ containerPort: 9092 }] }),
  service('kafka', 'kafka', { app: 'kafka' }, [{ name: 'tcp-kafka', port: 9092 }], { headless: true }),
);
const shop = yamlOf(
  namespace('shop', { [INJ]: 'enabled' }),
  deployment('web', 'shop', { labels: { app: 'web' }, replicas: 2 }),
  service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
);

function vo(name: string, match: Record<string, string>, host: string, parameters: { name: string; tagKey: string }[]): string {
  return yamlOf({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'VirtualOutbound',
    mesh: 'default',
    metadata: { name },
    // Kuma requires a parameter with tagKey kuma.io/service.
    spec: { selectors: [{ match }], conf: { host, port: '8080', parameters: [{ name: 'svc', tagKey: 'kuma.io/service' }, ...parameters] } },
  });
}

function dataplanes(result: ReturnType<typeof resolveWorkspace>): Dataplane[] {
  return result.resources.filter((r): r is Dataplane => r.kind === 'Dataplane');
}

describe('worked example (§7)', () => {
  const result = resolveWorkspace([analyzeFile('kafka.yaml', kafka), analyzeFile('shop.yaml', shop)]);

  it('gives kafka-0..2 and two web pods in mesh default', () => {
    assert.deepEqual(
      dataplanes(result).map((d) => [d.name, d.mesh]),
      [
        ['kafka-0.kafka', 'default'],
        ['kafka-1.kafka', 'default'],
        ['kafka-2.kafka', 'default'],
        ['web-<hash>-#1.shop', 'default'],
        ['web-<hash>-#2.shop', 'default'],
      ],
    );
  });

  it('gives each kafka pod exactly the documented inbound', () => {
    for (const n of [0, 1, 2]) {
      const dp = dataplanes(result).find((d) => d.name === `kafka-${n}.kafka`)!;
      assert.equal(dp.inbounds.length, 1);
      assert.equal(dp.inbounds[0]!.port, 9092);
      assert.deepEqual(
        { ...dp.inbounds[0]!.tags },
        {
          app: 'kafka',
          'controller-revision-hash': 'kafka-<hash>',
          'statefulset.kubernetes.io/pod-name': `kafka-${n}`,
          'apps.kubernetes.io/pod-index': String(n),
          'k8s.kuma.io/namespace': 'kafka',
          'k8s.kuma.io/service-name': 'kafka',
          'k8s.kuma.io/service-port': '9092',
          'kuma.io/service': 'kafka_kafka_svc_9092',
          'kuma.io/protocol': 'tcp',
          'kuma.io/instance': `kafka-${n}`,
        },
      );
      assert.equal(dp.transparentProxying, true);
    }
  });

  it('gives each web pod the documented inbound, without kuma.io/instance', () => {
    const webs = dataplanes(result).filter((d) => d.name.startsWith('web-'));
    assert.equal(webs.length, 2);
    for (const dp of webs) {
      assert.equal(dp.inbounds[0]!.port, 8080);
      assert.deepEqual(
        { ...dp.inbounds[0]!.tags },
        {
          app: 'web',
          'pod-template-hash': '<hash>',
          'k8s.kuma.io/namespace': 'shop',
          'k8s.kuma.io/service-name': 'web',
          'k8s.kuma.io/service-port': '80',
          'kuma.io/service': 'web_shop_svc_80',
          'kuma.io/protocol': 'tcp',
        },
      );
    }
  });

  it('adds kuma.io/zone from 2.6, and the protocol from appProtocol', () => {
    const withProto = kafka.replace('name: tcp-kafka', 'name: tcp-kafka\n      appProtocol: kafka');
    assert.notEqual(withProto, kafka);
    const r = resolveWorkspace([analyzeFile('kafka.yaml', withProto)], { kubernetes: { assumeInjected: false, kumaVersion: '2.6' } });
    const tags = dataplanes(r)[0]!.inbounds[0]!.tags;
    assert.equal(tags['kuma.io/zone'], 'default');
    assert.equal(tags['kuma.io/protocol'], 'kafka');
  });

  it('lets a kuma.io/instance or pod-name VirtualOutbound match only the kafka pods; one VIP for both web pods', () => {
    for (const key of ['kuma.io/instance', 'statefulset.kubernetes.io/pod-name']) {
      const r = resolveWorkspace([
        analyzeFile('kafka.yaml', kafka),
        analyzeFile('shop.yaml', shop),
        analyzeFile('vo.yaml', vo('instance', { [key]: '*' }, '{{.inst}}.mesh', [{ name: 'inst', tagKey: key }])),
      ]);
      const entries = r.meshes.find((m) => m.name === 'default')!.view.entries;
      assert.deepEqual(
        entries.filter((e) => e.type === 'fqdn').map((e) => e.name),
        ['kafka-0.mesh', 'kafka-1.mesh', 'kafka-2.mesh'],
      );
      assert.deepEqual(
        entries.filter((e) => e.type === 'service').map((e) => e.name),
        ['kafka_kafka_svc_9092', 'web_shop_svc_80'],
      );
    }
  });

  it('2.1: an undeclared named targetPort on web means no web Dataplane; 2.8: a service-less inbound', () => {
    const broken = shop.replace('targetPort: 8080', 'targetPort: http');
    assert.notEqual(broken, shop);
    const r21 = resolveWorkspace([analyzeFile('shop.yaml', broken)]);
    assert.equal(dataplanes(r21).length, 0);
    assert.deepEqual(r21.diagnostics.map((d) => d.code).sort(), ['named-target-port-unresolved', 'no-dataplane-generated']);
    const r28 = resolveWorkspace([analyzeFile('shop.yaml', broken)], { kubernetes: { assumeInjected: false, kumaVersion: '2.8' } });
    const ib = dataplanes(r28)[0]!.inbounds[0]!;
    assert.equal(ib.port, 49151);
    assert.equal(ib.tags['kuma.io/service'], 'web_shop_svc');
    assert.equal(ib.tags['kuma.io/instance'], 'web-<hash>-#1');
  });
});

describe('workload diagnostics', () => {
  it('stays quiet about Services when the workspace has no workloads, and about unrelated YAML', () => {
    const text = yamlOf(service('api', 'shop', { app: 'api' }, [{ port: 80 }]), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
    assert.deepEqual(resolveWorkspace([analyzeFile('svc.yaml', text)]).diagnostics, []);
  });

  it('reports a not-injected workload only with a VirtualOutbound that would select it', () => {
    const text = yamlOf(namespace('tools'), statefulSet('cache', 'tools', { labels: { app: 'cache' }, replicas: 1 }));
    assert.deepEqual(resolveWorkspace([analyzeFile('tools.yaml', text)]).diagnostics, []);

    const voFile = analyzeFile('vo.yaml', vo('per-pod', { 'statefulset.kubernetes.io/pod-name': '*' }, '{{.p}}.mesh', [{ name: 'p', tagKey: 'statefulset.kubernetes.io/pod-name' }]));
    const vos = voFile.resources.filter((r): r is VirtualOutbound => r.kind === 'VirtualOutbound');
    assert.equal(vos.length, 1);
    assert.equal(vos[0]!.valid, true);
    const k8s = analyzeFile('tools.yaml', text);
    const warned = deriveDataplanes(k8s.kubernetesObjects, { assumeInjected: false, kumaVersion: '2.1' }, vos).diagnostics;
    assert.equal(warned.length, 1);
    assert.equal(warned[0]!.severity, 'warning');
    assert.match(warned[0]!.message, /per-pod/);
    assert.equal(warned[0]!.related?.[0]!.file, 'vo.yaml');
    assert.equal(text.slice(warned[0]!.span[0], warned[0]!.span[1]), 'cache');
    const throughWorkspace = resolveWorkspace([analyzeFile('tools.yaml', text), voFile]).diagnostics.filter((d) => d.code === 'workload-not-injected');
    assert.deepEqual(
      throughWorkspace.map((d) => d.severity),
      ['warning'],
    );

    const otherVo = analyzeFile('vo.yaml', vo('web-only', { app: 'web' }, 'web.mesh', []));
    const notMatching = otherVo.resources.filter((r): r is VirtualOutbound => r.kind === 'VirtualOutbound');
    assert.equal(notMatching[0]!.valid, true);
    assert.deepEqual(deriveDataplanes(k8s.kubernetesObjects, undefined, notMatching).diagnostics, []);
  });
});
