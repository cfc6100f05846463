// The live index: documents in, snapshots out. Holds every YAML file of the workspace (open
// documents override their disk copy), caches `analyzeFile` per file by content, plans the scopes
// (engine/scopes: which files make one control plane) and feeds the changed files to one
// WorkspaceModel per scope, so a recomputation after an edit re-parses one file and rebuilds only
// the meshes it touched. No I/O: the server feeds it.
import { analyzeFile, FileAnalysis, WorkspaceResult } from '../engine/analyze';
import { SCOPE_CONFIG_NAME } from '../engine/scopes/config';
import { FileForm, fileForm, planScopes, PlannedScope, ScopePlan } from '../engine/scopes/plan';
import { mergeResults, mergeScopeDiagnostics, PatchCache, prepareScope, ScopeDiagnostics, scopeOptions, unpatchDiagnostics } from '../engine/scopes/resolve';
import { WorkspaceModel } from '../engine/workspaceModel';
import { DEFAULT_KUBERNETES_OPTIONS, KubernetesOptions } from '../engine/kubernetes';
import { oneDiagnosticPerLine } from '../engine/oneDiagnosticPerLine';
import { EngineDiagnostic } from '../engine/rules';
import { ControlPlaneSettings, cpConfigDiagnostic, DEFAULT_SETTINGS, kumaVersionOf } from '../engine/settings';
import { applySuppressions, SuppressionCache } from '../engine/suppress';
import { byteOrder } from '../engine/validate/selectors';
import { chartFolders, isHelmTemplate } from '../engine/templates/helm';
import { Snapshot, SnapshotFile } from './snapshot';

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
  /** Number of `analyzeFile` calls, for tests and benchmarks. */
  analyzeCount = 0;

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
    }
    return s;
  }

  private forget(uri: string): void {
    this.states.delete(uri);
    this.sortedUris = undefined;
  }

  setDisk(uri: string, text: string): void {
    const s = this.stateOf(uri);
    if (s.disk === text) return;
    s.disk = text;
    if (!s.open) this.touch();
  }

  deleteDisk(uri: string): void {
    const s = this.states.get(uri);
    if (!s || s.disk === undefined) return;
    delete s.disk;
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
    if (changed) this.touch();
    else if (this.current) this.current = undefined;
  }

  close(uri: string): void {
    const s = this.states.get(uri);
    if (!s?.open) return;
    const changed = s.open.text !== s.disk;
    delete s.open;
    if (s.disk === undefined) this.forget(uri);
    if (changed) this.touch();
    // The same text, but the file's version is gone from the snapshot: rebuild it (cheap, nothing is re-analysed).
    else this.current = undefined;
  }

  setOptions(options: IndexOptions): void {
    this.options = options;
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
    this.current = undefined;
  }

  /** True when the snapshot would be recomputed. */
  get dirty(): boolean {
    return this.current === undefined;
  }

  /** The current snapshot; recomputed on demand after changes. */
  snapshot(): Snapshot {
    if (this.current) return this.current;
    const files = new Map<string, SnapshotFile>();
    const uriByFile = new Map<string, string>();
    const live = new Set<string>();
    this.sortedUris ??= [...this.states.keys()].sort(byteOrder);
    const charts = chartFolders(this.sortedUris.map((u) => this.fileName(u)));
    const kumaVersion = this.kumaVersion;
    for (const uri of this.sortedUris) {
      const s = this.states.get(uri)!;
      const text = s.open?.text ?? s.disk;
      if (text === undefined) continue;
      const file = this.fileName(uri);
      if (charts.size && isHelmTemplate(file, (folder) => charts.has(folder))) continue;
      live.add(uri);
      let analysis = this.analyses.get(uri);
      if (!analysis || this.analyzedTexts.get(uri) !== text || analysis.file !== file || analysis.kumaVersion !== kumaVersion) {
        analysis = analyzeFile(file, text, kumaVersion);
        this.analyzeCount++;
        this.analyses.set(uri, analysis);
        this.analyzedTexts.set(uri, text);
      }
      files.set(uri, { uri, file, text, version: s.open?.version ?? null, analysis });
      uriByFile.set(file, uri);
    }
    for (const uri of [...this.analyses.keys()]) {
      if (live.has(uri)) continue;
      this.analyses.delete(uri);
      this.analyzedTexts.delete(uri);
    }
    const byFile = new Map<string, FileAnalysis>();
    for (const f of files.values()) byFile.set(f.file, f.analysis);
    const plan = planScopes(
      [...files.values()].map((f) => ({ file: f.file, text: f.text, form: this.formOf(f.analysis) })),
      this.configFiles(),
    );
    const textOf = (file: string) => byFile.get(file)?.parsed.text;
    const base = { settings: this.options.settings, kubernetes: this.options.kubernetes };
    const parts: { scope: PlannedScope; result: WorkspaceResult }[] = [];
    const perScope: ScopeDiagnostics[] = [];
    const extra: EngineDiagnostic[] = [...plan.diagnostics];
    const liveScopes = new Set<string>();
    for (const scope of plan.scopes) {
      liveScopes.add(scope.name);
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
      for (const p of problems) if (uriByFile.has(p.file)) extra.push(p);
      const result = state.model.update(scopeChanged, scopeRemoved, options);
      parts.push({ scope, result });
      perScope.push({ name: scope.name, files: [...scope.files, ...scope.patches], diagnostics: [...unpatchDiagnostics(result.diagnostics, prepared.patched), ...prepared.notes] });
    }
    for (const name of [...this.scopeStates.keys()]) if (!liveScopes.has(name)) this.scopeStates.delete(name);
    for (const p of this.options.settingsProblems ?? []) if (uriByFile.has(p.file)) extra.push(cpConfigDiagnostic(p.file, p.message));
    // Each scope's model keeps one diagnostic of a code per line; scopes merged, or settings problems added, may share a line.
    const merged = mergeScopeDiagnostics(perScope);
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
    if (!whole) {
      // Each scope's own snapshot, for the features that say which scope a result belongs to.
      this.current.setScopes(
        parts.map(({ scope, result: r }) => {
          const mine = new Map<string, SnapshotFile>();
          for (const f of scope.files) {
            const uri = uriByFile.get(f)!;
            const file = files.get(uri)!;
            // A scope of another Kuma version read the file again; a patched file keeps the text the editor shows.
            const read = r.files.get(f);
            mine.set(uri, read && read !== file.analysis && read.parsed.text === file.text ? { ...file, analysis: read } : file);
          }
          const own = diagnostics.filter((d) => r.files.has(d.file));
          return new Snapshot(this.generation, r, mine, uriByFile, own, scope.name);
        }),
      );
    }
    return this.current;
  }
}
