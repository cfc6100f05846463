// The live index: documents in, snapshots out. Holds every YAML file of the workspace (open
// documents override their disk copy), caches `analyzeFile` per file by content, plans the scopes
// (engine/scopes: which files make one control plane) and feeds the changed files to one
// WorkspaceModel per scope, so a recomputation after an edit re-parses one file and rebuilds only
// the meshes it touched. Between snapshots it keeps the plan (made again only when a file comes or
// goes, or a kustomization, a config or a file's form changes) and each scope's result, so the rest
// of an edit's cost is the diagnostics merge, not the number of files. No I/O: the server feeds it.
import { analyzeFile, FileAnalysis, ResolveOptions, WorkspaceResult } from '../engine/analyze';
import { SCOPE_CONFIG_NAME } from '../engine/scopes/config';
import { FileForm, fileForm, planScopes, PlannedScope, ScopePlan } from '../engine/scopes/plan';
import { isKustomizationFile } from '../engine/scopes/kustomize';
import { forVersion, mergeResults, mergeScopeDiagnostics, PatchCache, prepareScope, ScopeDiagnostics, scopeHolders, scopeOptions, unpatchDiagnostics } from '../engine/scopes/resolve';
import { WorkspaceModel } from '../engine/workspaceModel';
import { DEFAULT_KUBERNETES_OPTIONS, KubernetesOptions } from '../engine/kubernetes';
import { oneDiagnosticPerLine } from '../engine/oneDiagnosticPerLine';
import { EngineDiagnostic } from '../engine/rules';
import { ControlPlaneSettings, cpConfigDiagnostic, DEFAULT_SETTINGS, kumaVersionOf } from '../engine/settings';
import { applySuppressions, SuppressionCache } from '../engine/suppress';
import { byteOrder } from '../engine/validate/selectors';
import { chartFolders, isHelmTemplate } from '../engine/templates/helm';
import { Snapshot, SnapshotFile } from './snapshot';
import { withReplaced } from './replacedMap';

export interface IndexOptions {
  readonly settings: ControlPlaneSettings;
  readonly kubernetes: KubernetesOptions;
  /** Codes disabled everywhere. */
  readonly disabled: ReadonlySet<string>;
  /** Problems of the control-plane configuration, reported on that file when it is indexed. */
  readonly settingsProblems?: readonly { file: string; message: string }[];
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { settings: DEFAULT_SETTINGS, kubernetes: DEFAULT_KUBERNETES_OPTIONS, disabled: new Set() };

export interface WorkspaceFolderRef {
  readonly uri: string;
  readonly name: string;
}

interface ScopeState {
  readonly model: WorkspaceModel;
  /** The analyses the model holds, by file name. */
  readonly fed: Map<string, FileAnalysis>;
  readonly patches: PatchCache;
}

interface FileState {
  disk?: string;
  open?: { text: string; version: number };
}

export class WorkspaceIndex {
  private readonly states = new Map<string, FileState>();
  private readonly analyses = new Map<string, FileAnalysis>();
  /** The text each analysis was made from: the same string as the state's while it is unchanged, so comparing is cheap. */
  private readonly analyzedTexts = new Map<string, string>();
  private readonly scopeStates = new Map<string, ScopeState>();
  private readonly forms = new WeakMap<FileAnalysis, FileForm>();
  /** The scopes of the last snapshot. */
  plan?: ScopePlan;
  private readonly suppressions: SuppressionCache = new Map();
  private readonly fileNames = new Map<string, string>();
  /** The URIs in byte order; dropped when a URI comes or goes. */
  private sortedUris?: string[];
  private options: IndexOptions = DEFAULT_INDEX_OPTIONS;
  private generation = 0;
  private current?: Snapshot;
  /** What the last snapshot was made of. */
  private built?: Built;
  /** URIs whose text or version changed since the last snapshot. */
  private readonly pending = new Set<string>();
  /** A file came or went, or the options changed, since the last snapshot: everything is read again. */
  private restructured = true;
  /** Number of `analyzeFile` calls, for tests and benchmarks. */
  analyzeCount = 0;
  /** Number of files a snapshot read again on the edit path (not from scratch), for tests and benchmarks. */
  editPathReads = 0;

  constructor(private readonly folders: readonly WorkspaceFolderRef[] = []) {}

  /** The engine's name of a file: its path in its workspace folder (prefixed by the folder name when there are several). */
  fileName(uri: string): string {
    let name = this.fileNames.get(uri);
    if (name === undefined) this.fileNames.set(uri, (name = this.computeFileName(uri)));
    return name;
  }

  private computeFileName(uri: string): string {
    const folders = [...this.folders].sort((a, b) => b.uri.length - a.uri.length);
    for (const f of folders) {
      const base = f.uri.endsWith('/') ? f.uri : f.uri + '/';
      if (uri.startsWith(base)) {
        const rel = decodeURIComponent(uri.slice(base.length));
        return this.folders.length > 1 ? `${f.name}/${rel}` : rel;
      }
    }
    return uri;
  }

  /** Where a scope config counts: `mesh-lens.yaml` at the root of each workspace folder. */
  private configFiles(): string[] {
    if (this.folders.length === 0) return [SCOPE_CONFIG_NAME];
    return this.folders.map((f) => (this.folders.length > 1 ? `${f.name}/${SCOPE_CONFIG_NAME}` : SCOPE_CONFIG_NAME));
  }

  private formOf(a: FileAnalysis): FileForm {
    let form = this.forms.get(a);
    if (!form) this.forms.set(a, (form = fileForm(a)));
    return form;
  }

  private scopeState(name: string): ScopeState {
    let s = this.scopeStates.get(name);
    if (!s) this.scopeStates.set(name, (s = { model: new WorkspaceModel(), fed: new Map(), patches: {} }));
    return s;
  }

  get version(): number {
    return this.generation;
  }

  private touch(): void {
    this.generation++;
    this.current = undefined;
  }

  private stateOf(uri: string): FileState {
    let s = this.states.get(uri);
    if (!s) {
      this.states.set(uri, (s = {}));
      this.sortedUris = undefined;
      this.restructured = true;
    }
    return s;
  }

  private forget(uri: string): void {
    this.states.delete(uri);
    this.sortedUris = undefined;
    this.restructured = true;
  }

  setDisk(uri: string, text: string): void {
    const s = this.stateOf(uri);
    if (s.disk === text) return;
    s.disk = text;
    this.pending.add(uri);
    if (!s.open) this.touch();
  }

  deleteDisk(uri: string): void {
    const s = this.states.get(uri);
    if (!s || s.disk === undefined) return;
    delete s.disk;
    this.pending.add(uri);
    if (!s.open) {
      this.forget(uri);
      this.touch();
    }
  }

  hasDisk(uri: string): boolean {
    return this.states.get(uri)?.disk !== undefined;
  }

  setOpen(uri: string, text: string, version: number): void {
    const s = this.stateOf(uri);
    const changed = s.open?.text !== text || (s.open === undefined && s.disk !== text);
    s.open = { text, version };
    this.pending.add(uri);
    if (changed) this.touch();
    else if (this.current) this.current = undefined;
  }

  close(uri: string): void {
    const s = this.states.get(uri);
    if (!s?.open) return;
    const changed = s.open.text !== s.disk;
    delete s.open;
    this.pending.add(uri);
    if (s.disk === undefined) this.forget(uri);
    if (changed) this.touch();
    // The same text, but the file's version is gone from the snapshot: rebuild it (cheap, nothing is re-analysed).
    else this.current = undefined;
  }

  setOptions(options: IndexOptions): void {
    this.options = options;
    this.restructured = true;
    this.touch();
  }

  getOptions(): IndexOptions {
    return this.options;
  }

  uris(): string[] {
    return [...this.states.keys()];
  }

  textOf(uri: string): string | undefined {
    const s = this.states.get(uri);
    return s?.open?.text ?? s?.disk;
  }

  /** The Kuma version files are analysed as (schema and validation depend on it). */
  private get kumaVersion(): string {
    return kumaVersionOf(this.options.settings);
  }

  /** Files whose current text has no analysis yet, for analysing them in bulk (see analysisPool). */
  filesToAnalyze(): { uri: string; file: string; text: string; kumaVersion: string }[] {
    const out: { uri: string; file: string; text: string; kumaVersion: string }[] = [];
    const kumaVersion = this.kumaVersion;
    const charts = chartFolders([...this.states.keys()].map((u) => this.fileName(u)));
    for (const [uri, s] of this.states) {
      const text = s.open?.text ?? s.disk;
      const file = this.fileName(uri);
      if (charts.size && isHelmTemplate(file, (folder) => charts.has(folder))) continue;
      const a = this.analyses.get(uri);
      if (text !== undefined && (!a || a.parsed.text !== text || a.file !== file || a.kumaVersion !== kumaVersion)) out.push({ uri, file, text, kumaVersion });
    }
    return out;
  }

  /** Takes an analysis made elsewhere of a file's current text; a stale one is ignored. */
  adopt(uri: string, analysis: FileAnalysis): void {
    const s = this.states.get(uri);
    if ((s?.open?.text ?? s?.disk) !== analysis.parsed.text || this.fileName(uri) !== analysis.file || analysis.kumaVersion !== this.kumaVersion) return;
    this.analyses.set(uri, analysis);
    this.analyzedTexts.set(uri, analysis.parsed.text);
    this.pending.add(uri);
    this.current = undefined;
  }

  /** True when the snapshot would be recomputed. */
  get dirty(): boolean {
    return this.current === undefined;
  }

  /** The current snapshot; recomputed on demand after changes. */
  snapshot(): Snapshot {
    if (this.current) return this.current;
    const prev = this.restructured ? undefined : this.built;
    // Should this snapshot fail, the next one starts from scratch.
    this.built = undefined;
    const table = (prev && this.updateFiles(prev)) ?? this.readFiles();
    this.pending.clear();
    this.restructured = false;
    const { files, uriByFile, byFile, changedFiles, changedUris } = table;
    // Only a kustomization, a config, a file's form or the set of files changes the plan.
    const plan =
      prev && changedFiles && this.planHolds(prev, byFile, changedFiles)
        ? prev.plan
        : planScopes(
            [...files.values()].map((f) => ({ file: f.file, text: f.text, form: this.formOf(f.analysis) })),
            this.configFiles(),
          );
    // With the plan kept, a scope none of whose files changed keeps its result and diagnostics.
    const since = prev && plan === prev.plan ? { prev, changedFiles: changedFiles!, changedUris: changedUris! } : undefined;
    const textOf = (file: string) => byFile.get(file)?.parsed.text;
    const base = { settings: this.options.settings, kubernetes: this.options.kubernetes };
    const scopes = new Map<string, BuiltScope>();
    for (const scope of plan.scopes) {
      const before = since?.prev.scopes.get(scope.name);
      const built =
        before && since
          ? this.updateScope(scope, before, since.changedFiles, since.changedUris, files, uriByFile, byFile, base, textOf)
          : this.buildScope(scope, files, uriByFile, byFile, base, textOf);
      scopes.set(scope.name, built);
    }
    if (!since) for (const name of [...this.scopeStates.keys()]) if (!scopes.has(name)) this.scopeStates.delete(name);
    const holders = since ? since.prev.holders : scopeHolders(plan.scopes.map((sc) => ({ files: [...sc.files, ...sc.patches] })));
    const extra: EngineDiagnostic[] = [...plan.diagnostics];
    const perScope: ScopeDiagnostics[] = [];
    const parts: { scope: PlannedScope; result: WorkspaceResult }[] = [];
    for (const built of scopes.values()) {
      for (const p of built.problems) if (uriByFile.has(p.file)) extra.push(p);
      perScope.push({ name: built.scope.name, files: built.allFiles, diagnostics: built.diagnostics });
      parts.push({ scope: built.scope, result: built.result });
    }
    for (const p of this.options.settingsProblems ?? []) if (uriByFile.has(p.file)) extra.push(cpConfigDiagnostic(p.file, p.message));
    // Each scope's model keeps one diagnostic of a code per line; scopes merged, or settings problems added, may share a line.
    const merged = mergeScopeDiagnostics(perScope, holders);
    const all = extra.length || perScope.length > 1 ? oneDiagnosticPerLine([...merged, ...extra], (file, offset) => byFile.get(file)?.parsed.lines.positionAt(offset).line) : [...merged];
    const diagnostics = applySuppressions(all, {
      textOf,
      disabled: this.options.disabled,
      cache: this.suppressions,
    });
    const result = mergeResults(parts, byFile, all);
    this.current = new Snapshot(this.generation, result, files, uriByFile, diagnostics);
    this.plan = plan;
    const whole = parts.length === 1 && parts[0]!.scope.files.length === files.size;
    const scopeSnapshots = new Map<string, Snapshot>();
    if (!whole) {
      // Each scope's own snapshot, for the features that say which scope a result belongs to. A
      // scope an edit left as it was keeps its snapshot, and with it the lookup tables it built.
      for (const built of scopes.values()) {
        const { scope, result: r, files: mine } = built;
        const own = diagnostics.filter((d) => r.files.has(d.file));
        const kept = since && since.prev.scopes.get(scope.name) === built ? since.prev.scopeSnapshots.get(scope.name) : undefined;
        scopeSnapshots.set(scope.name, kept && sameList(kept.diagnostics, own) ? kept : new Snapshot(this.generation, r, mine, uriByFile, own, scope.name));
      }
      this.current.setScopes([...scopeSnapshots.values()]);
    }
    this.built = { files, uriByFile, byFile, charts: table.charts, plan, scopes, holders, scopeSnapshots };
    return this.current;
  }

  /**
   * Files to rehearse edits on: in each scope of the last snapshot, the first file holding a
   * Dataplane (an edit there costs its own inbounds' claims; a VirtualOutbound's can cost every
   * claim of its mesh, so those are not rehearsed), at most four in all
   * (the scopes share the code being warmed up; many scopes must not make the rehearsal long).
   */
  rehearsalFiles(maxClaims = REHEARSAL_MAX_CLAIMS): string[] {
    const built = this.built;
    if (!built) return [];
    const claims = new Map<string | undefined, number>();
    for (const s of this.current?.scopes ?? [])
      claims.set(
        s.scopeName,
        s.result.meshes.reduce((n, m) => n + (m.view.claimCount ?? 0), 0),
      );
    const out = new Set<string>();
    for (const scope of built.plan.scopes) {
      // A rehearsed edit costs what a real one does: in a scope of many claims one step would hold
      // the server for seconds and grow its memory, which is no warm-up.
      const held = claims.get(scope.name) ?? claims.get(undefined) ?? 0;
      if (held > maxClaims) continue;
      for (const kind of REHEARSED_KINDS) {
        const file = scope.files.find((f) => built.byFile.get(f)?.resources.some((r) => r.kind === kind));
        const uri = file === undefined ? undefined : built.uriByFile.get(file);
        if (uri !== undefined) out.add(uri);
        if (out.size === MAX_REHEARSED_FILES) return [...out];
      }
    }
    return [...out];
  }

  /**
   * Takes one file through the edit path twice, so that V8 has optimised that path before the
   * first real edit: an edit of one value (see `rehearsalVariant`; `round` picks which), then its
   * undo, the file analysed again from its current text. Both are fed to the scope's model like
   * the user's edits; the first snapshot is replaced before this returns, and the last one equals
   * the snapshot before. Does nothing (false) unless the last snapshot is current: a pending change
   * is the user's.
   */
  rehearseEdit(uri: string, round = 0): boolean {
    const entry = this.built?.files.get(uri);
    if (!this.current || !entry || this.restructured || this.pending.size) return false;
    const { file, text } = entry;
    const kumaVersion = this.kumaVersion;
    const reads = this.editPathReads;
    const step = (analysis: FileAnalysis) => {
      this.analyzeCount++;
      // Taken by `analysisOf` as the analysis of the file's text.
      this.analyses.set(uri, analysis);
      this.analyzedTexts.set(uri, text);
      this.pending.add(uri);
      this.current = undefined;
      this.snapshot();
    };
    try {
      const variant = rehearsalVariant(text, round);
      if (variant !== undefined) step(analyzeFile(file, variant, kumaVersion));
      step(analyzeFile(file, text, kumaVersion));
    } finally {
      if (this.analyses.get(uri)?.parsed.text !== text) {
        // Failed half-way: the next snapshot reads the file again.
        this.analyzedTexts.delete(uri);
        this.pending.add(uri);
        this.current = undefined;
      }
    }
    return this.editPathReads > reads;
  }

  /** The analysis of a file's current text: the one kept while the text is the same, else a new one. */
  private analysisOf(uri: string, file: string, text: string, kumaVersion: string): FileAnalysis {
    let analysis = this.analyses.get(uri);
    if (!analysis || this.analyzedTexts.get(uri) !== text || analysis.file !== file || analysis.kumaVersion !== kumaVersion) {
      analysis = analyzeFile(file, text, kumaVersion);
      this.analyzeCount++;
      this.analyses.set(uri, analysis);
      this.analyzedTexts.set(uri, text);
    }
    return analysis;
  }

  /** Every file, in byte order of URIs. */
  private readFiles(): FileTable {
    const files = new Map<string, SnapshotFile>();
    const uriByFile = new Map<string, string>();
    const byFile = new Map<string, FileAnalysis>();
    this.sortedUris ??= [...this.states.keys()].sort(byteOrder);
    const charts = chartFolders(this.sortedUris.map((u) => this.fileName(u)));
    const kumaVersion = this.kumaVersion;
    for (const uri of this.sortedUris) {
      const s = this.states.get(uri)!;
      const text = s.open?.text ?? s.disk;
      if (text === undefined) continue;
      const file = this.fileName(uri);
      if (charts.size && isHelmTemplate(file, (folder) => charts.has(folder))) continue;
      const analysis = this.analysisOf(uri, file, text, kumaVersion);
      files.set(uri, { uri, file, text, version: s.open?.version ?? null, analysis });
      uriByFile.set(file, uri);
      byFile.set(file, analysis);
    }
    for (const uri of [...this.analyses.keys()]) {
      if (files.has(uri)) continue;
      this.analyses.delete(uri);
      this.analyzedTexts.delete(uri);
    }
    return { files, uriByFile, byFile, charts };
  }

  /**
   * The last snapshot's files with the changed ones replaced, or undefined when a file came or went
   * (then every file is read again). The order of URIs is kept: replacing a map entry keeps its place.
   */
  private updateFiles(prev: Built): FileTable | undefined {
    const files = new Map<string, SnapshotFile>();
    const byFile = new Map<string, FileAnalysis>();
    const changedFiles = new Set<string>();
    const changedUris = new Set<string>();
    const kumaVersion = this.kumaVersion;
    for (const uri of this.pending) {
      const s = this.states.get(uri);
      const text = s?.open?.text ?? s?.disk;
      // A file that went is a restructuring: it cannot be pending alone.
      if (!s || text === undefined) return undefined;
      const entry = prev.files.get(uri);
      // Not among the files: a Helm template (a new file restructures).
      if (!entry) continue;
      const analysis = this.analysisOf(uri, entry.file, text, kumaVersion);
      const version = s.open?.version ?? null;
      if (analysis === entry.analysis && version === entry.version && text === entry.text) continue;
      files.set(uri, { uri, file: entry.file, text, version, analysis });
      changedUris.add(uri);
      if (analysis !== entry.analysis) {
        byFile.set(entry.file, analysis);
        changedFiles.add(entry.file);
        this.editPathReads++;
      }
    }
    return { files: withReplaced(prev.files, files), uriByFile: prev.uriByFile, byFile: withReplaced(prev.byFile, byFile), charts: prev.charts, changedFiles, changedUris };
  }

  /** True when the plan of the last snapshot is the plan of the changed files: `planScopes` reads kustomizations and configs, and every other file's form only. */
  private planHolds(prev: Built, byFile: ReadonlyMap<string, FileAnalysis>, changedFiles: ReadonlySet<string>): boolean {
    const configs = this.configFiles();
    for (const f of changedFiles) {
      if (isKustomizationFile(f) || configs.includes(f)) return false;
      if (this.formOf(prev.byFile.get(f)!) !== this.formOf(byFile.get(f)!)) return false;
    }
    return true;
  }

  /** One scope from scratch: its files fed to its model (which keeps what did not change), its diagnostics and snapshot files. */
  private buildScope(
    scope: PlannedScope,
    files: ReadonlyMap<string, SnapshotFile>,
    uriByFile: ReadonlyMap<string, string>,
    byFile: ReadonlyMap<string, FileAnalysis>,
    base: ResolveOptions,
    textOf: (file: string) => string | undefined,
  ): BuiltScope {
    const state = this.scopeState(scope.name);
    const scopeChanged: FileAnalysis[] = [];
    const scopeRemoved: string[] = [];
    const want = new Set(scope.files);
    const { options, problems } = scopeOptions(scope, base, textOf);
    const prepared = prepareScope(scope, byFile, state.patches, options.settings!.kumaVersion);
    for (const a of prepared.analyses) {
      const f = a.file;
      if (state.fed.get(f) !== a) {
        scopeChanged.push(a);
        state.fed.set(f, a);
      }
    }
    for (const f of state.fed.keys()) {
      if (want.has(f)) continue;
      scopeRemoved.push(f);
      state.fed.delete(f);
    }
    const result = state.model.update(scopeChanged, scopeRemoved, options);
    const mine = new Map<string, SnapshotFile>();
    for (const f of scope.files) {
      const uri = uriByFile.get(f)!;
      mine.set(uri, scopeFile(files.get(uri)!, result));
    }
    return {
      scope,
      scopeFiles: want,
      allFiles: [...scope.files, ...scope.patches],
      members: membersOf(scope),
      result,
      diagnostics: [...unpatchDiagnostics(result.diagnostics, prepared.patched), ...prepared.notes],
      problems,
      files: mine,
    };
  }

  /**
   * A scope of an unchanged plan after some files changed: kept as it was when none of them is its
   * own; else only the changed files are read for its Kuma version and fed to its model. A scope
   * with overlays is built again (a patch reads its targets' texts).
   */
  private updateScope(
    scope: PlannedScope,
    before: BuiltScope,
    changedFiles: ReadonlySet<string>,
    changedUris: ReadonlySet<string>,
    files: ReadonlyMap<string, SnapshotFile>,
    uriByFile: ReadonlyMap<string, string>,
    byFile: ReadonlyMap<string, FileAnalysis>,
    base: ResolveOptions,
    textOf: (file: string) => string | undefined,
  ): BuiltScope {
    let touched = false;
    for (const f of changedFiles) if (before.members.has(f)) touched = true;
    if (touched && scope.overlays?.length) return this.buildScope(scope, files, uriByFile, byFile, base, textOf);
    let built = before;
    if (touched) {
      const state = this.scopeState(scope.name);
      const { options, problems } = scopeOptions(scope, base, textOf);
      const kumaVersion = options.settings!.kumaVersion!;
      const scopeChanged: FileAnalysis[] = [];
      for (const f of changedFiles) {
        if (!before.scopeFiles.has(f)) continue;
        const a = forVersion(byFile.get(f)!, kumaVersion, state.patches);
        if (state.fed.get(f) === a) continue;
        scopeChanged.push(a);
        state.fed.set(f, a);
      }
      const result = state.model.update(scopeChanged, [], options);
      built = { ...before, result, diagnostics: result.diagnostics, problems };
    }
    const mine = new Map<string, SnapshotFile>();
    for (const uri of changedUris) {
      const file = files.get(uri)!;
      if (before.scopeFiles.has(file.file)) mine.set(uri, scopeFile(file, built.result));
    }
    return mine.size ? { ...built, files: withReplaced(before.files, mine) } : built;
  }
}

const REHEARSED_KINDS = ['Dataplane'];
const MAX_REHEARSED_FILES = 4;
/** VirtualOutbound claims a scope may hold and still be rehearsed (L holds about 100,000; the storm 1.8 million). */
export const REHEARSAL_MAX_CLAIMS = 250_000;

/** The values a rehearsed edit changes: what users edit most in those kinds. */
const REHEARSED_VALUE = /^[ \t-]*(?:address|version|host): *["']?[^\s"'#]*[A-Za-z0-9]/gm;

/**
 * The text with one value changed by one character (a digit or letter swapped for another of its
 * kind), on the `round`-th line holding an address, a version tag or a host; undefined without one.
 */
export function rehearsalVariant(text: string, round: number): string | undefined {
  const ends = [...text.matchAll(REHEARSED_VALUE)].map((m) => m.index + m[0].length);
  if (ends.length === 0) return undefined;
  const at = ends[round % ends.length]! - 1;
  const c = text[at]!;
  const swapped = /[0-9]/.test(c) ? (c === '1' ? '2' : '1') : c === 'a' ? 'b' : 'a';
  return text.slice(0, at) + swapped + text.slice(at + 1);
}

interface FileTable {
  readonly files: ReadonlyMap<string, SnapshotFile>;
  readonly uriByFile: ReadonlyMap<string, string>;
  readonly byFile: ReadonlyMap<string, FileAnalysis>;
  readonly charts: ReadonlySet<string>;
  /** Files whose analysis changed since the last snapshot (undefined: every file was read again). */
  readonly changedFiles?: ReadonlySet<string>;
  /** URIs whose text, version or analysis changed since the last snapshot. */
  readonly changedUris?: ReadonlySet<string>;
}

/** What one scope of the last snapshot was made of. */
interface BuiltScope {
  readonly scope: PlannedScope;
  /** Its files, read as resources. */
  readonly scopeFiles: ReadonlySet<string>;
  /** Its files and its patches. */
  readonly allFiles: readonly string[];
  /** Every file whose change can change the scope: its files, patches, cpConfig and overlays' kustomizations. */
  readonly members: ReadonlySet<string>;
  readonly result: WorkspaceResult;
  /** Its model's diagnostics, placed back from patched files, with the overlay's notes. */
  readonly diagnostics: readonly EngineDiagnostic[];
  /** Problems of its cpConfig. */
  readonly problems: readonly EngineDiagnostic[];
  /** Its snapshot's files, by URI. */
  readonly files: ReadonlyMap<string, SnapshotFile>;
}

/** What the last snapshot was made of, so that the next one redoes only what changed. */
interface Built extends FileTable {
  readonly plan: ScopePlan;
  readonly scopes: ReadonlyMap<string, BuiltScope>;
  readonly holders: ReadonlyMap<string, number>;
  /** Each scope's snapshot, when there are several. */
  readonly scopeSnapshots: ReadonlyMap<string, Snapshot>;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function membersOf(scope: PlannedScope): Set<string> {
  const members = new Set([...scope.files, ...scope.patches]);
  if (scope.cpConfig) members.add(scope.cpConfig.file);
  for (const o of scope.overlays ?? []) members.add(o.file);
  return members;
}

/** A file as its scope read it: a scope of another Kuma version read the file again; a patched file keeps the text the editor shows. */
function scopeFile(file: SnapshotFile, result: WorkspaceResult): SnapshotFile {
  const read = result.files.get(file.file);
  return read && read !== file.analysis && read.parsed.text === file.text ? { ...file, analysis: read } : file;
}
