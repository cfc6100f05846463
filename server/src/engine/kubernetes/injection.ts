// Does a pod get a sidecar? The mutating webhook's selectors and `needInject` of the Kuma version
// chosen (kuma-kubernetes.md §1). The decision remembers where it came from, for diagnostics.
import { Labels, NamespaceObject, PodTemplate } from './objects';
import { atLeast } from './versions';

export const INJECTION_KEY = 'kuma.io/sidecar-injection';
export const SIDECAR_CONTAINER = 'kuma-sidecar';
const EXCEPTION_LABELS = ['openshift.io/build.name', 'openshift.io/deployer-pod-for.name'];
/** The control plane's namespace in a default installation. */
export const CP_NAMESPACE = 'kuma-system';

export type InjectionSource = 'pod-label' | 'pod-annotation' | 'namespace-label' | 'namespace-annotation' | 'assumed' | 'none' | 'excluded';

export interface Injection {
  readonly injected: boolean;
  readonly source: InjectionSource;
  /** Human-readable reason, e.g. `namespace label kuma.io/sidecar-injection: enabled`. */
  readonly reason: string;
  /** Set when the value is not one the injector reads (`injectionValues`): the webhook fails for the pod. */
  readonly invalidValue?: { readonly value: string; readonly source: InjectionSource };
}

type Flag = 'on' | 'off' | 'invalid';

// Kuma 2.7+ reads yes and no as well (`GetBooleanWithDefault`); earlier releases only these four.
function flag(value: string, version: string): Flag {
  const yesNo = atLeast(version, 7);
  if (value === 'enabled' || value === 'true' || (yesNo && value === 'yes')) return 'on';
  if (value === 'disabled' || value === 'false' || (yesNo && value === 'no')) return 'off';
  return 'invalid';
}

/** The values the injector of `version` reads, for messages. */
export function injectionValues(version: string): string {
  return atLeast(version, 7) ? 'enabled, true, yes, disabled, false or no' : 'enabled, true, disabled or false';
}

function has(map: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

const SOURCE_TEXT: Record<InjectionSource, string> = {
  'pod-label': 'pod label',
  'pod-annotation': 'pod annotation',
  'namespace-label': 'namespace label',
  'namespace-annotation': 'namespace annotation',
  assumed: '',
  none: '',
  excluded: '',
};

/**
 * The injection decision for pods of `template` in `namespaceName`. `namespace` is undefined when
 * the workspace does not define it: then only the pod's own settings count, unless `assumeInjected`.
 */
export function decideInjection(template: PodTemplate, podLabels: Labels, namespaceName: string, namespace: NamespaceObject | undefined, version: string, assumeInjected: boolean): Injection {
  const no = (source: InjectionSource, reason: string): Injection => ({ injected: false, source, reason });
  for (const key of EXCEPTION_LABELS) {
    if (has(podLabels, key)) return no('excluded', `the pod has label ${key}, which the injector skips`);
  }
  if (template.containerNames.includes(SIDECAR_CONTAINER)) return no('excluded', `the pod already has a ${SIDECAR_CONTAINER} container`);

  const podLabel = has(podLabels, INJECTION_KEY) ? podLabels[INJECTION_KEY] : undefined;
  const nsLabel = namespace && has(namespace.labels, INJECTION_KEY) ? namespace.labels[INJECTION_KEY] : undefined;

  // 2.6+: no catch-all webhook; the webhooks' selectors decide whether needInject runs at all.
  if (atLeast(version, 6)) {
    if (namespaceName === 'kube-system') return no('excluded', 'the webhook never fires in kube-system');
    if (atLeast(version, 11) && namespaceName === CP_NAMESPACE) return no('excluded', `the webhook never fires in the control-plane namespace ${CP_NAMESPACE}`);
    const nsFires = nsLabel === 'enabled' || nsLabel === 'true' || (!namespace && assumeInjected);
    const podFires = podLabel === 'enabled' && (!atLeast(version, 11) || !namespace || nsLabel !== undefined);
    if (!nsFires && !podFires) {
      const why =
        podLabel === 'true'
          ? `pod label ${INJECTION_KEY}: "true" does not trigger the webhook (only "enabled" does) and the namespace is not labelled enabled`
          : podLabel === 'enabled'
            ? `since Kuma 2.11 the pod label only counts when namespace ${namespaceName} carries a ${INJECTION_KEY} label too`
            : podLabel !== undefined
              ? `pod label ${INJECTION_KEY}: ${podLabel}`
              : namespace
                ? `neither the pod nor namespace ${namespaceName} has label ${INJECTION_KEY}: enabled`
                : `the pod has no label ${INJECTION_KEY}: enabled and namespace ${namespaceName} is not in the workspace`;
      return no(podLabel !== undefined ? 'pod-label' : 'none', why);
    }
  }

  const steps: { source: InjectionSource; key: string; value: string | undefined }[] = [
    { source: 'pod-label', key: INJECTION_KEY, value: podLabel },
    // 2.2+: annotations no longer control injection.
    ...(atLeast(version, 2) ? [] : [{ source: 'pod-annotation' as const, key: INJECTION_KEY, value: has(template.annotations, INJECTION_KEY) ? template.annotations[INJECTION_KEY] : undefined }]),
    { source: 'namespace-label', key: INJECTION_KEY, value: nsLabel },
    ...(atLeast(version, 2)
      ? []
      : [{ source: 'namespace-annotation' as const, key: INJECTION_KEY, value: namespace && has(namespace.annotations, INJECTION_KEY) ? namespace.annotations[INJECTION_KEY] : undefined }]),
  ];
  for (const step of steps) {
    if (step.value === undefined) continue;
    const f = flag(step.value, version);
    const reason = `${SOURCE_TEXT[step.source]} ${step.key}: ${step.value}`;
    if (f === 'invalid') {
      return {
        injected: false,
        source: step.source,
        reason: `${reason} is none of ${injectionValues(version)}, so the webhook fails for the pod`,
        invalidValue: { value: step.value, source: step.source },
      };
    }
    return { injected: f === 'on', source: step.source, reason };
  }
  if (!namespace && assumeInjected) return { injected: true, source: 'assumed', reason: `namespace ${namespaceName} is not in the workspace and is assumed to be injected` };
  return no(
    'none',
    namespace ? `neither the pod nor namespace ${namespaceName} sets ${INJECTION_KEY}` : `the pod does not set ${INJECTION_KEY} and namespace ${namespaceName} is not in the workspace`,
  );
}
