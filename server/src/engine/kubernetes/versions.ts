// The Kubernetes derivation reads the Kuma version like the rest of the engine (kuma-kubernetes.md, "(2.N+)").
export { atLeast, KUMA_VERSIONS, minorOf } from '../versions/kumaVersion';
export type { KumaVersion } from '../versions/kumaVersion';
