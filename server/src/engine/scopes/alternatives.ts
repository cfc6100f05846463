// Two copies of a resource in sibling folders that look like alternatives of one deployment
// (`k8s/` and `universal/`, `v1/` and `v2/`, `dev/` and `prod/`), or in numbered variants of one
// file (`000-with-kuma.yaml` and `001-with-mtls.yaml`), are likely meant for different control
// planes: a duplicate between them suggests declaring scopes.
import { dirOf } from './config';

const VARIANT_WORDS = new Set([
  'k8s',
  'kubernetes',
  'kube',
  'universal',
  'vm',
  'vms',
  'docker',
  'compose',
  'ecs',
  'nomad',
  'dev',
  'development',
  'test',
  'testing',
  'qa',
  'stage',
  'staging',
  'prod',
  'production',
  'local',
  'demo',
  'base',
  'overlay',
  'overlays',
  'default',
  'minimal',
  'full',
  'standalone',
  'global',
  'zone',
  'multizone',
]);

function lastSegment(dir: string): string {
  const trimmed = dir.slice(0, -1);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function looksLikeVariant(a: string, b: string): boolean {
  const stripDigits = (s: string) => s.replace(/[0-9]+/g, '#');
  if (a !== b && stripDigits(a) === stripDigits(b)) return true;
  return VARIANT_WORDS.has(a.toLowerCase()) && VARIANT_WORDS.has(b.toLowerCase());
}

const NUMBERED = /^(?:v?[0-9]+[-_.])/i;

/** The two sibling folders (or numbered files of one folder) when `a` and `b` look like alternatives. */
export function alternativeFolders(a: string, b: string): [string, string] | undefined {
  const da = dirOf(a);
  const db = dirOf(b);
  if (da === db) {
    const na = a.slice(da.length);
    const nb = b.slice(db.length);
    return na !== nb && NUMBERED.test(na) && NUMBERED.test(nb) ? [a, b] : undefined;
  }
  if (da === '' || db === '') return undefined;
  if (dirOf(da.slice(0, -1)) !== dirOf(db.slice(0, -1))) return undefined;
  const sameName = a.slice(da.length) === b.slice(db.length);
  const na = lastSegment(da);
  const nb = lastSegment(db);
  return sameName || looksLikeVariant(na, nb) ? [da, db] : undefined;
}
