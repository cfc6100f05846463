// Dataplanes Kuma would derive from Kubernetes workloads and Services (issue: Kubernetes workloads).
import { Dataplane } from '../resources/model';
import { EngineDiagnostic } from '../rules';
import { YamlDocument } from '../yaml/documents';

export interface KubernetesOptions {
  /** Where a workload's namespace is not in the workspace: assume it is injected. */
  readonly assumeInjected: boolean;
  /** Kuma version whose rules apply where they changed, e.g. '2.1'. */
  readonly kumaVersion: string;
}

export const DEFAULT_KUBERNETES_OPTIONS: KubernetesOptions = { assumeInjected: false, kumaVersion: '2.1' };

export interface DerivedDataplanes {
  readonly dataplanes: Dataplane[];
  readonly diagnostics: EngineDiagnostic[];
}

export function deriveDataplanes(_objects: readonly YamlDocument[], _options: KubernetesOptions = DEFAULT_KUBERNETES_OPTIONS): DerivedDataplanes {
  return { dataplanes: [], diagnostics: [] };
}
