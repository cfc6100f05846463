// Which files make one control plane. A pure function of file names, texts and forms:
//  - a `mesh-lens.yaml` at the root of a folder declares the scopes of the files under it (globs);
//  - elsewhere the default rules apply: each kustomize overlay is a scope of what it reaches (its
//    patch files are patches, never resources); the remaining files are one scope, split in two
//    when it holds both Kubernetes-form and Universal-form resources (one control plane cannot
//    receive both). A Kuma file under a Go `testdata/` folder is a test case of its own (an input
//    or a golden output): it is a scope by itself, never one control plane with its neighbours.
import type { FileAnalysis } from '../analyze';
import { isExcluded } from '../../workspace/glob';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { byteOrder } from '../validate/selectors';
import { Span } from '../yaml/lineIndex';
import { Environment, joinPath, readScopeConfig, ScopeConfig } from './config';
import { isKustomizationFile, OverlayReach, overlays, readKustomization } from './kustomize';

export type FileForm = 'kubernetes' | 'universal' | 'mixed' | 'none';

/** The form of the resources a file holds; Kubernetes objects (workloads, Services) are Kubernetes-form. */
export function fileForm(a: FileAnalysis): FileForm {
  let k = a.kubernetesObjects.length > 0;
  let u = false;
  for (const r of a.resources) {
    if (r.form === 'kubernetes') k = true;
    else u = true;
  }
  return k && u ? 'mixed' : k ? 'kubernetes' : u ? 'universal' : 'none';
}

export interface ScopeFileInput {
  readonly file: string;
  readonly text: string;
  readonly form: FileForm;
}

export type ScopeOrigin = 'config' | 'overlay' | 'form' | 'workspace' | 'testdata';

export interface PlannedScope {
  readonly name: string;
  readonly origin: ScopeOrigin;
  /** The files applied as resources, in byte order. */
  readonly files: readonly string[];
  /** Patch files of the scope's resources (overlays): never read as resources. */
  readonly patches: readonly string[];
  /** The scope's kuma-cp configuration file (config scopes). */
  readonly cpConfig?: { readonly file: string; readonly declaredIn: string; readonly span: Span };
  readonly kumaVersion?: string;
  readonly environment?: Environment;
  /** The file that declares the scope: the config or the overlay's kustomization. */
  readonly declaredIn?: string;
  /** The kustomize overlays the scope holds: an overlay scope its own, a declared scope those whose kustomization it names. */
  readonly overlays?: readonly OverlayInfo[];
}

export interface OverlayInfo {
  /** Its kustomization file. */
  readonly file: string;
  readonly name: string;
  readonly patches: readonly string[];
  /** What `kustomize build` would do that Mesh Lens does not (patches aside: see patches.ts). */
  readonly notBuilt: readonly string[];
}

function overlayInfo(reach: OverlayReach): OverlayInfo {
  return { file: reach.overlay.file, name: reach.overlay.dir === '' ? '.' : reach.overlay.dir.slice(0, -1), patches: [...reach.patches].sort(byteOrder), notBuilt: reach.notApplied };
}

export interface ScopePlan {
  readonly scopes: readonly PlannedScope[];
  /** Problems of the configs and notes on overlays. */
  readonly diagnostics: readonly EngineDiagnostic[];
  /** Equal for equal plans. */
  readonly key: string;
}

export const WORKSPACE_SCOPE = 'workspace';

function formAllowed(form: FileForm, env: Environment | undefined): boolean {
  if (env === 'kubernetes') return form !== 'universal';
  if (env === 'universal') return form !== 'kubernetes';
  return true;
}

/** `configFiles`: where a `mesh-lens.yaml` counts (the root of each workspace folder). */
export function planScopes(inputs: readonly ScopeFileInput[], configFiles: readonly string[] = []): ScopePlan {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  const exists = (f: string) => byFile.has(f);
  const diagnostics: EngineDiagnostic[] = [];
  const scopes: PlannedScope[] = [];

  const kustomizations = inputs.filter((i) => isKustomizationFile(i.file)).map((i) => readKustomization(i.file, i.text));
  const reaches = kustomizations.length ? overlays(kustomizations, exists) : [];
  const resourceFiles = new Set(reaches.flatMap((r) => r.resources));
  // A file some overlay patches with is a patch everywhere, unless an overlay applies it as a resource.
  const patchFiles = new Set(reaches.flatMap((r) => r.patches).filter((p) => !resourceFiles.has(p)));

  const configs: ScopeConfig[] = [];
  for (const file of configFiles) {
    const input = byFile.get(file);
    if (!input) continue;
    const config = readScopeConfig(file, input.text);
    diagnostics.push(...config.problems);
    if (config.scopes.length) configs.push(config);
  }
  // Deeper configs first, so that a nested folder's config governs its files.
  configs.sort((a, b) => b.dir.length - a.dir.length);
  const governed = new Set<string>();
  for (const config of configs) {
    const mine = inputs.filter((i) => i.file.startsWith(config.dir) && !governed.has(i.file));
    for (const i of mine) governed.add(i.file);
    for (const spec of config.scopes) {
      const files = mine
        .filter((i) => i.file !== config.file && !patchFiles.has(i.file) && formAllowed(i.form, spec.environment))
        .filter((i) => {
          const rel = i.file.slice(config.dir.length);
          return isExcluded(rel, spec.files) && !isExcluded(rel, spec.exclude);
        })
        .map((i) => i.file);
      // The overlays whose kustomization the scope names: their patches are patches here too.
      const named = new Set(files);
      const held = reaches.filter((r) => named.has(r.overlay.file)).map(overlayInfo);
      let cpConfig: PlannedScope['cpConfig'];
      if (spec.cpConfig !== undefined) {
        const path = joinPath(config.dir, spec.cpConfig);
        if (path !== undefined && exists(path)) cpConfig = { file: path, declaredIn: config.file, span: spec.cpConfigSpan! };
        else
          diagnostics.push(
            diagnostic(
              RULES.invalidScopeConfig,
              config.file,
              spec.cpConfigSpan!,
              `cpConfig: ${spec.cpConfig} is not a YAML file of the workspace; scope "${spec.name}" uses the default control-plane settings`,
            ),
          );
      }
      scopes.push({
        name: spec.name,
        origin: 'config',
        files: files.sort(byteOrder),
        patches: [...new Set(held.flatMap((o) => o.patches))].sort(byteOrder),
        ...(held.length ? { overlays: held } : {}),
        ...(cpConfig ? { cpConfig } : {}),
        ...(spec.kumaVersion ? { kumaVersion: spec.kumaVersion } : {}),
        ...(spec.environment ? { environment: spec.environment } : {}),
        declaredIn: config.file,
      });
    }
  }

  const rest = inputs.filter((i) => !governed.has(i.file));
  const inRest = new Set(rest.map((i) => i.file));
  const reached = new Set<string>();
  const overlayScopes: PlannedScope[] = [];
  for (const reach of reaches) {
    if (!inRest.has(reach.overlay.file)) continue;
    const files = new Set<string>();
    for (const k of reach.kustomizations) if (inRest.has(k.file)) files.add(k.file);
    for (const f of reach.resources) if (inRest.has(f)) files.add(f);
    for (const f of files) reached.add(f);
    const name = reach.overlay.dir === '' ? '.' : reach.overlay.dir.slice(0, -1);
    const info = overlayInfo(reach);
    overlayScopes.push({ name, origin: 'overlay', files: [...files].sort(byteOrder), patches: info.patches, declaredIn: reach.overlay.file, overlays: [info] });
  }
  overlayScopes.sort((a, b) => byteOrder(a.name, b.name));
  scopes.push(...overlayScopes);

  // A config is read as a config, never as resources, even when it declares nothing valid.
  const configNames = new Set(configFiles);
  const unplanned = rest.filter((i) => !reached.has(i.file) && !patchFiles.has(i.file) && !configNames.has(i.file));
  const testCases = unplanned.filter((i) => i.form !== 'none' && TESTDATA.test(i.file));
  const cases = new Set(testCases);
  const remaining = cases.size ? unplanned.filter((i) => !cases.has(i)) : unplanned;
  const planned = finishPlan(scopes, remaining, diagnostics);
  // Test cases come last: non-mesh YAML is checked with the other scopes, not with each case.
  if (!cases.size) return planned;
  const others = planned.scopes.filter((sc) => sc.origin !== 'workspace' || sc.files.length > 0);
  const withCases = [...others, ...testCases.map((i): PlannedScope => ({ name: i.file, origin: 'testdata', files: [i.file], patches: [] }))];
  uniqueNames(withCases);
  return { scopes: withCases, diagnostics, key: JSON.stringify(withCases) };
}

// Go's test inputs and golden outputs (`go build` ignores these folders).
const TESTDATA = /(^|\/)testdata\//;

/** The default rules for the files no config or overlay took: forms, or one workspace scope. */
function finishPlan(scopes: PlannedScope[], remaining: readonly ScopeFileInput[], diagnostics: EngineDiagnostic[]): ScopePlan {
  if (scopes.length && remaining.every((i) => i.form === 'none')) {
    // Non-mesh YAML beside the overlays or declared scopes: checked with every scope (alone it would be an empty control plane).
    const others = remaining.map((i) => i.file);
    if (others.length) for (const [n, scope] of scopes.entries()) scopes[n] = { ...scope, files: [...scope.files, ...others].sort(byteOrder) };
    uniqueNames(scopes);
    return { scopes, diagnostics, key: JSON.stringify(scopes) };
  }
  const kubernetes = remaining.filter((i) => i.form === 'kubernetes' || i.form === 'mixed');
  const universal = remaining.filter((i) => i.form === 'universal');
  if (kubernetes.length && universal.length) {
    // Files with no resource of either form (non-mesh YAML) go with the Kubernetes ones.
    const others = remaining.filter((i) => i.form === 'none');
    scopes.push({ name: 'kubernetes', origin: 'form', files: [...kubernetes, ...others].map((i) => i.file).sort(byteOrder), patches: [] });
    scopes.push({ name: 'universal', origin: 'form', files: universal.map((i) => i.file).sort(byteOrder), patches: [] });
  } else if (remaining.length || scopes.length === 0) {
    scopes.push({ name: WORKSPACE_SCOPE, origin: 'workspace', files: remaining.map((i) => i.file).sort(byteOrder), patches: [] });
  }

  uniqueNames(scopes);
  const key = JSON.stringify(scopes);
  return { scopes, diagnostics, key };
}

function uniqueNames(scopes: PlannedScope[]): void {
  const seen = new Set<string>();
  for (const [i, scope] of scopes.entries()) {
    let name = scope.name;
    for (let n = 2; seen.has(name); n++) name = `${scope.name} (${n})`;
    seen.add(name);
    if (name !== scope.name) scopes[i] = { ...scope, name };
  }
}
