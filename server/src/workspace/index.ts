// The live index: documents in, snapshots out. Holds every YAML file of the workspace (open
// documents override their disk copy), caches `analyzeFile` per file by content and feeds the
// changed files to one WorkspaceModel, so a recomputation after an edit re-parses one file and
// rebuilds only the meshes it touched. No I/O: the server feeds it.
import { analyzeFile, FileAnalysis } from '../engine/analyze';
import { WorkspaceModel } from '../engine/workspaceModel';
import { DEFAULT_KUBERNETES_OPTIONS, KubernetesOptions } from '../engine/kubernetes';
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

interface FileState {
  disk?: string;
  open?: { text: string; version: number };
}

export class WorkspaceIndex {
  private readonly states = new Map<string, FileState>();
  private readonly analyses = new Map<string, FileAnalysis>();
  /** Analyses made elsewhere (on worker threads) that the model has not seen yet. */
  private readonly adopted = new Set<FileAnalysis>();
  /** The text each analysis was made from: the same string as the state's while it is unchanged, so comparing is cheap. */
  private readonly analyzedTexts = new Map<string, string>();
  private readonly model = new WorkspaceModel();
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
    const old = this.analyses.get(uri);
    if (old) this.adopted.delete(old);
    this.analyses.set(uri, analysis);
    this.analyzedTexts.set(uri, analysis.parsed.text);
    this.adopted.add(analysis);
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
    const changed: FileAnalysis[] = [];
    const removed: string[] = [];
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
        if (analysis && analysis.file !== file) removed.push(analysis.file);
        analysis = analyzeFile(file, text, kumaVersion);
        this.analyzeCount++;
        this.analyses.set(uri, analysis);
        this.analyzedTexts.set(uri, text);
        changed.push(analysis);
      } else if (this.adopted.delete(analysis)) changed.push(analysis);
      files.set(uri, { uri, file, text, version: s.open?.version ?? null, analysis });
      uriByFile.set(file, uri);
    }
    for (const [uri, analysis] of this.analyses) {
      if (live.has(uri)) continue;
      this.analyses.delete(uri);
      this.analyzedTexts.delete(uri);
      this.adopted.delete(analysis);
      removed.push(analysis.file);
    }
    const result = this.model.update(changed, removed, { settings: this.options.settings, kubernetes: this.options.kubernetes });
    // The workspace only publishes: every diagnostic is the engine's.
    const extra: EngineDiagnostic[] = [];
    for (const p of this.options.settingsProblems ?? []) if (uriByFile.has(p.file)) extra.push(cpConfigDiagnostic(p.file, p.message));
    const all = extra.length ? [...result.diagnostics, ...extra] : result.diagnostics;
    const diagnostics = applySuppressions(all, {
      textOf: (file) => result.files.get(file)?.parsed.text,
      disabled: this.options.disabled,
      cache: this.suppressions,
    });
    this.current = new Snapshot(this.generation, result, files, uriByFile, diagnostics);
    return this.current;
  }
}
