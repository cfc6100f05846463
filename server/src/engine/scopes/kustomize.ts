// Kustomize overlays as scopes. A kustomization lists the files it applies (`resources`, and the
// legacy `bases`, `components`) and the files that patch them. An overlay (a kustomization no other
// one references) applies what its references reach, recursively. Mesh Lens does not build the
// overlay: it reads which files it holds and which are patches, and names what a build would
// change that it does not apply.
import { parseDocument } from 'yaml';
import { dirOf, joinPath } from './config';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml'];

export function isKustomizationFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return KUSTOMIZATION_NAMES.includes(base);
}

export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  /** Entries of `resources`, `bases` and `components`, as written. */
  readonly resources: readonly string[];
  /** Paths of patch files (`patchesStrategicMerge`, `patches[].path`, `patchesJson6902[].path`), as written. */
  readonly patchFiles: readonly string[];
  /** Patches written inline in the kustomization. */
  readonly inlinePatches: number;
  /** Fields that transform resources in ways Mesh Lens does not apply (namePrefix, namespace, images, ...). */
  readonly transformers: readonly string[];
  /** True when the file is not a readable kustomization. */
  readonly unreadable: boolean;
}

// Fields that change the built resources. `resources`, `bases`, `components` and the patch
// fields are handled; `apiVersion`, `kind` and `metadata` change nothing.
const INERT = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'patchesStrategicMerge',
  'patches',
  'patchesJson6902',
  'buildMetadata',
  'sortOptions',
  'openapi',
  'crds',
  'configurations',
]);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function readKustomization(file: string, text: string): Kustomization {
  const dir = dirOf(file);
  let root: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: false });
    root = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch {
    root = undefined;
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    return { file, dir, resources: [], patchFiles: [], inlinePatches: 0, transformers: [], unreadable: true };
  }
  const k = root as Record<string, unknown>;
  const resources = [...strings(k.resources), ...strings(k.bases), ...strings(k.components)];
  const patchFiles: string[] = [];
  let inlinePatches = 0;
  for (const p of Array.isArray(k.patchesStrategicMerge) ? k.patchesStrategicMerge : []) {
    // An entry is a file path, or a whole patch written inline (a multi-line string).
    if (typeof p === 'string' && !p.includes('\n')) patchFiles.push(p);
    else inlinePatches++;
  }
  for (const field of ['patches', 'patchesJson6902'] as const) {
    for (const p of Array.isArray(k[field]) ? k[field] : []) {
      const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
      if (typeof path === 'string') patchFiles.push(path);
      else inlinePatches++;
    }
  }
  const transformers = Object.keys(k).filter((key) => !INERT.has(key));
  return { file, dir, resources, patchFiles, inlinePatches, transformers, unreadable: false };
}

function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || ref.startsWith('git@') || /^(github|gitlab|bitbucket)\.(com|org)\//.test(ref) || ref.includes('?ref=');
}

export interface OverlayReach {
  readonly overlay: Kustomization;
  /** Every kustomization the overlay reaches, itself first. */
  readonly kustomizations: readonly Kustomization[];
  /** Files applied as resources. */
  readonly resources: readonly string[];
  /** Files applied as patches of those resources. */
  readonly patches: readonly string[];
  /** Things a build would do that Mesh Lens does not: human-readable, one per item. */
  readonly notApplied: readonly string[];
}

/** Finds the overlays among the kustomizations and what each reaches. `exists` tells whether a file is in the workspace. */
export function overlays(kustomizations: readonly Kustomization[], exists: (file: string) => boolean): OverlayReach[] {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) if (!byDir.has(k.dir)) byDir.set(k.dir, k);
  type Ref = { kind: 'file'; file: string } | { kind: 'kustomization'; k: Kustomization } | { kind: 'missing' | 'remote'; ref: string };
  const resolve = (k: Kustomization, ref: string): Ref => {
    if (isRemote(ref)) return { kind: 'remote', ref };
    const path = joinPath(k.dir, ref);
    if (path === undefined) return { kind: 'missing', ref };
    if (exists(path) && !isKustomizationFile(path)) return { kind: 'file', file: path };
    const target = byDir.get(path === '' ? '' : path + '/') ?? (isKustomizationFile(path) ? byDir.get(dirOf(path)) : undefined);
    if (target && target !== k) return { kind: 'kustomization', k: target };
    return { kind: 'missing', ref };
  };
  const referenced = new Set<Kustomization>();
  for (const k of kustomizations) {
    for (const ref of k.resources) {
      const r = resolve(k, ref);
      if (r.kind === 'kustomization') referenced.add(r.k);
    }
  }
  const out: OverlayReach[] = [];
  for (const overlay of kustomizations) {
    if (referenced.has(overlay) || overlay.unreadable) continue;
    const seen = new Set<Kustomization>();
    const resources = new Set<string>();
    const patches = new Set<string>();
    const notApplied: string[] = [];
    const visit = (k: Kustomization) => {
      if (seen.has(k)) return;
      seen.add(k);
      const where = k === overlay ? '' : ` (in ${k.file})`;
      for (const ref of k.resources) {
        const r = resolve(k, ref);
        if (r.kind === 'file') resources.add(r.file);
        else if (r.kind === 'kustomization') visit(r.k);
        else if (r.kind === 'remote') notApplied.push(`remote resource ${ref}${where}`);
        else notApplied.push(`${ref}${where}, not found in the workspace`);
      }
      for (const p of k.patchFiles) {
        const path = joinPath(k.dir, p);
        if (path !== undefined && exists(path)) patches.add(path);
        else notApplied.push(`patch ${p}${where}, not found in the workspace`);
      }
      if (k.inlinePatches) notApplied.push(`${k.inlinePatches} inline patch${k.inlinePatches === 1 ? '' : 'es'}${where}`);
      for (const t of k.transformers) notApplied.push(`${t}${where}`);
    };
    visit(overlay);
    // A file listed as a resource is one, even where another kustomization also patches with it.
    for (const r of resources) patches.delete(r);
    out.push({ overlay, kustomizations: [...seen], resources: [...resources], patches: [...patches], notApplied });
  }
  return out;
}
