// One model per scope, and what the scopes say together. A file in several scopes (a shared base)
// gets each scope's diagnostics: what every scope of the file says is said once; what only some
// say names those scopes.
import type { FileAnalysis, ResolveOptions, WorkspaceResult, MeshResult } from '../analyze';
import { DEFAULT_KUBERNETES_OPTIONS } from '../kubernetes';
import { Dataplane, Resource } from '../resources/model';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { DEFAULT_SETTINGS, readCpConfig } from '../settings';
import { byteOrder } from '../validate/selectors';
import { WorkspaceModel } from '../workspaceModel';
import { PlannedScope, ScopePlan } from './plan';

/** The options of one scope: its own cpConfig and Kuma version over the workspace's. */
export function scopeOptions(scope: PlannedScope, base: ResolveOptions, textOf: (file: string) => string | undefined): { options: ResolveOptions; problems: EngineDiagnostic[] } {
  const problems: EngineDiagnostic[] = [];
  let settings = base.settings ?? DEFAULT_SETTINGS;
  if (scope.cpConfig) {
    const text = textOf(scope.cpConfig.file);
    if (text !== undefined) {
      const read = readCpConfig(text);
      settings = read.settings;
      for (const p of read.problems) problems.push(diagnostic(RULES.invalidCpConfig, scope.cpConfig.file, [0, 0], `${p.field ? `${p.field}: ` : ''}${p.message} (the cpConfig of scope ${scope.name})`));
    }
  }
  const kubernetes = base.kubernetes ?? DEFAULT_KUBERNETES_OPTIONS;
  return {
    options: { settings, kubernetes: scope.kumaVersion ? { ...kubernetes, kumaVersion: scope.kumaVersion } : kubernetes },
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

/** The diagnostics of all scopes, each said once; a diagnostic only some scopes of its file give names them. */
export function mergeScopeDiagnostics(scopes: readonly ScopeDiagnostics[]): EngineDiagnostic[] {
  if (scopes.length === 1) return [...scopes[0].diagnostics];
  const holders = new Map<string, number>();
  for (const s of scopes) for (const f of s.files) holders.set(f, (holders.get(f) ?? 0) + 1);
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
  if (parts.length === 1 && parts[0].result.files.size === files.size) return { ...withoutGetters(parts[0].result), diagnostics };
  const derivedDataplanes: Dataplane[] = parts.flatMap((p) => p.result.derivedDataplanes);
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
    meshes: r.meshes,
  };
}

/** Resolves every scope of a plan from scratch (the CLI); the live index keeps one model per scope up to date instead. */
export function resolveScopes(
  analyses: readonly FileAnalysis[],
  plan: ScopePlan,
  base: ResolveOptions,
  only?: readonly string[],
): { scopes: ScopedResult[]; result: WorkspaceResult } {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  const textOf = (f: string) => byFile.get(f)?.parsed.text;
  const chosen = only ? plan.scopes.filter((s) => only.includes(s.name)) : plan.scopes;
  const scopes: ScopedResult[] = [];
  const perScope: ScopeDiagnostics[] = [];
  const extra: EngineDiagnostic[] = [];
  for (const scope of chosen) {
    const { options, problems } = scopeOptions(scope, base, textOf);
    const result = new WorkspaceModel().update(
      scope.files.map((f) => byFile.get(f)!).filter(Boolean),
      [],
      options,
    );
    scopes.push({ scope, result });
    perScope.push({ name: scope.name, files: scope.files, diagnostics: result.diagnostics });
    extra.push(...problems);
  }
  const inChosen = new Set(chosen.flatMap((s) => [...s.files, ...(s.declaredIn ? [s.declaredIn] : [])]));
  // Notes on overlays and config problems concern the files that declare the chosen scopes.
  for (const d of plan.diagnostics) if (!only || inChosen.has(d.file)) extra.push(d);
  const diagnostics = [...mergeScopeDiagnostics(perScope), ...extra];
  const files = new Map<string, FileAnalysis>();
  for (const a of [...analyses].sort((x, y) => byteOrder(x.file, y.file))) files.set(a.file, a);
  return { scopes, result: mergeResults(scopes, files, diagnostics) };
}
