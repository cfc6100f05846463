// Derives the Dataplanes the pod controller would create for the workloads of the workspace
// (kuma-kubernetes.md), with diagnostics where the files show why a pod would not be in the mesh.
import { Dataplane, Inbound, VirtualOutbound } from '../resources/model';
import { bestRank } from '../resolve/match';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { byteOrder } from '../validate/selectors';
import { firstLineOf, spanForPath, YamlDocument, YamlPath } from '../yaml/documents';
import { decideInjection, Injection, INJECTION_KEY, injectionValues } from './injection';
import { alreadyInjected, PreInjected } from './preInjected';
import { isIgnored, matchingServices, resolvePort, selects, ServiceIndex, SERVICELESS_PORT } from './inbounds';
import { MESH_KEY, meshOf } from './mesh';
import { describeObject, K8sObject, KubernetesObjects, readObjects, ServiceObject, WorkloadKind, WorkloadObject } from './objects';
import { PodInstance, podsOf, serviceLessNameOf, WorkloadLookup } from './pods';
import { serviceInboundTags, serviceLessTags, TAG, TagContext, zoneTag } from './tags';
import { atLeast } from './versions';

export interface KubernetesOptions {
  /** Where a workload's namespace is not in the workspace: assume it is injected. */
  readonly assumeInjected: boolean;
  /** Kuma version whose rules apply where they changed, e.g. '2.1'. */
  readonly kumaVersion: string;
  /** The control plane's zone name (`KUMA_MULTIZONE_ZONE_NAME`); unset: standalone (2.1) or `default` (2.6+). */
  readonly zone?: string;
}

export const DEFAULT_KUBERNETES_OPTIONS: KubernetesOptions = { assumeInjected: false, kumaVersion: '2.1' };

export interface DerivedDataplanes {
  readonly dataplanes: Dataplane[];
  readonly diagnostics: EngineDiagnostic[];
  /** Whether each workload's pods get a sidecar, and why; workloads whose pods are written out as Pods are decided there. */
  readonly workloads: readonly WorkloadDecision[];
  /** The Services of the workspace, in reading order. */
  readonly services: readonly ServiceObject[];
  /**
   * True when Kuma is involved: an injected namespace, a pod Kuma gives (or fails to give) a
   * Dataplane, or a VirtualOutbound that targets a workload. Plain Kubernetes manifests leave it false.
   */
  readonly involvesKuma?: boolean;
}

export interface WorkloadDecision {
  readonly workload: WorkloadObject;
  readonly injected: boolean;
  /** Why, e.g. `namespace label kuma.io/sidecar-injection: enabled`. */
  readonly reason: string;
  /** Why Kuma's pod controller writes no Dataplane for pods that do carry a sidecar. */
  readonly failure?: { readonly kind: 'invalid-gateway'; readonly value: string } | { readonly kind: 'pre-injected'; readonly problem: string };
}

export const NO_DERIVATION: DerivedDataplanes = { dataplanes: [], diagnostics: [], workloads: [], services: [] };

const REACHABLE_SERVICES = 'kuma.io/transparent-proxying-reachable-services';
const GATEWAY = 'kuma.io/gateway';

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** Tags Kuma gives every inbound: a wildcard on them matches any workload. */
const GENERATED_TAGS = new Set([TAG.service, 'kuma.io/instance', 'kuma.io/protocol', 'kuma.io/zone', 'k8s.kuma.io/namespace', 'k8s.kuma.io/service-name', 'k8s.kuma.io/service-port']);

/**
 * A VirtualOutbound targets a workload when its best matching selector asks for more than
 * wildcards on tags every inbound has (`kuma.io/service: "*"`, `kuma.io/instance: "*"`, ...):
 * such a selector matches any workload and says nothing about this one.
 */
function targets(vo: VirtualOutbound, tags: Record<string, string>): boolean {
  const best = bestRank(vo, tags);
  if (!best) return false;
  const match = vo.selectors[best.selectorIndex]!.match;
  return Object.entries(match).some(([k, v]) => v !== '*' || !GENERATED_TAGS.has(k));
}

function isOn(v: string | undefined): boolean {
  return v === 'enabled' || v === 'true';
}

/** Span of a field of an object, cut to its first line. */
function spanOf(doc: YamlDocument, path: YamlPath, part: 'pair' | 'key' | 'value' = 'pair') {
  return firstLineOf(doc, spanForPath(doc, path, part));
}

function nameSpanOf(o: K8sObject) {
  return spanOf(o.doc, [...o.path, 'metadata', o.name ? 'name' : 'generateName'], 'value');
}

/**
 * The Dataplanes Kuma would create for the workloads among `objects`. `virtualOutbounds` (optional)
 * lets a not-injected workload be reported as a warning when a VirtualOutbound would select it.
 */
export function deriveDataplanes(objects: readonly YamlDocument[], options: KubernetesOptions = DEFAULT_KUBERNETES_OPTIONS, virtualOutbounds: readonly VirtualOutbound[] = []): DerivedDataplanes {
  const objs = readObjects(objects);
  return new Deriver(objs, options, virtualOutbounds).run();
}

class Deriver {
  private readonly version: string;
  private readonly byKey = new Map<string, WorkloadObject>();
  private readonly dataplanes: Dataplane[] = [];
  private readonly diagnostics: EngineDiagnostic[] = [];
  private readonly decisions: WorkloadDecision[] = [];
  /** Services that select at least one pod of the workspace. */
  private readonly selecting = new Set<ServiceObject>();
  /** Set when a namespace is injected or a pod is in the mesh. */
  private involvesKuma = false;
  /** (Service, port index) pairs already reported as unresolved, per workload. */
  private readonly reported = new Set<string>();
  private readonly lookup: WorkloadLookup;
  private readonly serviceIndex: ServiceIndex;

  constructor(
    private readonly objs: KubernetesObjects,
    private readonly options: KubernetesOptions,
    private readonly virtualOutbounds: readonly VirtualOutbound[],
  ) {
    this.version = options.kumaVersion || '2.1';
    for (const w of objs.workloads) {
      const k = key(w.kind, w.namespace, w.name);
      if (w.name && !this.byKey.has(k)) this.byKey.set(k, w);
    }
    this.serviceIndex = new ServiceIndex(objs.services);
    this.lookup = (kind: WorkloadKind, namespace: string, name: string) => this.byKey.get(key(kind, namespace, name));
  }

  run(): DerivedDataplanes {
    for (const ns of this.objs.namespaces.values()) {
      if (isOn(ns.labels[INJECTION_KEY]) || isOn(ns.annotations[INJECTION_KEY])) this.involvesKuma = true;
    }
    const covered = this.coveredByPods();
    const seen = new Set<WorkloadObject>();
    for (const w of this.objs.workloads) {
      if (w.name && this.byKey.get(key(w.kind, w.namespace, w.name)) !== w) continue; // a duplicate: the first one counts
      if (seen.has(w)) continue;
      seen.add(w);
      if (covered.has(w)) continue;
      this.workload(w);
    }
    this.servicesSelectingNothing();
    const names = new Set<string>();
    const dataplanes = this.dataplanes.filter((dp) => {
      const k = `${dp.mesh}\u0000${dp.name}`;
      if (names.has(k)) return false;
      names.add(k);
      return true;
    });
    return {
      dataplanes: dataplanes.sort((a, b) => byteOrder(a.name, b.name)),
      diagnostics: this.diagnostics,
      workloads: this.decisions,
      services: this.objs.services,
      involvesKuma: this.involvesKuma,
    };
  }

  /**
   * Workloads whose pods are written out as Pods (a `kubectl get -o yaml` dump), and ReplicaSets or
   * Jobs whose owner is in the workspace: their pods are derived once, from the real pods or the owner.
   */
  private coveredByPods(): Set<WorkloadObject> {
    const covered = new Set<WorkloadObject>();
    const cover = (w: WorkloadObject | undefined) => {
      if (!w) return;
      covered.add(w);
      for (const o of w.owners) cover(this.lookup(o.kind as WorkloadKind, w.namespace, o.name));
    };
    for (const w of this.objs.workloads) {
      if (w.kind === 'Pod') {
        for (const o of w.owners) {
          cover(this.lookup(o.kind as WorkloadKind, w.namespace, o.name));
          if (o.kind === 'ReplicaSet') cover(this.lookup('Deployment', w.namespace, serviceLessNameOf(w, this.lookup)));
        }
      } else if (w.kind === 'ReplicaSet' || w.kind === 'Job') {
        const up = w.owners[0];
        if (up && this.lookup(up.kind as WorkloadKind, w.namespace, up.name)) covered.add(w);
      }
    }
    return covered;
  }

  private workload(w: WorkloadObject): void {
    const { version, options } = this;
    const annotations = w.template.annotations;
    const pods = podsOf(w, version, this.lookup);
    const namespace = this.objs.namespaces.get(w.namespace);
    const firstLabels = pods.pods[0]?.labels ?? w.template.labels;

    // Controller dispatch: zone ingress/egress pods are not Dataplanes.
    if (isOn(annotations['kuma.io/ingress']) || isOn(annotations['kuma.io/egress'])) {
      this.decisions.push({ workload: w, injected: false, reason: 'its pods are a zone ingress or egress, which Kuma runs as a ZoneIngress or ZoneEgress, not as a Dataplane' });
      this.involvesKuma = true;
      this.noteSelected(w, pods.pods);
      return;
    }
    const gateway = annotations[GATEWAY];
    const builtin = gateway === 'builtin';
    const injection: Injection = builtin
      ? { injected: true, source: 'none', reason: 'builtin gateway' }
      : decideInjection(w.template, firstLabels, w.namespace, namespace, version, options.assumeInjected);
    // A pod the webhook leaves alone but that says it carries a sidecar (a dump of a live pod):
    // the pod controller makes its Dataplane from its own annotations, whatever the namespace says.
    const pre: PreInjected | undefined = builtin || injection.injected ? undefined : alreadyInjected(annotations);
    const mesh = meshOf(firstLabels, annotations, namespace, version);
    const zone = zoneTag(options.zone, version);

    if (injection.injected || pre || injection.invalidValue) this.involvesKuma = true;
    // The converter knows only `enabled` and `provided` here; any other value fails the pod
    // ("invalid delegated gateway type"), and no Dataplane is written.
    const invalidGateway = gateway !== undefined && !builtin && gateway !== 'enabled' && gateway !== 'provided';
    const failure: WorkloadDecision['failure'] = pre?.problem ? { kind: 'pre-injected', problem: pre.problem } : invalidGateway ? { kind: 'invalid-gateway', value: gateway } : undefined;
    this.decisions.push({
      workload: w,
      injected: injection.injected || !!pre,
      reason: pre ? 'the pod is already injected (kuma.io/sidecar-injected)' : injection.reason,
      ...(failure ? { failure } : {}),
    });
    if ((!injection.injected && !pre?.dataplane) || invalidGateway) {
      this.noteSelected(w, pods.pods);
      if (pods.pods.length && !pre && !injection.injected) this.reportNotInjected(w, injection, pods.pods, mesh, zone, pods.serviceLessName);
      return;
    }

    for (const pod of pods.pods) {
      const labels: Record<string, string> = Object.assign(Object.create(null), pod.labels);
      // 2.9+: the injector also stamps the mesh as a pod label (not on a pod it did not inject).
      if (atLeast(version, 9) && !builtin && !pre) labels[MESH_KEY] = mesh;
      const ctx: TagContext = { podName: pod.name, podLabels: labels, namespace: w.namespace, zone, version };
      const base = {
        kind: 'Dataplane' as const,
        form: 'kubernetes' as const,
        name: `${pod.name}.${w.namespace}`,
        mesh,
        doc: w.doc,
        specPath: w.template.path,
        namePath: [...w.path, 'metadata', w.name ? 'name' : 'generateName'],
        rejected: false,
        networkingDefined: true,
        // The pod IP is not known before the pod runs.
        address: '',
        derivedFrom: { workload: describeObject(w), podName: pod.name, placeholderName: pod.placeholder, ...(pre ? { alreadyInjected: true } : {}) },
      };
      if (builtin) {
        const tags: Record<string, string> = Object.create(null);
        try {
          const parsed: unknown = JSON.parse(annotations['kuma.io/tags'] ?? '{}');
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
            for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') tags[k] = v;
          }
        } catch {
          // Kuma fails to create the gateway Dataplane; nothing to show.
          continue;
        }
        if (zone !== undefined) tags[TAG.zone] = zone;
        this.dataplanes.push({ ...base, inbounds: [], gateway: { type: 'BUILTIN', tags }, transparentProxying: false, reachableServices: [] });
        continue;
      }
      // The injector turns transparent proxying on; a pod it did not inject has what its annotations say.
      const transparentProxying = pre ? pre.transparentProxying : true;
      const reachableServices = transparentProxying
        ? (annotations[REACHABLE_SERVICES] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : [];
      if (gateway === 'provided' && pods.deployment !== undefined) {
        // Tagged by the Deployment's name; Kuma computes no inbound for it.
        this.noteSelected(w, [pod]);
        const tags = { 'kuma.io/service-name': `${pods.deployment}_${w.namespace}_svc` };
        this.dataplanes.push({ ...base, inbounds: [], gateway: { type: 'DELEGATED', tags }, transparentProxying, reachableServices });
        continue;
      }
      const inbounds = this.inboundsOf(w, ctx, pods.serviceLessName ?? pod.name, gateway === 'enabled');
      if (!inbounds) continue;
      if (gateway === 'enabled' || gateway === 'provided') {
        // `enabled`, and `provided` on a pod of no Deployment: the first inbound's tags.
        this.dataplanes.push({ ...base, inbounds: [], gateway: { type: 'DELEGATED', tags: inbounds[0]?.tags ?? {} }, transparentProxying, reachableServices });
        continue;
      }
      this.dataplanes.push({ ...base, inbounds, transparentProxying, reachableServices });
    }
  }

  /** The inbounds of one pod; undefined when Kuma creates no Dataplane for it. */
  private inboundsOf(w: WorkloadObject, ctx: TagContext, workloadName: string, gatewayEnabled: boolean): Inbound[] | undefined {
    const services = matchingServices(this.servicesFor(w.namespace, ctx.podLabels), w.namespace, ctx.podLabels, this.version);
    const inbounds: Inbound[] = [];
    for (const svc of services) {
      this.selecting.add(svc);
      svc.ports.forEach((port, i) => {
        const resolved = resolvePort(port, w.template.containerPorts);
        if (!resolved.ok) {
          if (resolved.reason === 'named-port-unresolved') this.reportUnresolvedPort(w, svc, i, resolved.name ?? '');
          return;
        }
        inbounds.push({
          index: inbounds.length,
          port: resolved.port,
          tags: serviceInboundTags(ctx, svc, port, gatewayEnabled),
          doc: svc.doc,
          path: [...svc.path, 'spec', 'ports', i],
        });
      });
    }
    if (services.length > 0 && inbounds.length === 0 && !atLeast(this.version, 8)) {
      this.reportNoDataplane(w, services);
      return undefined;
    }
    if (inbounds.length === 0) {
      inbounds.push({ index: 0, port: SERVICELESS_PORT, tags: serviceLessTags(ctx, workloadName), doc: w.doc, path: w.template.path });
    }
    return inbounds;
  }

  /** Services of the namespace that may select a pod with these labels. */
  private servicesFor(namespace: string, podLabels: Readonly<Record<string, string>>): readonly ServiceObject[] {
    return this.serviceIndex.candidates(namespace, podLabels);
  }

  /** Records the Services that select pods of a workload that gets no Dataplane (so they do select something). */
  private noteSelected(w: WorkloadObject, pods: readonly PodInstance[]): void {
    for (const pod of pods) {
      for (const svc of this.servicesFor(w.namespace, pod.labels)) {
        if (selects(svc.selector, pod.labels)) {
          this.selecting.add(svc);
          svc.ports.forEach((port, i) => {
            const r = resolvePort(port, w.template.containerPorts);
            if (!r.ok && r.reason === 'named-port-unresolved') this.reportUnresolvedPort(w, svc, i, r.name ?? '');
          });
        }
      }
    }
  }

  private reportUnresolvedPort(w: WorkloadObject, svc: ServiceObject, portIndex: number, name: string): void {
    const k = `${svc.doc.file}\u0000${svc.doc.index}\u0000${svc.path.join('.')}\u0000${portIndex}\u0000${key(w.kind, w.namespace, w.name)}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    const portPath = [...svc.path, 'spec', 'ports', portIndex];
    const has = svc.doc.ast.getIn([...portPath, 'targetPort'], true) !== undefined;
    const known = [...new Set(w.template.containerPorts.filter((p) => p.name).map((p) => `"${p.name}"`))];
    this.diagnostics.push(
      diagnostic(
        RULES.namedTargetPortUnresolved,
        svc.doc.file,
        spanOf(svc.doc, has ? [...portPath, 'targetPort'] : portPath),
        `targetPort "${name}" of Service ${svc.namespace}/${svc.name} names no port of the containers of ${describeObject(w)}` +
          ` (${known.length ? `named ports: ${known.join(', ')}` : 'it names none'}), so Kuma makes no inbound for this port.` +
          ` Name a container port "${name}" or use the port number.`,
        { related: [{ file: w.doc.file, span: nameSpanOf(w), message: `${describeObject(w)}` }] },
      ),
    );
  }

  private reportNoDataplane(w: WorkloadObject, services: readonly ServiceObject[]): void {
    for (const svc of services) {
      const k = `nodp\u0000${svc.doc.file}\u0000${svc.doc.index}\u0000${svc.path.join('.')}\u0000${key(w.kind, w.namespace, w.name)}`;
      if (this.reported.has(k)) continue;
      this.reported.add(k);
      this.diagnostics.push(
        diagnostic(
          RULES.noDataplaneGenerated,
          svc.doc.file,
          nameSpanOf(svc),
          `Service ${svc.namespace}/${svc.name} selects the pods of ${describeObject(w)}, but no Service selecting them has a TCP port that reaches a container port:` +
            ` Kuma ${this.version} creates no Dataplane for them ("A service that selects pod ... was found, but it doesn't match any container ports").` +
            ' Point a TCP targetPort at a container port (by number, or by a name the containers declare); Kuma 2.8+ falls back to a service-less inbound.',
          { related: [{ file: w.doc.file, span: nameSpanOf(w), message: `${describeObject(w)} gets no Dataplane` }] },
        ),
      );
    }
  }

  private reportNotInjected(w: WorkloadObject, injection: Injection, pods: readonly PodInstance[], mesh: string, zone: string | undefined, serviceLessName: string | undefined): void {
    if (injection.invalidValue) {
      const src = injection.invalidValue.source;
      const onNamespace = src === 'namespace-label' || src === 'namespace-annotation';
      const ns = this.objs.namespaces.get(w.namespace);
      const owner: K8sObject = onNamespace && ns ? ns : w;
      const metaPath = onNamespace ? [...owner.path, 'metadata'] : [...w.template.path, 'metadata'];
      const field = src.endsWith('label') ? 'labels' : 'annotations';
      this.diagnostics.push(
        diagnostic(
          RULES.injectionValueInvalid,
          owner.doc.file,
          spanOf(owner.doc, [...metaPath, field, INJECTION_KEY], 'value'),
          `${INJECTION_KEY}: "${injection.invalidValue.value}" is none of ${injectionValues(this.version)}: Kuma's injector fails for the pods of ${describeObject(w)}` +
            ' (the Pod is rejected or runs without a sidecar). Use enabled or disabled.',
        ),
      );
      return;
    }
    if (injection.source === 'excluded') return;
    // Would a VirtualOutbound select these pods if they were injected?
    const hypothetical: { vo: VirtualOutbound; tags: Record<string, string> }[] = [];
    const candidates = this.virtualOutbounds.filter((vo) => vo.mesh === mesh && vo.valid && !vo.rejected);
    if (candidates.length) {
      for (const pod of pods) {
        const labels: Record<string, string> = Object.assign(Object.create(null), pod.labels);
        if (atLeast(this.version, 9)) labels[MESH_KEY] = mesh;
        const ctx: TagContext = { podName: pod.name, podLabels: labels, namespace: w.namespace, zone, version: this.version };
        const services = matchingServices(this.servicesFor(w.namespace, labels), w.namespace, labels, this.version);
        const tagSets: Record<string, string>[] = [];
        for (const svc of services) {
          svc.ports.forEach((port) => {
            if (resolvePort(port, w.template.containerPorts).ok) tagSets.push(serviceInboundTags(ctx, svc, port));
          });
        }
        if (tagSets.length === 0) tagSets.push(serviceLessTags(ctx, serviceLessName ?? pod.name));
        for (const vo of candidates) {
          const tags = tagSets.find((t) => targets(vo, t));
          if (tags && !hypothetical.some((h) => h.vo === vo)) hypothetical.push({ vo, tags });
        }
      }
    }
    const what = `${describeObject(w)} gets no Dataplane: ${injection.reason}.`;
    const fix =
      injection.source === 'none' && !this.objs.namespaces.has(w.namespace)
        ? ` Add the Namespace manifest with label ${INJECTION_KEY}: enabled, label the pod template, or assume injection for namespaces outside the workspace (--assume-injected).`
        : ` To add it to the mesh, label the namespace (or the pod template) with ${INJECTION_KEY}: enabled.`;
    if (hypothetical.length) {
      // A VirtualOutbound targets these manifests: they are not plain Kubernetes any more.
      this.involvesKuma = true;
      // By name, so that the message does not depend on where the VirtualOutbounds are written.
      hypothetical.sort((a, b) => byteOrder(a.vo.name, b.vo.name));
      const names = hypothetical.map((h) => h.vo.name);
      this.diagnostics.push(
        diagnostic(
          RULES.workloadNotInjected,
          w.doc.file,
          nameSpanOf(w),
          `${what} VirtualOutbound ${names.join(', ')} would select its pods if they were injected, so they get none of its hostnames.${fix}`,
          {
            severity: 'warning',
            related: hypothetical.map((h) => ({ file: h.vo.doc.file, span: spanOf(h.vo.doc, h.vo.namePath, 'value'), message: `VirtualOutbound ${h.vo.name}` })),
          },
        ),
      );
    }
    // Without a VirtualOutbound that targets it, a workload outside the mesh is none of our
    // business: plain Kubernetes manifests get no diagnostics.
  }

  /** Services with a selector that selects no pod of any workload in the workspace. */
  private servicesSelectingNothing(): void {
    if (this.objs.workloads.length === 0) return;
    for (const svc of this.objs.services) {
      if (this.selecting.has(svc) || isIgnored(svc) || Object.keys(svc.selector).length === 0) continue;
      const selector = Object.entries(svc.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      this.diagnostics.push(
        diagnostic(
          RULES.serviceSelectsNothing,
          svc.doc.file,
          spanOf(svc.doc, [...svc.path, 'spec', 'selector'], 'key'),
          `Service ${svc.namespace}/${svc.name} selects no pod of the workloads in the workspace (selector ${selector}, namespace ${svc.namespace}), so it gives no Dataplane an inbound here.` +
            ' Check the selector against the pod template labels and the namespaces.',
        ),
      );
    }
  }
}
