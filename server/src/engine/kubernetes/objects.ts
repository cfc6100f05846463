// Reads the Kubernetes objects of the workspace that decide which Dataplanes Kuma creates:
// Namespaces, Services, Pods and the workloads that own pods. Items of a `kind: List` are read
// like separate documents. Every object remembers its document and its path inside it.
import { isMap, isSeq } from 'yaml';
import { any, asArray, asRecord, asString, decode, Decoded } from '../resources/schema';
import { nodeAt, YamlDocument, YamlPath } from '../yaml/documents';

export type WorkloadKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** The namespace kubectl applies to when a manifest names none. */
export const DEFAULT_NAMESPACE = 'default';

export type Labels = Readonly<Record<string, string>>;

export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
}

export interface K8sObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** The object's namespace (`default` when the manifest names none); '' for Namespaces. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly owners: readonly OwnerRef[];
  readonly doc: YamlDocument;
  /** Path of the object inside its document: `[]`, or `['items', i]` inside a List. */
  readonly path: YamlPath;
  readonly data: Record<string, Decoded>;
}

export interface NamespaceObject extends K8sObject {
  readonly kind: 'Namespace';
}

export interface ServicePortSpec {
  readonly index: number;
  readonly name: string;
  readonly port?: number;
  /** Number, name, or undefined when the manifest leaves it out (Kubernetes then uses `port`). */
  readonly targetPort?: number | string;
  readonly protocol: string;
  /** undefined when not set; '' is kept (Kuma treats it like unset). */
  readonly appProtocol?: string;
}

export interface ServiceObject extends K8sObject {
  readonly kind: 'Service';
  readonly type: string;
  readonly selector: Labels;
  readonly headless: boolean;
  readonly ports: readonly ServicePortSpec[];
}

export interface ContainerPort {
  readonly name: string;
  readonly containerPort?: number;
  readonly protocol: string;
}

export interface PodTemplate {
  /** Path of the pod template (the object with `metadata` and `spec`) inside the document. */
  readonly path: YamlPath;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly containerNames: readonly string[];
  /** Ports of `spec.containers[]` only: Kuma never looks at init containers. */
  readonly containerPorts: readonly ContainerPort[];
}

export interface WorkloadObject extends K8sObject {
  readonly kind: WorkloadKind;
  readonly template: PodTemplate;
  readonly spec: Record<string, Decoded>;
  readonly status?: Record<string, Decoded>;
}

export interface KubernetesObjects {
  readonly namespaces: ReadonlyMap<string, NamespaceObject>;
  readonly services: readonly ServiceObject[];
  readonly workloads: readonly WorkloadObject[];
}

/** Reads every document (and every item of a List) into typed objects; anything else is ignored. */
export function readObjects(docs: readonly YamlDocument[]): KubernetesObjects {
  const namespaces = new Map<string, NamespaceObject>();
  const services: ServiceObject[] = [];
  const workloads: WorkloadObject[] = [];
  const visit = (doc: YamlDocument, path: YamlPath, node: unknown, depth: number): void => {
    if (!isMap(node)) return;
    const data = asRecord(plainAt(doc, path) ?? decode(node, any, [], []));
    const kind = asString(data.kind);
    const apiVersion = asString(data.apiVersion);
    if (kind === 'List' || (kind.endsWith('List') && isSeq(nodeAt(node, ['items'])))) {
      if (depth > 0) return;
      const items = nodeAt(node, ['items']);
      if (isSeq(items)) items.items.forEach((item, i) => visit(doc, [...path, 'items', i], item, depth + 1));
      return;
    }
    // Kuma's own resources are read elsewhere, also inside Lists.
    if (apiVersion.startsWith('kuma.io/')) return;
    const base = baseOf(doc, path, data, kind, apiVersion);
    if (!base) return;
    if (kind === 'Namespace' && apiVersion === 'v1') {
      const ns: NamespaceObject = { ...base, kind: 'Namespace', namespace: '' };
      if (!namespaces.has(ns.name)) namespaces.set(ns.name, ns);
    } else if (kind === 'Service' && apiVersion === 'v1') {
      services.push(readService(base));
    } else if (WORKLOAD_KINDS.has(kind) && isWorkloadApi(kind, apiVersion)) {
      const w = readWorkload(base, kind as WorkloadKind);
      if (w) workloads.push(w);
    }
  };
  for (const doc of docs) {
    if (doc.errors.length) continue;
    visit(doc, [], doc.ast.contents, 0);
  }
  return { namespaces, services, workloads };
}

const plainCache = new WeakMap<YamlDocument, unknown>();

/** The plain value at `path`, aliases resolved; undefined when the document cannot be converted. */
function plainAt(doc: YamlDocument, path: YamlPath): Decoded | undefined {
  let value = plainCache.get(doc);
  if (value === undefined) {
    try {
      value = doc.ast.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch {
      value = null;
    }
    plainCache.set(doc, value);
  }
  if (value === null) return undefined;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return toDecoded(value);
}

function toDecoded(v: unknown): Decoded {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toDecoded);
  if (v instanceof Map) {
    const out: { [key: string]: Decoded } = Object.create(null);
    for (const [k, value] of v) out[String(k)] = toDecoded(value);
    return out;
  }
  if (typeof v === 'object') {
    const out: { [key: string]: Decoded } = Object.create(null);
    for (const [k, value] of Object.entries(v as Record<string, unknown>)) out[k] = toDecoded(value);
    return out;
  }
  return String(v);
}

function isWorkloadApi(kind: string, apiVersion: string): boolean {
  if (kind === 'Pod') return apiVersion === 'v1';
  if (kind === 'Job' || kind === 'CronJob') return apiVersion.startsWith('batch/');
  return apiVersion.startsWith('apps/') || apiVersion.startsWith('extensions/');
}

function baseOf(doc: YamlDocument, path: YamlPath, data: Record<string, Decoded>, kind: string, apiVersion: string): K8sObject | undefined {
  const metadata = asRecord(data.metadata);
  const name = asString(metadata.name);
  if (!name && kind !== 'Pod') return undefined;
  return {
    kind,
    apiVersion,
    name,
    namespace: asString(metadata.namespace) || DEFAULT_NAMESPACE,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    owners: asArray(metadata.ownerReferences)
      .map((o) => ({ kind: asString(asRecord(o).kind), name: asString(asRecord(o).name) }))
      .filter((o) => o.kind && o.name),
    doc,
    path,
    data,
  };
}

/** Label and annotation maps: values as Kubernetes would store them (all strings). */
export function stringMap(v: Decoded | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, value] of Object.entries(asRecord(v))) {
    if (value === null) out[k] = '';
    else if (typeof value !== 'object') out[k] = String(value);
  }
  return out;
}

function readService(base: K8sObject): ServiceObject {
  const spec = asRecord(base.data.spec);
  const ports: ServicePortSpec[] = asArray(spec.ports).map((raw, index) => {
    const p = asRecord(raw);
    const target = p.targetPort;
    let targetPort: number | string | undefined;
    if (typeof target === 'number') targetPort = target;
    else if (typeof target === 'string' && target !== '') targetPort = /^\d+$/.test(target) ? Number(target) : target;
    return {
      index,
      name: asString(p.name),
      ...(typeof p.port === 'number' ? { port: p.port } : /^\d+$/.test(asString(p.port)) ? { port: Number(asString(p.port)) } : {}),
      ...(targetPort !== undefined ? { targetPort } : {}),
      protocol: asString(p.protocol) || 'TCP',
      ...(p.appProtocol !== undefined && p.appProtocol !== null ? { appProtocol: asString(p.appProtocol) } : {}),
    };
  });
  return {
    ...base,
    kind: 'Service',
    type: asString(spec.type) || 'ClusterIP',
    selector: stringMap(spec.selector),
    headless: asString(spec.clusterIP) === 'None',
    ports,
  };
}

/** Path of the pod template inside a workload object. */
export function templatePathOf(kind: WorkloadKind): YamlPath {
  switch (kind) {
    case 'Pod':
      return [];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return ['spec', 'template'];
  }
}

function readWorkload(base: K8sObject, kind: WorkloadKind): WorkloadObject | undefined {
  const relative = templatePathOf(kind);
  let t: Record<string, Decoded> = base.data;
  for (const step of relative) t = asRecord(t[step]);
  const metadata = asRecord(t.metadata);
  const podSpec = asRecord(t.spec);
  const containers = asArray(podSpec.containers).map(asRecord);
  const containerPorts: ContainerPort[] = containers.flatMap((c) =>
    asArray(c.ports).map((raw) => {
      const p = asRecord(raw);
      const n = p.containerPort;
      const containerPort = typeof n === 'number' ? n : /^\d+$/.test(asString(n)) ? Number(asString(n)) : undefined;
      return { name: asString(p.name), ...(containerPort !== undefined ? { containerPort } : {}), protocol: asString(p.protocol) || 'TCP' };
    }),
  );
  const template: PodTemplate = {
    path: [...base.path, ...relative],
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    containerNames: containers.map((c) => asString(c.name)),
    containerPorts,
  };
  const status = base.data.status && typeof base.data.status === 'object' && !Array.isArray(base.data.status) ? base.data.status : undefined;
  return { ...base, kind, template, spec: asRecord(base.data.spec), ...(status ? { status } : {}) };
}

/** `Kind namespace/name`, as shown to users. */
export function describeObject(o: K8sObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
