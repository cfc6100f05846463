// Dataplanes Kuma would derive from Kubernetes workloads and Services (kuma-kubernetes.md).
export { deriveDataplanes, DEFAULT_KUBERNETES_OPTIONS, NO_DERIVATION } from './derive';
export type { DerivedDataplanes, KubernetesOptions, WorkloadDecision } from './derive';
export { isPlaceholderValue } from './pods';
export { KUMA_VERSIONS } from './versions';
export type { KumaVersion } from './versions';
