// Which Services select a pod and which container port each Service port reaches
// (kuma-kubernetes.md §3: `findMatchingServices`, `inboundForService`, `util.FindPort`).
import { byteOrder } from '../validate/selectors';
import { ContainerPort, Labels, ServiceObject, ServicePortSpec } from './objects';
import { atLeast } from './versions';

/** The service-less inbound's port (`TCPPortReserved`). */
export const SERVICELESS_PORT = 49151;

export function isIgnored(svc: ServiceObject): boolean {
  const v = svc.annotations['kuma.io/ignore'];
  return v === 'true' || v === 'enabled';
}

/** Every key=value of a non-empty selector is on the pod. */
export function selects(selector: Labels, podLabels: Labels): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => Object.prototype.hasOwnProperty.call(podLabels, k) && podLabels[k] === selector[k]);
}

/** The Services Kuma builds inbounds from for a pod, in inbound order (by name). */
export function matchingServices(services: readonly ServiceObject[], namespace: string, podLabels: Labels, version: string): ServiceObject[] {
  return (
    services
      .filter((s) => s.namespace === namespace && !isIgnored(s) && selects(s.selector, podLabels))
      // 2.5+: ExternalName Services are skipped explicitly.
      .filter((s) => !(atLeast(version, 5) && s.type === 'ExternalName'))
      .sort((a, b) => byteOrder(a.name, b.name))
  );
}

export type PortResolution =
  { readonly ok: true; readonly port: number } | { readonly ok: false; readonly reason: 'not-tcp' | 'unnamed-port-missing' | 'named-port-unresolved'; readonly name?: string };

/** The container port a Service port reaches, or why it yields no inbound. */
export function resolvePort(port: ServicePortSpec, containerPorts: readonly ContainerPort[]): PortResolution {
  if (port.protocol !== 'TCP') return { ok: false, reason: 'not-tcp' };
  const target = port.targetPort ?? port.port;
  if (target === undefined) return { ok: false, reason: 'unnamed-port-missing' };
  if (typeof target === 'number') return { ok: true, port: target };
  const found = containerPorts.find((c) => c.name === target && c.protocol === port.protocol && c.containerPort !== undefined);
  return found ? { ok: true, port: found.containerPort! } : { ok: false, reason: 'named-port-unresolved', name: target };
}

/** Services by namespace and by one of their selector's key=value pairs, to find candidates for a pod quickly. */
export class ServiceIndex {
  private readonly byPair = new Map<string, ServiceObject[]>();

  constructor(services: readonly ServiceObject[]) {
    for (const svc of services) {
      const [key] = Object.keys(svc.selector);
      if (key === undefined) continue; // selectorless Services never match
      const k = ServiceIndex.pairKey(svc.namespace, key, svc.selector[key]!);
      let list = this.byPair.get(k);
      if (!list) this.byPair.set(k, (list = []));
      list.push(svc);
    }
  }

  private static pairKey(namespace: string, key: string, value: string): string {
    return `${namespace}\u0000${key}\u0000${value}`;
  }

  /** Services of the namespace that may select a pod with these labels (a superset of the matching ones). */
  candidates(namespace: string, podLabels: Labels): ServiceObject[] {
    const out: ServiceObject[] = [];
    for (const [k, v] of Object.entries(podLabels)) {
      const list = this.byPair.get(ServiceIndex.pairKey(namespace, k, v));
      if (list) out.push(...list);
    }
    return out;
  }
}
