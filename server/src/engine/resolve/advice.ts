// What to do about a hostname skipped for a missing tag, where "add the tag to the inbound" cannot
// be followed: on Kubernetes nobody writes inbound tags, Kuma's pod converter does
// (inbound_converter.go, 2.1.7; kuma-kubernetes.md §4). It copies pod labels to the inbounds it
// makes from a Service except those whose key contains `kuma.io/`, and generates its own tags.
import type { SourceResource } from './view';

/** Where the skipped inbounds live. */
export interface AdviceEnvironment {
  /** Every skipped inbound is on a dataplane Kuma derives from a Kubernetes pod. */
  readonly kubernetes: boolean;
  /** Every skipped inbound is one Kuma makes from a Service (not the service-less inbound). */
  readonly serviceInbounds: boolean;
  /** Every skipped inbound is the service-less one (no Service selects the pod). */
  readonly servicelessInbounds: boolean;
}

const SERVICE_NAME = 'k8s.kuma.io/service-name';
const SERVICE_PORT = 'k8s.kuma.io/service-port';
const INSTANCE = 'kuma.io/instance';
const ZONE = 'kuma.io/zone';
/** Tags Kuma writes itself on Kubernetes inbounds; a label can never give them. */
const GENERATED = new Set(['kuma.io/service', 'kuma.io/protocol', INSTANCE, ZONE, 'k8s.kuma.io/namespace', SERVICE_NAME, SERVICE_PORT]);

/** The environment of skipped renders, from their sources. */
export function adviceEnvironment(sources: readonly { resource: SourceResource; inboundIndex?: number }[]): AdviceEnvironment {
  let kubernetes = sources.length > 0;
  let serviceInbounds = kubernetes;
  let servicelessInbounds = kubernetes;
  for (const s of sources) {
    const r = s.resource;
    if (r.kind !== 'Dataplane' || !r.derivedFrom) {
      kubernetes = serviceInbounds = servicelessInbounds = false;
      break;
    }
    const tags = s.inboundIndex === undefined ? undefined : r.inbounds[s.inboundIndex]?.tags;
    const fromService = !!tags && Object.prototype.hasOwnProperty.call(tags, SERVICE_NAME);
    if (fromService) servicelessInbounds = false;
    else serviceInbounds = false;
  }
  return { kubernetes, serviceInbounds, servicelessInbounds };
}

/** The label a user would write instead of a `kuma.io/`-containing key: the part after the prefix. */
function unprefixed(key: string): string {
  return key.slice(key.lastIndexOf('kuma.io/') + 'kuma.io/'.length) || 'name';
}

/**
 * Advice for the tag keys a skipped template reads and the inbounds lack, or undefined when the
 * usual advice (add the tag to the inbound) can be followed.
 */
export function missingTagAdvice(missingKeys: readonly string[], env: AdviceEnvironment): string | undefined {
  if (!env.kubernetes) return undefined;
  const parts: string[] = [];
  for (const key of missingKeys) {
    if (key === INSTANCE && env.serviceInbounds) {
      parts.push(
        `On Kubernetes Kuma sets '${INSTANCE}' (the pod name) only on inbounds from a headless Service (clusterIP: None) and on the service-less inbound: make the Service headless, or read a label the pods have, such as 'statefulset.kubernetes.io/pod-name' on StatefulSet pods.`,
      );
    } else if ((key === SERVICE_NAME || key === SERVICE_PORT) && env.servicelessInbounds) {
      parts.push(`On Kubernetes Kuma sets '${key}' only on inbounds from a Service that selects the pod, and no Service selects these pods: add one, or read a pod label.`);
    } else if (key === ZONE) {
      parts.push(`Kuma sets '${ZONE}' only when the control plane has a zone name (multizone.zone.name; always from Kuma 2.6 on).`);
    } else if (key.includes('kuma.io/') && !GENERATED.has(key) && env.serviceInbounds) {
      parts.push(
        `On Kubernetes Kuma drops pod labels whose key contains 'kuma.io/' from the tags of inbounds from a Service, so no pod label can give '${key}'.` +
          ` Read a tag Kuma generates instead ('${SERVICE_NAME}', 'k8s.kuma.io/namespace', '${SERVICE_PORT}', 'kuma.io/service'), or label the pods with a key without the prefix (such as '${unprefixed(key)}') and read that.`,
      );
    }
  }
  return parts.length ? parts.join(' ') : undefined;
}
