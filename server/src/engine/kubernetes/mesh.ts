// The mesh of a pod's Dataplane (kuma-kubernetes.md §2): `util.MeshOfByAnnotation` in 2.1.x,
// `MeshOfByLabelOrAnnotation` from 2.9 on.
import { Labels, NamespaceObject } from './objects';
import { atLeast } from './versions';

export const MESH_KEY = 'kuma.io/mesh';
export const DEFAULT_MESH = 'default';

export function meshOf(podLabels: Labels, podAnnotations: Labels, namespace: NamespaceObject | undefined, version: string): string {
  const candidates = atLeast(version, 9)
    ? [podLabels[MESH_KEY], podAnnotations[MESH_KEY], namespace?.labels[MESH_KEY], namespace?.annotations[MESH_KEY]]
    : [podAnnotations[MESH_KEY], namespace?.annotations[MESH_KEY]];
  for (const c of candidates) if (c) return c;
  return DEFAULT_MESH;
}
