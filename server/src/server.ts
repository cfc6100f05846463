// The language server: wiring only. Connection, documents, disk discovery, watchers, progress
// and publishing; the features are one language service over a workspace snapshot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationToken,
  createConnection,
  Diagnostic,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  InitializeResult,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Worker } from 'node:worker_threads';
import { RESOLVED_CLAIMS_REQUEST, RESOLVED_VIEW_REQUEST, ResolvedClaimsParams, ResolvedViewParams, STATUS_NOTIFICATION, StatusParams } from '../../shared/src/protocol';
import { getLanguageService } from './features/languageService';
import { analyzePending, startWorkers } from './workspace/analysisPool';
import { isExcluded } from './workspace/glob';
import { WorkspaceFolderRef, WorkspaceIndex } from './workspace/index';
import { rehearseEdits } from './workspace/rehearsal';
import { MeshLensSettings, toIndexOptions } from './workspace/settings';
import { DEFAULT_KUMA_VERSION, KUMA_VERSIONS, normalizeKumaVersion } from './engine/versions/kumaVersion';
import { Snapshot } from './workspace/snapshot';
import { VERSION } from './version';
import { walkYamlFiles, withinSizeLimit } from './workspace/walk';
import { trace, tracing } from './workspace/trace';
import { writeCodeCache } from './cli/codeCache';

trace('modules loaded');

/**
 * The wait after a change before recomputing: as long as the last recomputation took, within these
 * bounds. While edits keep coming, the server then spends at most about half its time on them, and
 * after a single edit diagnostics come as soon as that allows.
 */
const DEBOUNCE_MIN_MS = 10;
const DEBOUNCE_MAX_MS = 50;
/** How long the last publish took, snapshot to notifications sent. */
let lastPublishMs = DEBOUNCE_MAX_MS;
const DOCS_URI = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules.md')).toString();

const connection = createConnection(ProposedFeatures.all);
const service = getLanguageService();
const documents = new TextDocuments(TextDocument);
let folders: WorkspaceFolderRef[] = [];
let index = new WorkspaceIndex();
let settings: MeshLensSettings = {};
let excludes: string[] = [];
let supportsConfiguration = false;
let supportsWatchers = false;
let supportsProgress = false;
let indexed = false;
let timer: NodeJS.Timeout | undefined;
const published = new Map<string, string>();
let lastScopes = '';

const log = (msg: string) => connection.console.log(`[mesh-lens] ${msg}`);

function isYamlUri(uri: string): boolean {
  return /\.ya?ml$/i.test(uri.split(/[?#]/)[0]!);
}

function isIndexed(doc: TextDocument): boolean {
  return doc.languageId === 'yaml' || isYamlUri(doc.uri);
}

connection.onInitialize((params): InitializeResult => {
  trace('initialize');
  const caps = params.capabilities;
  supportsConfiguration = !!caps.workspace?.configuration;
  supportsWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  supportsProgress = !!caps.window?.workDoneProgress;
  const list = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(URI.parse(params.rootUri).fsPath) }] : []);
  folders = list.map((f) => ({ uri: f.uri.replace(/\/$/, ''), name: f.name }));
  index = new WorkspaceIndex(folders);
  const opts = params.initializationOptions as { settings?: MeshLensSettings } | undefined;
  if (opts?.settings) settings = opts.settings;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.', ':', ' ', '"', "'"], resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      semanticTokensProvider: { legend: service.semanticTokensLegend, full: true },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'mesh-lens', version: VERSION },
  };
});

connection.onInitialized(async () => {
  try {
    if (supportsWatchers) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    }
    trace('initialized');
    await loadSettings();
    trace('settings');
    await discover();
    indexed = true;
    publish();
  } catch (e) {
    log(`indexing failed: ${(e as Error).stack ?? e}`);
    sendStatus({ state: 'error', files: 0, meshes: 0, problems: 0, message: (e as Error).message });
  }
});

async function loadSettings(): Promise<void> {
  if (supportsConfiguration) {
    const scopeUri = folders[0]?.uri;
    const [mesh, filesExclude] = (await connection.workspace.getConfiguration([
      { section: 'meshLens', ...(scopeUri ? { scopeUri } : {}) },
      { section: 'files.exclude', ...(scopeUri ? { scopeUri } : {}) },
    ])) as [MeshLensSettings | null, Record<string, boolean> | null];
    settings = mesh ?? {};
    excludes = [
      ...Object.entries(filesExclude ?? {})
        .filter(([, on]) => on === true)
        .map(([g]) => g),
      ...(Array.isArray(settings.exclude) ? settings.exclude.filter((g) => typeof g === 'string') : []),
    ];
  } else {
    excludes = Array.isArray(settings.exclude) ? settings.exclude : [];
  }
  if (typeof settings.kumaVersion === 'string' && !normalizeKumaVersion(settings.kumaVersion)) {
    log(`meshLens.kumaVersion "${settings.kumaVersion}" is not one of ${KUMA_VERSIONS.join(', ')}; using ${DEFAULT_KUMA_VERSION}`);
  }
  index.setOptions(toIndexOptions(settings, readCpConfigFile()));
}

function cpConfigPath(): string | undefined {
  if (!settings.cpConfig || !folders[0]) return undefined;
  return path.resolve(URI.parse(folders[0].uri).fsPath, settings.cpConfig);
}

function readCpConfigFile(): { file: string; text: string | undefined } | undefined {
  const p = cpConfigPath();
  if (!p) return undefined;
  const uri = URI.file(p).toString();
  let text: string | undefined = index.textOf(uri);
  if (text === undefined) {
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch {
      text = undefined;
    }
  }
  return { file: index.fileName(uri), text };
}

function relativeTo(folder: WorkspaceFolderRef, fsPath: string): string {
  return path.relative(URI.parse(folder.uri).fsPath, fsPath).split(path.sep).join('/');
}

function excluded(fsPath: string): boolean {
  for (const f of folders) {
    const rel = relativeTo(f, fsPath);
    if (!rel.startsWith('..') && isExcluded(rel, excludes)) return true;
  }
  return false;
}

async function discover(): Promise<void> {
  let progress: WorkDoneProgressReporter | undefined;
  if (supportsProgress) {
    progress = await connection.window.createWorkDoneProgress();
    progress.begin('Mesh Lens', 0, 'Scanning folders', false);
  }
  sendStatus({ state: 'indexing', files: 0, meshes: 0, problems: 0 });
  const found: string[] = [];
  const visited = new Set<string>();
  // On the first discovery, the analysis threads start as soon as the walk has found enough YAML
  // to use them, and load their code while this thread walks on and reads the files (a later one
  // mostly finds texts already analysed).
  let bytes = 0;
  let workers: Worker[] | undefined;
  const first = !indexed;
  const onFile = (_: string, size: number) => {
    bytes += size;
    if (first) workers ??= startWorkers(bytes);
  };
  for (const f of folders) {
    const u = URI.parse(f.uri);
    if (u.scheme === 'file') found.push(...(await walkYamlFiles(u.fsPath, { exclude: (full) => isExcluded(relativeTo(f, full), excludes), note: log, visited, onFile })));
  }
  trace(`walk: ${found.length} files`);
  for (let i = 0; i < found.length; i++) {
    try {
      index.setDisk(URI.file(found[i]!).toString(), await fs.promises.readFile(found[i]!, 'utf8'));
    } catch (e) {
      log(`skipped ${found[i]}: ${(e as Error).message}`);
    }
    if (progress && (i % 50 === 0 || i === found.length - 1)) progress.report(Math.round(((i + 1) / found.length) * 100), `Indexing ${i + 1}/${found.length}`);
  }
  trace('read');
  const started = Date.now();
  await analyzePending(
    index,
    (done, total) => {
      if (progress && (done === total || done % 100 === 0)) progress.report(Math.round((done / total) * 100), `Analysing ${done}/${total}`);
    },
    workers,
  );
  trace('analysed');
  log(`indexed ${found.length} YAML files in ${folders.length} folder(s); analysed in ${Date.now() - started} ms`);
  progress?.done();
}

function sendStatus(p: StatusParams): void {
  void connection.sendNotification(STATUS_NOTIFICATION, p);
}

/** Debounced publish: a newer change resets the timer, so a burst of edits costs one recomputation. */
let warmTimer: NodeJS.Timeout | undefined;
const WARM_AFTER_MS = 300;
let rehearsed = false;

function schedule(): void {
  if (!indexed) return;
  if (warmTimer) clearTimeout(warmTimer);
  if (timer) clearTimeout(timer);
  timer = setTimeout(
    () => {
      timer = undefined;
      publish();
    },
    Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_MIN_MS, lastPublishMs)),
  );
}

function publish(): void {
  const generation = index.version;
  let snapshot: Snapshot;
  try {
    const started = performance.now();
    snapshot = index.snapshot();
    trace('snapshot');
    if (index.version !== generation) return schedule();
    // Only files with problems: a file left out that had some is cleared below.
    const byUri = service.getProblemDiagnostics(snapshot, DOCS_URI);
    trace('diagnostics');
    let problems = 0;
    for (const [uri, list] of byUri) {
      problems += list.length;
      sendIfChanged(uri, list);
    }
    for (const uri of [...published.keys()]) if (!byUri.has(uri)) sendIfChanged(uri, []);
    trace('published');
    lastPublishMs = performance.now() - started;
    log(`resolved ${snapshot.files.size} files, ${snapshot.result.meshes.length} meshes, ${problems} problems in ${Math.round(lastPublishMs)} ms`);
    const scopes = snapshot.scoped ? snapshot.scopes.map((s) => s.scopeName!) : undefined;
    if (scopes && scopes.join('\n') !== lastScopes) log(`scopes: ${scopes.map((n, i) => `${n} (${snapshot.scopes[i]!.files.size} files)`).join(', ')}`);
    lastScopes = scopes?.join('\n') ?? '';
    sendStatus({ state: 'ready', files: snapshot.files.size, meshes: snapshot.result.meshes.length, problems, ...(scopes ? { scopes } : {}) });
    trace('ready');
    // Once the user pauses, build what hovers and completions look up, so that the next request
    // does not pay for it; while edits keep coming, nothing is spent on it.
    if (warmTimer) clearTimeout(warmTimer);
    warmTimer = setTimeout(() => void idleAfter(snapshot, generation), WARM_AFTER_MS);
  } catch (e) {
    log(`resolution failed: ${(e as Error).stack ?? e}`);
    sendStatus({ state: 'error', files: 0, meshes: 0, problems: 0, message: (e as Error).message });
  }
}

/** Once after the cold start, rehearse the edit path (see workspace/rehearsal.ts); then build the lookup tables. */
async function idleAfter(snapshot: Snapshot, generation: number): Promise<void> {
  const idle = () => index.version === generation && !timer;
  if (!idle()) return;
  if (!rehearsed) {
    rehearsed = true;
    try {
      await rehearseEdits(index, { idle, after: (s) => service.getProblemDiagnostics(s, DOCS_URI) });
    } catch (e) {
      // Only a warm-up: the next edit recomputes what it needs.
      log(`edit rehearsal failed: ${(e as Error).stack ?? e}`);
      return;
    }
    trace('rehearsed');
    if (!idle()) return;
    if (!index.dirty) snapshot = index.snapshot();
  }
  snapshot.warm();
  trace('warm');
  // The cold path, the edit path and the lookups have compiled by now: the next start reads them from the cache.
  writeCodeCache();
}

function sendIfChanged(uri: string, list: Diagnostic[]): void {
  const key = JSON.stringify(list);
  const before = published.get(uri);
  if (before === key || (before === undefined && list.length === 0)) return;
  if (list.length === 0) published.delete(uri);
  else published.set(uri, key);
  void connection.sendDiagnostics({ uri, diagnostics: list });
}

documents.onDidOpen((e) => {
  if (!isIndexed(e.document)) return;
  // Some clients (Emacs/Eglot) drop diagnostics of files they had not opened: send them again.
  published.delete(e.document.uri);
  index.setOpen(e.document.uri, e.document.getText(), e.document.version);
  schedule();
});
documents.onDidChangeContent((e) => {
  if (!isIndexed(e.document)) return;
  index.setOpen(e.document.uri, e.document.getText(), e.document.version);
  if (e.document.uri === cpUri()) index.setOptions(toIndexOptions(settings, readCpConfigFile()));
  schedule();
});
documents.onDidClose((e) => {
  index.close(e.document.uri);
  schedule();
});

function cpUri(): string | undefined {
  const p = cpConfigPath();
  return p ? URI.file(p).toString() : undefined;
}

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const u = URI.parse(change.uri);
    if (u.scheme !== 'file' || !isYamlUri(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) {
      index.deleteDisk(change.uri);
      continue;
    }
    if (excluded(u.fsPath)) continue;
    try {
      const stat = await fs.promises.stat(u.fsPath);
      if (!withinSizeLimit(u.fsPath, stat.size, { note: log })) {
        index.deleteDisk(change.uri);
        continue;
      }
      index.setDisk(change.uri, await fs.promises.readFile(u.fsPath, 'utf8'));
    } catch {
      index.deleteDisk(change.uri);
    }
    if (change.uri === cpUri()) index.setOptions(toIndexOptions(settings, readCpConfigFile()));
  }
  schedule();
});

connection.onDidChangeConfiguration(async (change) => {
  try {
    const before = JSON.stringify(excludes);
    if (!supportsConfiguration) settings = ((change.settings as { meshLens?: MeshLensSettings } | undefined)?.meshLens ?? settings) as MeshLensSettings;
    await loadSettings();
    if (JSON.stringify(excludes) !== before) {
      for (const uri of index.uris()) if (index.hasDisk(uri)) index.deleteDisk(uri);
      await discover();
    }
    schedule();
  } catch (e) {
    log(`settings: ${(e as Error).message}`);
  }
});

/** Runs a request on the current snapshot; a failure answers this request only. */
function run<T>(name: string, token: CancellationToken, fn: (s: Snapshot) => T): T | ResponseError<void> {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    const snapshot = index.snapshot();
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return fn(snapshot);
  } catch (e) {
    log(`${name} failed: ${(e as Error).stack ?? e}`);
    return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${(e as Error).message}`);
  }
}

connection.onHover((p, token) => {
  const t0 = performance.now();
  const r = run('hover', token, (s) => service.doHover(s, p.textDocument.uri, p.position));
  if (tracing) trace(`hover in ${(performance.now() - t0).toFixed(2)} ms, ${JSON.stringify(r)?.length ?? 0} chars`);
  return r;
});
connection.onCompletion((p, token) => run('completion', token, (s) => service.doComplete(s, p.textDocument.uri, p.position)));
connection.onDefinition((p, token) => run('definition', token, (s) => service.findDefinition(s, p.textDocument.uri, p.position)));
connection.onReferences((p, token) => run('references', token, (s) => service.findReferences(s, p.textDocument.uri, p.position, p.context.includeDeclaration)));
connection.onPrepareRename((p, token) => run('prepareRename', token, (s) => service.prepareRename(s, p.textDocument.uri, p.position)));
connection.onRenameRequest((p, token) => run('rename', token, (s) => service.doRename(s, p.textDocument.uri, p.position, p.newName)));
connection.onDocumentSymbol((p, token) => run('documentSymbol', token, (s) => service.findDocumentSymbols(s, p.textDocument.uri)));
connection.onWorkspaceSymbol((p, token) => run('workspaceSymbol', token, (s) => service.findWorkspaceSymbols(s, p.query)));
connection.onCodeLens((p, token) => run('codeLens', token, (s) => service.getCodeLenses(s, p.textDocument.uri)));
connection.languages.inlayHint.on((p, token) => run('inlayHint', token, (s) => service.getInlayHints(s, p.textDocument.uri, p.range)));
connection.onCodeAction((p, token) => run('codeAction', token, (s) => service.getCodeActions(s, p.textDocument.uri, p.range, p.context.diagnostics)));
connection.languages.semanticTokens.on((p, token) => run('semanticTokens', token, (s) => service.getSemanticTokens(s, p.textDocument.uri)));
connection.onRequest(RESOLVED_VIEW_REQUEST, (p: ResolvedViewParams | undefined, token: CancellationToken) => run('resolvedView', token, (s) => service.getResolvedView(s, p ?? {})));
connection.onRequest(RESOLVED_CLAIMS_REQUEST, (p: ResolvedClaimsParams | undefined, token: CancellationToken) => run('resolvedClaims', token, (s) => service.getResolvedClaims(s, p)));

process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e}`));
documents.listen(connection);
connection.listen();
