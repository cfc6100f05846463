// Drives a language server over stdio the way an editor does, for the side-by-side runs:
// yaml-language-server (the peer, recipe in the peer's write-up) and Mesh Lens's own built server.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Manifest } from './generate';
import { fileUri, listYaml, median, p95, procMemory } from './util';

export interface ServerRun {
  server: string;
  /** Spawn to `initialize` result. */
  initializeMs: number;
  /** Until every file has diagnostics (YLS: every file opened) or the index is ready (Mesh Lens). */
  workspaceMs: number;
  publishedFiles: number;
  diagnostics: number;
  /** The most diagnostics published on one line of one file, and of one code. */
  mostOnOneLine?: number;
  mostOnOneLineOneCode?: number;
  /** Spawn to the last diagnostics published after the workspace is ready (runs without edits). */
  publishedMs?: number;
  edit: { n: number; median: number; p95: number } | null;
  hover: { n: number; median: number; p95: number; nonEmpty: number } | null;
  completion: { n: number; median: number; p95: number; nonEmpty: number } | null;
  /** VmHWM of the server process after the workspace phase and at the end. */
  hwmAfterWorkspaceBytes?: number;
  hwmEndBytes?: number;
  cpuMs?: number;
  note?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most diagnostics on one line, and of one code on one line. */
export function crowding(diagnostics: ReadonlyArray<{ range: { start: { line: number } }; code?: unknown }>): [number, number] {
  const perLine = new Map<number, number>();
  const perCode = new Map<string, number>();
  let line = 0;
  let code = 0;
  for (const d of diagnostics) {
    const l = d.range.start.line;
    const n = (perLine.get(l) ?? 0) + 1;
    perLine.set(l, n);
    const k = `${l}\u0000${String(d.code)}`;
    const c = (perCode.get(k) ?? 0) + 1;
    perCode.set(k, c);
    line = Math.max(line, n);
    code = Math.max(code, c);
  }
  return [line, code];
}

function mostCrowded(c: Client): Pick<ServerRun, 'mostOnOneLine' | 'mostOnOneLineOneCode'> {
  let line = 0;
  let code = 0;
  for (const [l, k] of c.crowded.values()) {
    line = Math.max(line, l);
    code = Math.max(code, k);
  }
  return { mostOnOneLine: line, mostOnOneLineOneCode: code };
}

export function cpuOf(pid: number): number | undefined {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export class Client {
  readonly conn: MessageConnection;
  readonly child: ChildProcess;
  readonly published = new Map<string, number>();
  /** Per URI: the most diagnostics on one line, and of one code on one line. */
  readonly crowded = new Map<string, [number, number]>();
  lastPublishAt = 0;
  private waiters: Array<{ test: (method: string, params: any) => boolean; resolve: () => void }> = [];

  constructor(command: string, args: string[], answerConfiguration: (section: string | undefined) => unknown, onStderr: (chunk: string) => void = () => undefined, env?: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    this.child.stderr!.on('data', (chunk: Buffer) => onStderr(chunk.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => answerConfiguration(i.section)));
    this.conn.onRequest('client/registerCapability', () => {
      this.notifyWaiters('client/registerCapability', {});
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.onNotification((method: string, params: any) => {
      if (method === 'textDocument/publishDiagnostics') {
        this.published.set(params.uri, params.diagnostics.length);
        this.crowded.set(params.uri, crowding(params.diagnostics));
        this.lastPublishAt = performance.now();
      }
      this.notifyWaiters(method, params);
    });
    this.conn.listen();
  }

  private notifyWaiters(method: string, params: unknown): void {
    const keep = [];
    for (const w of this.waiters) {
      if (w.test(method, params)) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** Resolves on the next message that passes `test`; rejects after `timeoutMs`. */
  next(test: (method: string, params: any) => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), sleep(3000)]);
      await this.conn.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    await Promise.race([new Promise((r) => this.child.once('exit', r)), sleep(3000)]);
    if (this.child.exitCode === null && this.child.pid) process.kill(this.child.pid, 'SIGKILL');
    this.conn.dispose();
  }
}

export function capabilities() {
  return {
    workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
    textDocument: {
      publishDiagnostics: { versionSupport: true, relatedInformation: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true } },
      synchronization: { dynamicRegistration: false },
    },
    window: { workDoneProgress: false },
  };
}

/** The largest file of the workspace, and a version-tag line in it to edit. */
function largest(dir: string, files: string[]): { file: string; text: string } {
  let best = { file: files[0]!, text: '' };
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (text.length > best.text.length && /^ +version: v\d$/m.test(text)) best = { file: f, text };
  }
  return best;
}

export function hoverPositions(text: string, n: number): Array<{ line: number; character: number }> {
  const lines = text.split('\n');
  const candidates: Array<{ line: number; character: number }> = [];
  lines.forEach((l, line) => {
    if (!l.trim() || l.startsWith('#') || l === '---') return;
    const colon = l.indexOf(': ');
    const key = l.search(/\S/) + 1;
    candidates.push(candidates.length % 2 === 0 || colon < 0 ? { line, character: key } : { line, character: Math.min(l.length, colon + 3) });
  });
  const out = [];
  for (let i = 0; i < n; i++) out.push(candidates[Math.floor((i * candidates.length) / n)]!);
  return out;
}

async function interact(
  c: Client,
  uri: string,
  text: string,
  edits: number,
  hovers: number,
  waitEdit: (c: Client, uri: string) => Promise<void>,
  editValue: (i: number) => string,
): Promise<Pick<ServerRun, 'edit' | 'hover' | 'completion'>> {
  const re = /^( +version: )(v\d)$/gm;
  const sites: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) sites.push(m.index + m[1]!.length);
  const editTimes: number[] = [];
  let version = 1;
  for (let i = 0; i < edits && sites.length; i++) {
    const at = sites[i % sites.length]!;
    const changed = text.slice(0, at) + editValue(i) + text.slice(at + 2);
    const done = waitEdit(c, uri);
    const t0 = performance.now();
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: changed }] });
    await done;
    editTimes.push(performance.now() - t0);
    await sleep(20);
  }
  // Back to the original text before hovering.
  const restored = waitEdit(c, uri);
  await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  await restored;
  const positions = hoverPositions(text, hovers);
  const time = async (method: string) => {
    const times: number[] = [];
    let nonEmpty = 0;
    for (const position of positions) {
      const t0 = performance.now();
      const r = (await c.conn.sendRequest(method, { textDocument: { uri }, position })) as { items?: unknown[] } | unknown[] | null;
      times.push(performance.now() - t0);
      if (r && !(Array.isArray(r) && r.length === 0) && !(!Array.isArray(r) && Array.isArray(r.items) && r.items.length === 0)) nonEmpty++;
    }
    return { n: times.length, median: median(times), p95: p95(times), nonEmpty };
  };
  return {
    edit: editTimes.length ? { n: editTimes.length, median: median(editTimes), p95: p95(editTimes) } : null,
    hover: await time('textDocument/hover'),
    completion: await time('textDocument/completion'),
  };
}

/** yaml-language-server 1.25.0 with the workspace schema, every file opened (the peer's recipe). */
export async function runYamlLanguageServer(dir: string, schemaPath: string, opts: { edits: number; hovers: number }): Promise<ServerRun> {
  const bin = require.resolve('yaml-language-server/bin/yaml-language-server');
  const yamlSettings = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    maxItemsComputed: 5000,
    schemas: { [fileUri(schemaPath)]: '**/*.yaml' },
  };
  const answer = (section: string | undefined) =>
    section === 'yaml'
      ? yamlSettings
      : section === 'http'
        ? { proxy: '', proxyStrictSSL: false }
        : section === '[yaml]'
          ? { 'editor.tabSize': 2, 'editor.insertSpaces': true }
          : section === 'editor'
            ? { tabSize: 2, detectIndentation: true }
            : null;
  const files = listYaml(dir);
  const texts = files.map((f) => ({ uri: `${fileUri(dir)}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const t0 = performance.now();
  const c = new Client(process.execPath, [bin, '--stdio'], answer);
  try {
    const registered = c.next((m) => m === 'client/registerCapability', 10_000).catch(() => undefined);
    await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(dir), workspaceFolders: [{ uri: fileUri(dir), name: path.basename(dir) }], capabilities: capabilities() });
    const initializeMs = performance.now() - t0;
    await c.conn.sendNotification('initialized', {});
    await registered;
    await sleep(200);
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
    await sleep(500);
    const cpu0 = cpuOf(c.child.pid!) ?? 0;
    const all = new Set(texts.map((t) => t.uri));
    const done = new Promise<void>((resolve) => {
      const check = () => {
        for (const u of all) if (!c.published.has(u)) return false;
        resolve();
        return true;
      };
      void c.next(() => check(), 600_000).catch(() => resolve());
    });
    const tOpen = performance.now();
    for (const t of texts) await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t.uri, languageId: 'yaml', version: 1, text: t.text } });
    await done;
    const workspaceMs = performance.now() - tOpen;
    const hwmAfterWorkspaceBytes = procMemory(c.child.pid!).hwm;
    const cpuMs = (cpuOf(c.child.pid!) ?? 0) - cpu0;
    let diagnostics = 0;
    for (const n of c.published.values()) diagnostics += n;
    const big = largest(dir, files);
    const uri = `${fileUri(dir)}/${big.file}`;
    const inter = await interact(
      c,
      uri,
      big.text,
      opts.edits,
      opts.hovers,
      (cl, u) => cl.next((m, p) => m === 'textDocument/publishDiagnostics' && p.uri === u, 30_000),
      (i) => (i % 2 === 0 ? '1001' : `v${(i % 7) + 2}`),
    );
    const hwmEndBytes = procMemory(c.child.pid!).hwm;
    return {
      server: 'yaml-language-server 1.25.0',
      initializeMs,
      workspaceMs,
      publishedFiles: c.published.size,
      diagnostics,
      ...inter,
      hwmAfterWorkspaceBytes,
      hwmEndBytes,
      cpuMs,
      note: `every file opened; edits in ${big.file}`,
    };
  } finally {
    await c.stop();
  }
}

/** Mesh Lens's built server: workspace folder only, nothing opened, until `meshLens/status` says ready. */
export async function runMeshLensServer(
  dir: string,
  serverJs: string,
  opts: { edits: number; hovers: number; nodeArgs?: string[]; onSpawn?: (pid: number, conn: MessageConnection) => void },
): Promise<ServerRun> {
  const c = new Client(process.execPath, [...(opts.nodeArgs ?? []), serverJs, '--stdio'], () => null);
  opts.onSpawn?.(c.child.pid!, c.conn);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.manifest.json'), 'utf8')) as Manifest;
  try {
    const ready = () => c.next((m, p) => m === 'meshLens/status' && p?.state === 'ready', 600_000);
    const t0 = performance.now();
    await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(dir), workspaceFolders: [{ uri: fileUri(dir), name: path.basename(dir) }], capabilities: capabilities() });
    const initializeMs = performance.now() - t0;
    const firstReady = ready();
    await c.conn.sendNotification('initialized', {});
    await firstReady;
    const workspaceMs = performance.now() - t0;
    const hwmAfterWorkspaceBytes = procMemory(c.child.pid!).hwm;
    const cpuMs = cpuOf(c.child.pid!);
    await sleep(300);
    let diagnostics = 0;
    for (const n of c.published.values()) diagnostics += n;
    if (opts.edits === 0 && opts.hovers === 0) {
      // Until publishing goes quiet for two seconds: everything the editor would show.
      const limit = performance.now() + 300_000;
      while (performance.now() < limit && performance.now() - Math.max(c.lastPublishAt, t0 + workspaceMs) < 2000) await sleep(200);
      let published = 0;
      for (const n of c.published.values()) published += n;
      return {
        server: 'mesh-lens (dist/server.js)',
        initializeMs,
        workspaceMs,
        publishedMs: Math.max(c.lastPublishAt - t0, workspaceMs),
        publishedFiles: c.published.size,
        diagnostics: published,
        ...mostCrowded(c),
        edit: null,
        hover: null,
        completion: null,
        hwmAfterWorkspaceBytes,
        hwmEndBytes: procMemory(c.child.pid!).hwm,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
      };
    }
    const files = listYaml(dir);
    const big = largest(dir, files);
    const uri = `${fileUri(dir)}/${big.file}`;
    const opened = ready().catch(() => undefined);
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: big.text } });
    await Promise.race([opened, sleep(2000)]);
    const inter = await interact(
      c,
      uri,
      big.text,
      opts.edits,
      opts.hovers,
      () => ready(),
      (i) => (i % 2 === 0 ? 'v 1' : `v${(i % 7) + 2}`),
    );
    const hwmEndBytes = procMemory(c.child.pid!).hwm;
    return {
      server: 'mesh-lens (dist/server.js)',
      initializeMs,
      workspaceMs,
      publishedFiles: c.published.size,
      diagnostics,
      ...mostCrowded(c),
      ...inter,
      hwmAfterWorkspaceBytes,
      ...(hwmEndBytes ? { hwmEndBytes } : {}),
      ...(cpuMs !== undefined ? { cpuMs } : {}),
      note: `workspace folder only (${manifest.files} files on disk), spawn to meshLens/status ready; edits in ${big.file}`,
    };
  } finally {
    await c.stop();
  }
}
