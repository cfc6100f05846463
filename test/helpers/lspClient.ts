// A small LSP client over stdio for protocol tests: starts the built server, initializes it with a
// workspace folder, records diagnostics and status notifications, and waits on them (no sleeps).
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'node:url';
import { STATUS_NOTIFICATION, StatusParams } from '../../shared/src/protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  codeDescription?: { href: string };
  relatedInformation?: { location: { uri: string; range: LspDiagnostic['range'] }; message: string }[];
}

export class LspClient {
  readonly diagnostics = new Map<string, LspDiagnostic[]>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    readonly rootUri: string,
  ) {
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.wake();
    });
    conn.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.statuses.push(p);
      this.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'meshLens' ? this.settings : i.section === 'files.exclude' ? { '**/excluded': true } : null)),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('$/progress', () => undefined);
  }

  settings: Record<string, unknown> = {};

  /** What the server wrote to stderr. */
  stderr = '';

  static async start(folder: string, settings: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): Promise<LspClient> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const rootUri = pathToFileURL(folder).toString();
    const client = new LspClient(proc, conn, rootUri);
    client.settings = settings;
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (client.stderr += chunk));
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(folder) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `predicate` holds (checked after every notification); rejects after `ms`. */
  async waitFor(what: string, predicate: () => boolean, ms = 15000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; statuses: ${JSON.stringify(this.statuses.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for a `ready` status sent after the call. */
  async nextReady(): Promise<StatusParams> {
    const n = this.statuses.length;
    await this.waitFor('status ready', () => this.statuses.slice(n).some((s) => s.state === 'ready'));
    return this.statuses.slice(n).find((s) => s.state === 'ready')!;
  }

  uri(rel: string): string {
    return `${this.rootUri}/${rel}`;
  }

  open(uri: string, text: string, languageId = 'yaml'): void {
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, text: string): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  }

  changeRange(uri: string, range: LspDiagnostic['range'], text: string): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text }] });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit').catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (this.proc.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          this.proc.kill();
          resolve();
        }, 2000);
        this.proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    } catch {
      // already gone
    }
    this.conn.dispose();
  }
}
