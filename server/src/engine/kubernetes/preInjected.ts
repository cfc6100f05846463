// Pods that already carry a sidecar (`kuma.io/sidecar-injected: "true"`, as in any Pod dumped from a
// live cluster). Kuma's pod controller gives such a pod a Dataplane whatever its namespace's labels
// (the webhook's "already has a kuma-sidecar" rule only prevents injecting twice), built from the
// pod's own annotations (pod_controller.go `Reconcile`, pod_converter.go `dataplaneFor`, 2.1.7).
import { Labels } from './objects';

export const SIDECAR_INJECTED = 'kuma.io/sidecar-injected';
const TRANSPARENT_PROXYING = 'kuma.io/transparent-proxying';
const UINT32_ANNOTATIONS_WHEN_TRANSPARENT = ['kuma.io/transparent-proxying-inbound-port', 'kuma.io/transparent-proxying-outbound-port'];
const OPTIONAL_UINT32_WHEN_TRANSPARENT = ['kuma.io/transparent-proxying-inbound-v6-port'];
const ENVOY_ADMIN_PORT = 'kuma.io/envoy-admin-port';

export interface PreInjected {
  /** False when the pod controller fails on the pod's annotations and writes no Dataplane. */
  readonly dataplane: boolean;
  readonly transparentProxying: boolean;
  /** Why there is no Dataplane, in Kuma's words where it has some. */
  readonly problem?: string;
}

/** Kuma's `Annotations.GetEnabled`: enabled/true, disabled/false, anything else is an error. */
function enabled(annotations: Labels, key: string): boolean | 'invalid' | undefined {
  if (!Object.prototype.hasOwnProperty.call(annotations, key)) return undefined;
  const v = annotations[key];
  if (v === 'enabled' || v === 'true') return true;
  if (v === 'disabled' || v === 'false') return false;
  return 'invalid';
}

/** Go's strconv.ParseUint(v, 10, 32). */
function isUint32(v: string): boolean {
  return /^[0-9]+$/.test(v) && Number(v) <= 0xffffffff;
}

/** Undefined when the pod does not say it is injected (no annotation, or disabled/false). */
export function alreadyInjected(annotations: Labels): PreInjected | undefined {
  const injected = enabled(annotations, SIDECAR_INJECTED);
  if (injected === undefined || injected === false) return undefined;
  const fail = (problem: string): PreInjected => ({ dataplane: false, transparentProxying: false, problem });
  if (injected === 'invalid') return fail(`annotation "${SIDECAR_INJECTED}" has wrong value "${annotations[SIDECAR_INJECTED]}"`);
  const tp = enabled(annotations, TRANSPARENT_PROXYING);
  if (tp === 'invalid') return fail(`annotation "${TRANSPARENT_PROXYING}" has wrong value "${annotations[TRANSPARENT_PROXYING]}"`);
  if (tp) {
    for (const key of UINT32_ANNOTATIONS_WHEN_TRANSPARENT) {
      const v = annotations[key];
      if (v === undefined) return fail(`${key} is not set, and transparent proxying needs it`);
      if (!isUint32(v)) return fail(`failed to parse annotation "${key}"`);
    }
    for (const key of OPTIONAL_UINT32_WHEN_TRANSPARENT) {
      const v = annotations[key];
      if (v !== undefined && !isUint32(v)) return fail(`failed to parse annotation "${key}"`);
    }
  }
  const admin = annotations[ENVOY_ADMIN_PORT];
  if (admin !== undefined && !isUint32(admin)) return fail(`failed to parse annotation "${ENVOY_ADMIN_PORT}"`);
  return { dataplane: true, transparentProxying: tp === true };
}
