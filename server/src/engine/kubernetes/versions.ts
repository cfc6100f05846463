// The Kuma versions whose Kubernetes rules differ from 2.1.x (kuma-kubernetes.md, "(2.N+)").
export const KUMA_VERSIONS = ['2.1', '2.2', '2.6', '2.8', '2.9', '2.11'] as const;
export type KumaVersion = (typeof KUMA_VERSIONS)[number];

/** The minor version number of a `2.N` (or `2.N.x`) version string; unknown strings count as 2.1. */
export function minorOf(version: string): number {
  const m = /^2\.(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : 1;
}

/** True when `version` is `2.<minor>` or later. */
export function atLeast(version: string, minor: number): boolean {
  return minorOf(version) >= minor;
}
