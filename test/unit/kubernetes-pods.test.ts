// kuma-kubernetes.md §4b (workload names), §4c (labels Kubernetes adds), §4d (pod names), §5
// (transparent proxying, reachable services) and `kind: List`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholderValue } from '../../server/src/engine/kubernetes';
import { cronJob, deployment, derive, job, names, namespace, only, pod, service, statefulSet, workload, yamlOf } from '../fixtures/kubernetes/build';

const INJ = 'kuma.io/sidecar-injection';
const ns = namespace('ns', { [INJ]: 'enabled' });
const app = { app: 'x' };

describe('pod names', () => {
  it('names StatefulSet pods <sts>-<i> from spec.ordinals.start', () => {
    assert.deepEqual(names(derive(yamlOf(ns, statefulSet('db', 'ns', { labels: app, replicas: 3 }))).dataplanes), ['db-0.ns', 'db-1.ns', 'db-2.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, statefulSet('db', 'ns', { labels: app, replicas: 2, ordinalsStart: 5 }))).dataplanes), ['db-5.ns', 'db-6.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, statefulSet('db', 'ns', { labels: app }))).dataplanes), ['db-0.ns']);
    for (const dp of derive(yamlOf(ns, statefulSet('db', 'ns', { labels: app }))).dataplanes) assert.equal(dp.derivedFrom?.placeholderName, false);
  });

  it('names the other pods by stable placeholders, one per replica', () => {
    const dps = derive(yamlOf(ns, deployment('web', 'ns', { labels: app, replicas: 3 }))).dataplanes;
    assert.deepEqual(names(dps), ['web-<hash>-#1.ns', 'web-<hash>-#2.ns', 'web-<hash>-#3.ns']);
    for (const dp of dps) {
      assert.equal(dp.derivedFrom?.placeholderName, true);
      assert.equal(isPlaceholderValue(dp.derivedFrom!.podName), true);
    }
    assert.deepEqual(names(derive(yamlOf(ns, deployment('web', 'ns', { labels: app }))).dataplanes), ['web-<hash>-#1.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, deployment('web', 'ns', { labels: app, replicas: 0 }))).dataplanes), []);
    assert.deepEqual(names(derive(yamlOf(ns, workload('ReplicaSet', 'rs', 'ns', { labels: app, replicas: 2 }))).dataplanes), ['rs-#1.ns', 'rs-#2.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, workload('DaemonSet', 'agent', 'ns', { labels: app }))).dataplanes), ['agent-#1.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, job('batch', 'ns', { labels: app, parallelism: 2 }))).dataplanes), ['batch-#1.ns', 'batch-#2.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, job('idx', 'ns', { labels: app, parallelism: 2, completions: 4, indexed: true }))).dataplanes), ['idx-0-#1.ns', 'idx-1-#2.ns']);
    assert.deepEqual(names(derive(yamlOf(ns, cronJob('nightly', 'ns', { labels: app }))).dataplanes), ['nightly-<time>-#1.ns']);
  });

  it('uses a bare pod name as is', () => {
    const dp = only(derive(yamlOf(ns, pod('tool', 'ns', { labels: app }))).dataplanes);
    assert.equal(dp.name, 'tool.ns');
    assert.equal(isPlaceholderValue(dp.derivedFrom!.podName), false);
  });

  it('isPlaceholderValue tells generated stand-ins from real values', () => {
    for (const v of ['<hash>', 'kafka-<hash>', 'web-<hash>-#1', 'rs-#2', '<uid>']) assert.equal(isPlaceholderValue(v), true, v);
    for (const v of ['kafka-0', 'web', '0', 'v1.2', '']) assert.equal(isPlaceholderValue(v), false, v);
  });
});

describe('labels Kubernetes adds (§4c)', () => {
  const tagsOf = (text: string, i = 0) => derive(text).dataplanes[i]!.inbounds[0]!.tags;
  it('Deployment: pod-template-hash', () => {
    assert.equal(tagsOf(yamlOf(ns, deployment('web', 'ns', { labels: app })))['pod-template-hash'], '<hash>');
  });
  it('StatefulSet: controller-revision-hash, pod-name, pod-index', () => {
    const t = tagsOf(yamlOf(ns, statefulSet('db', 'ns', { labels: app, replicas: 2, ordinalsStart: 1 })), 1);
    assert.equal(t['controller-revision-hash'], 'db-<hash>');
    assert.equal(t['statefulset.kubernetes.io/pod-name'], 'db-2');
    assert.equal(t['apps.kubernetes.io/pod-index'], '2');
    assert.equal(isPlaceholderValue(t['controller-revision-hash']), true);
  });
  it('DaemonSet: controller-revision-hash and pod-template-generation', () => {
    const t = tagsOf(yamlOf(ns, workload('DaemonSet', 'agent', 'ns', { labels: app })));
    assert.equal(isPlaceholderValue(t['controller-revision-hash']!), true);
    assert.ok('pod-template-generation' in t);
  });
  it('Job: job-name, controller-uid and their batch.kubernetes.io forms; completion index for Indexed Jobs', () => {
    const t = tagsOf(yamlOf(ns, job('batch', 'ns', { labels: app })));
    assert.equal(t['job-name'], 'batch');
    assert.equal(t['batch.kubernetes.io/job-name'], 'batch');
    assert.equal(isPlaceholderValue(t['controller-uid']!), true);
    assert.equal(isPlaceholderValue(t['batch.kubernetes.io/controller-uid']!), true);
    assert.equal('batch.kubernetes.io/job-completion-index' in t, false);
    const idx = derive(yamlOf(ns, job('idx', 'ns', { labels: app, parallelism: 2, indexed: true }))).dataplanes;
    assert.deepEqual(
      idx.map((d) => d.inbounds[0]!.tags['batch.kubernetes.io/job-completion-index']),
      ['0', '1'],
    );
  });
  it('ReplicaSet without owner and bare Pod: no added labels', () => {
    const t = tagsOf(yamlOf(ns, workload('ReplicaSet', 'rs', 'ns', { labels: app })));
    assert.deepEqual(
      Object.keys(t).filter((k) => !k.includes('kuma.io/')),
      ['app'],
    );
  });
});

describe('service-less workload names (§4b)', () => {
  const svcOf = (text: string) => derive(text).dataplanes.map((d) => d.inbounds[0]!.tags['kuma.io/service']);
  it('uses the Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob or pod name', () => {
    assert.deepEqual(svcOf(yamlOf(ns, deployment('web', 'ns', { labels: app }))), ['web_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, workload('ReplicaSet', 'rs', 'ns', { labels: app }))), ['rs_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, statefulSet('db', 'ns', { labels: app }))), ['db_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, workload('DaemonSet', 'agent', 'ns', { labels: app }))), ['agent_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, job('batch', 'ns', { labels: app }))), ['batch_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, cronJob('nightly', 'ns', { labels: app }))), ['nightly_ns_svc']);
    assert.deepEqual(svcOf(yamlOf(ns, pod('tool', 'ns', { labels: app }))), ['tool_ns_svc']);
  });
  it('follows owner references of written-out pods, and derives each pod once', () => {
    const owned = pod('web-7c9d-abcde', 'ns', { labels: { ...app, 'pod-template-hash': '7c9d' }, owners: [{ kind: 'ReplicaSet', name: 'web-7c9d' }] });
    assert.deepEqual(svcOf(yamlOf(ns, owned)), ['web_ns_svc']);
    // With the Deployment in the workspace too, the written pod stands for it.
    const both = derive(yamlOf(ns, deployment('web', 'ns', { labels: app, replicas: 3 }), owned)).dataplanes;
    assert.deepEqual(names(both), ['web-7c9d-abcde.ns']);
    const argo = pod('r-1', 'ns', { labels: app, owners: [{ kind: 'Rollout', name: 'r' }] });
    assert.deepEqual(svcOf(yamlOf(ns, argo)), ['r_ns_svc']);
    const rs = { ...workload('ReplicaSet', 'r-5f', 'ns', { labels: app }) };
    (rs.metadata as Record<string, unknown>).ownerReferences = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'r', uid: 'u' }];
    const viaRollout = pod('r-5f-xyz12', 'ns', { labels: app, owners: [{ kind: 'ReplicaSet', name: 'r-5f' }] });
    assert.deepEqual(svcOf(yamlOf(ns, rs, viaRollout)), ['r-5f-xyz12_ns_svc']);
  });
});

describe('transparent proxying and reachable services (§5)', () => {
  it('is always on for injected pods and reads reachable services from the pod template annotation', () => {
    const annotations = { 'kuma.io/transparent-proxying-reachable-services': 'a_ns_svc_80, ,b_ns_svc_90,', 'kuma.io/transparent-proxying': 'disabled' };
    const dp = only(derive(yamlOf(ns, deployment('web', 'ns', { labels: app, annotations }))).dataplanes);
    assert.equal(dp.transparentProxying, true);
    assert.deepEqual([...dp.reachableServices], ['a_ns_svc_80', 'b_ns_svc_90']);
    const none = only(derive(yamlOf(ns, deployment('web', 'ns', { labels: app }))).dataplanes);
    assert.deepEqual([...none.reachableServices], []);
  });
});

describe('locations and kind: List', () => {
  it('reads the items of a List and points at the item', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [ns, deployment('web', 'ns', { labels: app, replicas: 2 }), service('web', 'ns', app, [{ port: 80, targetPort: 8080 }])],
    };
    const dps = derive(yamlOf(list)).dataplanes;
    assert.equal(dps.length, 2);
    assert.deepEqual(dps[0]!.specPath, ['items', 1, 'spec', 'template']);
    assert.deepEqual(dps[0]!.namePath, ['items', 1, 'metadata', 'name']);
    assert.deepEqual(dps[0]!.inbounds[0]!.path, ['items', 2, 'spec', 'ports', 0]);
    assert.equal(dps[0]!.inbounds[0]!.tags['kuma.io/service'], 'web_ns_svc_80');
  });

  it('leaves written Kuma Dataplanes alone', () => {
    const dp = { apiVersion: 'kuma.io/v1alpha1', kind: 'Dataplane', mesh: 'default', metadata: { name: 'dp', namespace: 'ns', labels: app }, spec: { networking: { address: '1.1.1.1' } } };
    assert.equal(derive(yamlOf(ns, dp)).dataplanes.length, 0);
  });
});
