// The pods a workload runs (kuma-kubernetes.md §4c, §4d): their names, the labels Kubernetes adds
// to them, and the workload name Kuma's NameExtractor gives service-less inbounds. Names and
// values Kubernetes generates at random are stable placeholders (`web-<hash>-#1`).
import { asRecord, asString, Decoded } from '../resources/schema';
import { Labels, WorkloadKind, WorkloadObject } from './objects';
import { atLeast } from './versions';

export const HASH = '<hash>';
const UID = '<uid>';
const GENERATION = '<generation>';
const TIME = '<time>';

/** True for names and tag values that stand in for what Kubernetes generates (hashes, UIDs, random suffixes). */
export function isPlaceholderValue(value: string): boolean {
  // Neither `<` nor `#` can appear in a Kubernetes name or label value.
  return /<[a-z-]*>/.test(value) || value.includes('#');
}

export interface PodInstance {
  readonly name: string;
  /** True when `name` stands in for a name Kubernetes generates. */
  readonly placeholder: boolean;
  /** Template labels plus the labels Kubernetes adds. */
  readonly labels: Labels;
}

export interface WorkloadPods {
  readonly pods: PodInstance[];
  /** The `<workload>` of service-less inbounds (`kuma.io/service: <workload>_<ns>_svc`); undefined: each pod's own name. */
  readonly serviceLessName: string | undefined;
  /** The Deployment the pods belong to, as Kuma's NameExtractor finds it; undefined for pods of no Deployment. */
  readonly deployment?: string;
  /** Why the workload runs no pod that gets a Dataplane, if so. */
  readonly none?: string;
}

/**
 * Pods derived per workload at most: the replicas of a Deployment, StatefulSet or Job beyond it
 * are not derived, so `replicas: 500000000` costs what 1000 replicas cost.
 */
export const MAX_PODS_PER_WORKLOAD = 1000;

export type WorkloadLookup = (kind: WorkloadKind, namespace: string, name: string) => WorkloadObject | undefined;

function count(v: Decoded | undefined, fallback: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return fallback;
}

function withLabels(template: Labels, added: Record<string, string>): Labels {
  return Object.assign(Object.create(null) as Record<string, string>, template, added);
}

/** Kuma's NameExtractor for a pod with these owner references (first owner only). */
export function serviceLessNameOf(pod: WorkloadObject, lookup: WorkloadLookup): string {
  return nameExtractorOf(pod, lookup).name;
}

/**
 * Kuma's `NameExtractor.Name` for a pod: the workload name and the kind it comes from. Only the kind
 * `Deployment` matters (a `kuma.io/gateway: provided` pod of a Deployment is tagged by its name).
 */
export function nameExtractorOf(pod: WorkloadObject, lookup: WorkloadLookup): { name: string; kind: string } {
  const owner = pod.owners[0];
  if (!owner) return { name: pod.name, kind: 'Pod' };
  if (owner.kind === 'ReplicaSet') {
    const rs = lookup('ReplicaSet', pod.namespace, owner.name);
    if (rs) {
      const up = rs.owners[0];
      if (!up) return { name: rs.name, kind: 'ReplicaSet' };
      return up.kind === 'Deployment' ? { name: up.name, kind: 'Deployment' } : { name: pod.name, kind: 'Pod' };
    }
    if (owner.name === '') return { name: pod.name, kind: 'Pod' };
    // The ReplicaSet is not in the workspace: a Deployment's ReplicaSet is `<deployment>-<pod-template-hash>`.
    const hash = pod.labels['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return { name: owner.name.slice(0, -hash.length - 1), kind: 'Deployment' };
    return { name: owner.name, kind: 'ReplicaSet' };
  }
  if (owner.kind === 'Job') {
    const job = lookup('Job', pod.namespace, owner.name);
    const up = job?.owners[0];
    if (!up) return { name: owner.name, kind: 'Job' };
    return up.kind === 'CronJob' ? { name: up.name, kind: 'CronJob' } : { name: pod.name, kind: 'Pod' };
  }
  return { name: owner.name, kind: owner.kind };
}

/** The pods of a workload that could get a Dataplane. */
export function podsOf(w: WorkloadObject, version: string, lookup: WorkloadLookup): WorkloadPods {
  const labels = w.template.labels;
  const spec = w.spec;
  switch (w.kind) {
    case 'Pod': {
      const status = w.status;
      if (status) {
        if (asString(status.phase) === 'Succeeded') return { pods: [], serviceLessName: w.name, none: 'the pod has finished (status.phase Succeeded)' };
        if (asString(status.reason) === 'Evicted' && atLeast(version, 2)) return { pods: [], serviceLessName: w.name, none: 'the pod was evicted' };
        if (!asString(status.podIP)) return { pods: [], serviceLessName: w.name, none: 'the pod has no IP yet (status.podIP is empty)' };
      }
      const generateName = asString(asRecord(w.data.metadata).generateName);
      const name = w.name || `${generateName}#1`;
      const extracted = w.name ? nameExtractorOf(w, lookup) : { name, kind: 'Pod' };
      return {
        pods: [{ name, placeholder: !w.name, labels: withLabels(labels, {}) }],
        serviceLessName: extracted.name,
        ...(extracted.kind === 'Deployment' ? { deployment: extracted.name } : {}),
      };
    }
    case 'StatefulSet': {
      const replicas = count(spec.replicas, 1);
      const start = count(asRecord(spec.ordinals).start, 0);
      const pods: PodInstance[] = [];
      for (let i = start; i < start + Math.min(replicas, MAX_PODS_PER_WORKLOAD); i++) {
        const name = `${w.name}-${i}`;
        pods.push({
          name,
          placeholder: false,
          labels: withLabels(labels, {
            'controller-revision-hash': `${w.name}-${HASH}`,
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(i),
          }),
        });
      }
      return { pods, serviceLessName: w.name, ...(replicas === 0 ? { none: 'spec.replicas is 0' } : {}) };
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const replicas = count(spec.replicas, 1);
      const deployment = w.kind === 'Deployment';
      const prefix = deployment ? `${w.name}-${HASH}` : w.name;
      const added: Record<string, string> = deployment ? { 'pod-template-hash': HASH } : {};
      const pods = range(replicas).map((n) => ({ name: `${prefix}-#${n}`, placeholder: true, labels: withLabels(labels, added) }));
      const up = w.owners[0];
      const serviceLessName = deployment || !up ? w.name : up.kind === 'Deployment' ? up.name : undefined;
      const owningDeployment = deployment ? w.name : up?.kind === 'Deployment' ? up.name : undefined;
      return { pods, serviceLessName, ...(owningDeployment !== undefined ? { deployment: owningDeployment } : {}), ...(replicas === 0 ? { none: 'spec.replicas is 0' } : {}) };
    }
    case 'DaemonSet': {
      const generation = asRecord(w.data.metadata).generation;
      const added = { 'controller-revision-hash': HASH, 'pod-template-generation': typeof generation === 'number' ? String(generation) : GENERATION };
      // One pod per node: the nodes are not known, one stands for all.
      return { pods: [{ name: `${w.name}-#1`, placeholder: true, labels: withLabels(labels, added) }], serviceLessName: w.name };
    }
    case 'Job':
    case 'CronJob': {
      const cron = w.kind === 'CronJob';
      const jobSpec = cron ? asRecord(asRecord(spec.jobTemplate).spec) : spec;
      const jobName = cron ? `${w.name}-${TIME}` : w.name;
      const parallelism = count(jobSpec.parallelism, 1);
      const completions = jobSpec.completions === undefined || jobSpec.completions === null ? parallelism : count(jobSpec.completions, 1);
      const running = Math.min(parallelism, completions);
      const indexed = asString(jobSpec.completionMode) === 'Indexed';
      const base = { 'job-name': jobName, 'controller-uid': UID, 'batch.kubernetes.io/job-name': jobName, 'batch.kubernetes.io/controller-uid': UID };
      const pods = range(running).map((n) => {
        const added: Record<string, string> = indexed ? { ...base, 'batch.kubernetes.io/job-completion-index': String(n - 1) } : base;
        return { name: indexed ? `${jobName}-${n - 1}-#${n}` : `${jobName}-#${n}`, placeholder: true, labels: withLabels(labels, added) };
      });
      const up = w.owners[0];
      const serviceLessName = cron || !up ? w.name : up.kind === 'CronJob' ? up.name : undefined;
      return { pods, serviceLessName, ...(running === 0 ? { none: 'the job runs no pod (parallelism or completions is 0)' } : {}) };
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: Math.min(n, MAX_PODS_PER_WORKLOAD) }, (_, i) => i + 1);
}
