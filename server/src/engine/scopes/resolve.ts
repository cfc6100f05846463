// One model per scope, and what the scopes say together. A file in several scopes (a shared base)
// gets each scope's diagnostics: what every scope of the file says is said once; what only some
// say names those scopes.
import { analyzeFile, FileAnalysis, MeshResult, ResolveOptions, WorkspaceResult } from '../analyze';
import { DEFAULT_KUBERNETES_OPTIONS, DerivedDataplanes } from '../kubernetes';
import { Dataplane, Resource } from '../resources/model';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { ControlPlaneSettings, DEFAULT_SETTINGS, kumaVersionOf, readCpConfig } from '../settings';
import { byteOrder } from '../validate/selectors';
import { oneDiagnosticPerLine } from '../oneDiagnosticPerLine';
import { WorkspaceModel } from '../workspaceModel';
import { Span } from '../yaml/lineIndex';
import { BuiltOverlay } from './built';
import { applyPatches, mapDiagnosticBack, PatchedFile, PatchResult } from './patches';
import { PlannedScope, ScopePlan } from './plan';

/** Reuses the patch work of a scope while its texts are the same (the live index keeps one per scope). */
export interface PatchCache {
  texts?: readonly string[];
  result?: PatchResult;
  analyses?: Map<string, FileAnalysis>;
  /** The scope's files analysed again for its own Kuma version (where it differs from the workspace's). */
  versioned?: Map<string, FileAnalysis>;
}

export interface PreparedScope {
  /** The analyses the scope's model reads: patched files replaced by their patched analysis. */
  readonly analyses: FileAnalysis[];
  readonly patched: ReadonlyMap<string, PatchedFile>;
  /** The overlay's note: what a build would do that is not applied. */
  readonly notes: EngineDiagnostic[];
}

function firstLine(text: string): Span {
  const nl = text.indexOf('\n');
  if (nl < 0) return [0, text.length];
  return [0, text[nl - 1] === '\r' ? nl - 1 : nl];
}

/**
 * A file as the scope's Kuma version reads it: its own analysis when that was made for the version,
 * else a new one (kept in `cache` while the text is the same).
 */
export function forVersion(a: FileAnalysis, kumaVersion: string, cache: PatchCache): FileAnalysis {
  if (a.kumaVersion === kumaVersion) return a;
  const versioned = (cache.versioned ??= new Map());
  const seen = versioned.get(a.file);
  if (seen && seen.kumaVersion === kumaVersion && seen.parsed.text === a.parsed.text) return seen;
  const again = analyzeFile(a.file, a.parsed.text, kumaVersion);
  versioned.set(a.file, again);
  return again;
}

/**
 * The analyses of a scope, read as its Kuma version reads them, with the overlay patches that apply
 * exactly applied, and the overlay's note.
 */
export function prepareScope(scope: PlannedScope, byFile: ReadonlyMap<string, FileAnalysis>, cache: PatchCache = {}, kumaVersion?: string): PreparedScope {
  const analyses: FileAnalysis[] = [];
  for (const f of scope.files) {
    const a = byFile.get(f);
    if (a) analyses.push(kumaVersion ? forVersion(a, kumaVersion, cache) : a);
  }
  if (cache.versioned) for (const f of cache.versioned.keys()) if (!byFile.has(f)) cache.versioned.delete(f);
  if (!scope.overlays?.length) return { analyses, patched: new Map(), notes: [] };
  let patch: PatchResult = { files: new Map(), applied: [], notApplied: [] };
  if (scope.patches.length) {
    const patches = scope.patches.map((f) => ({ file: f, text: byFile.get(f)?.parsed.text ?? '' }));
    const targets = analyses.filter((a) => a.resources.length || a.kubernetesObjects.length).map((a) => ({ file: a.file, text: a.parsed.text }));
    const texts = [kumaVersion ?? '', ...[...patches, ...targets].flatMap((x) => [x.file, x.text])];
    if (!cache.texts || cache.texts.length !== texts.length || cache.texts.some((t, i) => t !== texts[i])) {
      cache.texts = texts;
      cache.result = applyPatches(patches, targets);
      cache.analyses = new Map([...cache.result.files.values()].map((p) => [p.file, analyzeFile(p.file, p.text, kumaVersion)]));
    }
    patch = cache.result!;
    for (const [i, a] of analyses.entries()) analyses[i] = cache.analyses!.get(a.file) ?? a;
  }
  const notes: EngineDiagnostic[] = [];
  // An overlay of plain Kubernetes manifests is none of Mesh Lens's business: no note.
  const kuma = analyses.some((a) => a.resources.length);
  for (const overlay of scope.overlays) {
    const mine = new Set(overlay.patches);
    const items = [...patch.notApplied.filter((p) => mine.has(p.file)).map((p) => `patch ${p.file}: ${p.why}`), ...overlay.notBuilt];
    const applied = patch.applied.filter((p) => mine.has(p));
    const kustomization = byFile.get(overlay.file);
    if (!items.length || !kustomization || !kuma) continue;
    notes.push(
      diagnostic(
        RULES.overlayNotBuilt,
        kustomization.file,
        firstLine(kustomization.parsed.text),
        `Mesh Lens reads ${overlay.name === '.' ? 'this overlay' : `overlay ${overlay.name}`} without running kustomize.${applied.length ? ` Applied exactly: ${applied.join(', ')}.` : ''} Not applied: ${items.join('; ')}. \`kustomize build\` could give different resources.`,
      ),
    );
  }
  return { analyses, patched: patch.files, notes };
}

/** The model's diagnostics, with those of patched files placed in the original file or on the patch. */
export function unpatchDiagnostics(diagnostics: readonly EngineDiagnostic[], patched: ReadonlyMap<string, PatchedFile>): readonly EngineDiagnostic[] {
  return patched.size ? diagnostics.map((d) => mapDiagnosticBack(d, patched)) : diagnostics;
}

/** The Kuma version of a scope: its own, else the workspace's. */
export function scopeKumaVersion(scope: PlannedScope, base: ResolveOptions): string {
  return scope.kumaVersion ?? base.settings?.kumaVersion ?? base.kubernetes?.kumaVersion ?? kumaVersionOf(DEFAULT_SETTINGS);
}

/**
 * The options of one scope: its own cpConfig and Kuma version over the workspace's. A scope's
 * cpConfig is its control plane's whole configuration: what it leaves out is Kuma's default.
 */
export function scopeOptions(scope: PlannedScope, base: ResolveOptions, textOf: (file: string) => string | undefined): { options: ResolveOptions; problems: EngineDiagnostic[] } {
  const problems: EngineDiagnostic[] = [];
  const kumaVersion = scopeKumaVersion(scope, base);
  let settings: ControlPlaneSettings = { ...(base.settings ?? DEFAULT_SETTINGS), kumaVersion };
  if (scope.cpConfig) {
    const text = textOf(scope.cpConfig.file);
    if (text !== undefined) {
      const read = readCpConfig(text, { ...DEFAULT_SETTINGS, kumaVersion });
      settings = read.settings;
      for (const p of read.problems)
        problems.push(diagnostic(RULES.invalidCpConfig, scope.cpConfig.file, [0, 0], `${p.field ? `${p.field}: ` : ''}${p.message} (the cpConfig of scope ${scope.name})`));
    }
  }
  const kubernetes = base.kubernetes ?? DEFAULT_KUBERNETES_OPTIONS;
  return {
    options: { settings, kubernetes: { ...kubernetes, kumaVersion } },
    problems,
  };
}

export interface ScopeDiagnostics {
  readonly name: string;
  readonly files: readonly string[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

function keyOf(d: EngineDiagnostic): string {
  return `${d.file}\u0000${d.span[0]}\u0000${d.span[1]}\u0000${d.code}\u0000${d.severity}\u0000${d.message}`;
}

/** How many scopes hold each file. */
export function scopeHolders(scopes: readonly { readonly files: readonly string[] }[]): Map<string, number> {
  const holders = new Map<string, number>();
  for (const s of scopes) for (const f of s.files) holders.set(f, (holders.get(f) ?? 0) + 1);
  return holders;
}

/**
 * The diagnostics of all scopes, each said once; a diagnostic only some scopes of its file give names them.
 * `holders`: `scopeHolders` of the same scopes' files, when the caller keeps it.
 */
export function mergeScopeDiagnostics(scopes: readonly ScopeDiagnostics[], holders: ReadonlyMap<string, number> = scopeHolders(scopes)): readonly EngineDiagnostic[] {
  if (scopes.length === 1) return scopes[0]!.diagnostics;
  const byKey = new Map<string, { d: EngineDiagnostic; scopes: string[] }>();
  for (const s of scopes) {
    for (const d of s.diagnostics) {
      const key = keyOf(d);
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { d, scopes: [s.name] });
      else if (!seen.scopes.includes(s.name)) seen.scopes.push(s.name);
    }
  }
  const out: EngineDiagnostic[] = [];
  for (const { d, scopes: names } of byKey.values()) {
    const held = holders.get(d.file) ?? 0;
    if (held > 1 && names.length < held) out.push({ ...d, message: `${d.message} [scope ${names.join(', ')}]` });
    else out.push(d);
  }
  return out;
}

export interface ScopedResult {
  readonly scope: PlannedScope;
  readonly result: WorkspaceResult;
}

/** One result over every scope: all files, every scope's resources and meshes (a mesh once per scope), the merged diagnostics. */
export function mergeResults(parts: readonly ScopedResult[], files: ReadonlyMap<string, FileAnalysis>, diagnostics: readonly EngineDiagnostic[]): WorkspaceResult {
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && only.result.files.size === files.size) return { ...withoutGetters(only.result), diagnostics };
  const derivedDataplanes: Dataplane[] = parts.flatMap((p) => p.result.derivedDataplanes);
  const kubernetes: DerivedDataplanes = {
    dataplanes: derivedDataplanes,
    diagnostics: parts.flatMap((p) => p.result.kubernetes.diagnostics),
    workloads: parts.flatMap((p) => p.result.kubernetes.workloads),
    services: parts.flatMap((p) => p.result.kubernetes.services),
    involvesKuma: parts.some((p) => p.result.kubernetes.involvesKuma),
  };
  const meshes: MeshResult[] = parts.flatMap((p) => p.result.meshes);
  let resources: Resource[] | undefined;
  return {
    settings: parts[0]?.result.settings ?? DEFAULT_SETTINGS,
    files,
    get resources() {
      if (!resources) {
        resources = [];
        const inScope = new Set(parts.flatMap((p) => [...p.result.files.keys()]));
        for (const a of files.values()) if (inScope.has(a.file)) for (const r of a.resources) resources.push(r);
        for (const dp of derivedDataplanes) resources.push(dp);
      }
      return resources;
    },
    derivedDataplanes,
    kubernetes,
    meshes,
    diagnostics,
  };
}

// The result's `resources` is a lazy getter: keep it lazy when copying.
function withoutGetters(r: WorkspaceResult): Omit<WorkspaceResult, 'diagnostics'> {
  return {
    settings: r.settings,
    files: r.files,
    get resources() {
      return r.resources;
    },
    derivedDataplanes: r.derivedDataplanes,
    kubernetes: r.kubernetes,
    meshes: r.meshes,
  };
}

/** Resolves every scope of a plan from scratch (the CLI); the live index keeps one model per scope up to date instead. */
export function resolveScopes(
  analyses: readonly FileAnalysis[],
  plan: ScopePlan,
  base: ResolveOptions,
  only?: readonly string[],
  /** Overlays as `kustomize build` gives them, by scope name (where the CLI could run it). */
  builds?: ReadonlyMap<string, BuiltOverlay>,
): { scopes: ScopedResult[]; result: WorkspaceResult } {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  const textOf = (f: string) => byFile.get(f)?.parsed.text;
  const chosen = only ? plan.scopes.filter((s) => only.includes(s.name)) : plan.scopes;
  const scopes: ScopedResult[] = [];
  const perScope: ScopeDiagnostics[] = [];
  const extra: EngineDiagnostic[] = [];
  for (const scope of chosen) {
    const { options, problems } = scopeOptions(scope, base, textOf);
    const built = builds?.get(scope.name);
    if (built) {
      // What `kustomize build` gives, read as the files that hold it; the kustomizations as they are.
      const inBuild = new Set(built.analyses.map((a) => a.file));
      const rest = scope.files
        .map((f) => byFile.get(f)!)
        .filter((a) => a && !inBuild.has(a.file) && !a.resources.length && !a.kubernetesObjects.length)
        .map((a) => forVersion(a, options.settings!.kumaVersion!, {}));
      const result = new WorkspaceModel().update([...built.analyses, ...rest], [], options);
      scopes.push({ scope, result });
      perScope.push({ name: scope.name, files: [...scope.files, ...scope.patches], diagnostics: result.diagnostics.map(built.mapBack) });
      extra.push(...problems);
      continue;
    }
    const prepared = prepareScope(scope, byFile, {}, options.settings!.kumaVersion);
    const result = new WorkspaceModel().update(prepared.analyses, [], options);
    scopes.push({ scope, result });
    perScope.push({ name: scope.name, files: [...scope.files, ...scope.patches], diagnostics: [...unpatchDiagnostics(result.diagnostics, prepared.patched), ...prepared.notes] });
    extra.push(...problems);
  }
  const inChosen = new Set(chosen.flatMap((s) => [...s.files, ...(s.declaredIn ? [s.declaredIn] : [])]));
  // Notes on overlays and config problems concern the files that declare the chosen scopes.
  for (const d of plan.diagnostics) if (!only || inChosen.has(d.file)) extra.push(d);
  const merged = mergeScopeDiagnostics(perScope);
  // Each scope's model keeps one diagnostic of a code per line; scopes merged, or notes added, may share a line.
  const lineOf = (file: string, offset: number) => byFile.get(file)?.parsed.lines.positionAt(offset).line;
  const diagnostics = extra.length || perScope.length > 1 ? oneDiagnosticPerLine([...merged, ...extra], lineOf) : [...merged];
  const files = new Map<string, FileAnalysis>();
  for (const a of [...analyses].sort((x, y) => byteOrder(x.file, y.file))) files.set(a.file, a);
  return { scopes, result: mergeResults(scopes, files, diagnostics) };
}
