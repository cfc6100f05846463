import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RESOLVED_CLAIMS_REQUEST,
  RESOLVED_VIEW_REQUEST,
  type CompactView,
  type LspLocation,
  type ResolvedClaimsParams,
  type ResolvedClaimsResult,
  type ResolvedViewParams,
  type ResolvedViewResult,
} from '../../shared/src/protocol';

/** One row of the preview, decoded from the compact view (for tests and other extensions). */
export interface PreviewRow {
  mesh: string;
  hostname: string;
  type: string;
  vip: string;
  ports: string;
  origin: string;
  dataplanes: string;
  claims: number;
  dropped: number;
  conflict: boolean;
  scope?: string;
}

export interface PreviewModel {
  readonly rows: PreviewRow[];
  readonly meshes: string[];
  readonly error?: string;
}

const EMPTY: CompactView = { strings: [], rows: [] };
/** Must match the webview script's row height. */
const ROW_HEIGHT = 22;

/**
 * The webview that shows the resolved view of every mesh. One panel per window; it re-requests
 * the view whenever the server reports a new status, so it follows the user's edits. The view
 * travels in its compact form; the webview asks for one hostname's claims when it needs them.
 */
export class ResolvedHostnamesPreview implements vscode.Disposable {
  static readonly viewType = 'meshLens.resolvedHostnames';
  private panel: vscode.WebviewPanel | undefined;
  private view: CompactView = EMPTY;
  private error: string | undefined;
  private pending: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** Opens (or reveals) the panel and resolves with the model it shows. */
  async show(): Promise<PreviewModel> {
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
      this.panel = vscode.window.createWebviewPanel(
        ResolvedHostnamesPreview.viewType,
        'Mesh Lens: Resolved Hostnames',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [dist] },
      );
      const webview = this.panel.webview;
      webview.html = renderHtml(webview.cspSource, nonce(), webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString());
      this.panel.onDidDispose(
        () => {
          this.panel = undefined;
        },
        undefined,
        this.disposables,
      );
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
    }
    return this.refresh();
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  get current(): PreviewModel {
    return decode(this.view, this.error);
  }

  /** Called on every `meshLens/status`; coalesces bursts of notifications. */
  scheduleRefresh(): void {
    if (!this.panel) return;
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, 150);
  }

  async refresh(): Promise<PreviewModel> {
    const generation = ++this.generation;
    const client = this.getClient();
    let view = EMPTY;
    let error: string | undefined;
    if (!client || !client.isRunning()) {
      error = 'The Mesh Lens server is not running.';
    } else {
      try {
        const params: ResolvedViewParams = { compact: true };
        const answer = await client.sendRequest<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, params);
        view = answer?.compact ?? EMPTY;
      } catch (e) {
        error = `The server could not resolve the workspace: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (generation !== this.generation) return this.current; // a newer refresh is on its way
    this.view = view;
    this.error = error;
    await this.post();
    return this.current;
  }

  private async post(): Promise<void> {
    await this.panel?.webview.postMessage({ type: 'view', view: this.view, ...(this.error ? { error: this.error } : {}) });
  }

  /** Every claim on one hostname of the view (the server's `meshLens/resolvedClaims`). */
  async claims(target: { mesh: string; entryType: string; hostname: string; scope?: string }, limit?: number): Promise<ResolvedClaimsResult> {
    const client = this.getClient();
    if (!client || !client.isRunning()) throw new Error('The Mesh Lens server is not running.');
    const params: ResolvedClaimsParams = {
      mesh: target.mesh,
      type: target.entryType as ResolvedClaimsParams['type'],
      hostname: target.hostname,
      ...(typeof target.scope === 'string' ? { scope: target.scope } : {}),
      ...(limit ? { limit } : {}),
    };
    return client.sendRequest<ResolvedClaimsResult>(RESOLVED_CLAIMS_REQUEST, params);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isObject(message)) return;
    if (message.type === 'ready') {
      await this.post();
    } else if (message.type === 'open' && isTarget(message)) {
      // The row's source: where the claim that keeps it is written.
      try {
        const answer = await this.claims(message, 1);
        if (answer.claims[0]) await openLocation(answer.claims[0].location, this.panel?.viewColumn);
      } catch (e) {
        void vscode.window.showWarningMessage(`Mesh Lens: cannot open the source of ${message.hostname}: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else if (message.type === 'claims' && isTarget(message) && typeof message.seq === 'number') {
      try {
        const result = await this.claims(message);
        await this.panel?.webview.postMessage({ type: 'claims', seq: message.seq, result });
      } catch (e) {
        await this.panel?.webview.postMessage({ type: 'claims', seq: message.seq, error: e instanceof Error ? e.message : String(e) });
      }
    } else if (message.type === 'openLocation' && isLocation(message.location)) {
      await openLocation(message.location, this.panel?.viewColumn);
    }
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function isTarget(m: Record<string, unknown>): m is Record<string, unknown> & { mesh: string; entryType: string; hostname: string; scope?: string } {
  return typeof m.mesh === 'string' && typeof m.entryType === 'string' && typeof m.hostname === 'string' && (m.scope === undefined || typeof m.scope === 'string');
}

function isLocation(v: unknown): v is LspLocation {
  return isObject(v) && typeof v.uri === 'string' && isObject(v.range) && isObject(v.range.start) && isObject(v.range.end);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Opens a source beside the preview, never over it. */
async function openLocation(location: LspLocation, previewColumn: vscode.ViewColumn | undefined): Promise<void> {
  const uri = vscode.Uri.parse(location.uri);
  const r = location.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const doc = await vscode.workspace.openTextDocument(uri);
  const viewColumn = previewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  await vscode.window.showTextDocument(doc, { selection: range, viewColumn, preserveFocus: false });
}

/** The compact view as row objects (what tests and other extensions read). */
export function decode(view: CompactView, error?: string): PreviewModel {
  // The server's encoder puts every string a row refers to in the table.
  const t = view.strings;
  const rows = view.rows.map((r): PreviewRow => ({
    mesh: t[r[0]]!,
    type: t[r[1]]!,
    hostname: r[2],
    vip: r[3],
    ports: t[r[4]]!,
    origin: t[r[5]]!,
    dataplanes: t[r[6]]!,
    claims: r[7],
    dropped: r[8],
    conflict: r[8] > 0,
    ...(r[9] !== undefined ? { scope: t[r[9]] } : {}),
  }));
  return { rows, meshes: [...new Set(rows.map((r) => r.mesh))], ...(error ? { error } : {}) };
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
  return s;
}

function renderHtml(cspSource: string, n: string, script: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${n}'; script-src 'nonce-${n}' ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Resolved Hostnames</title>
<style nonce="${n}">
  html, body { height: 100%; margin: 0; }
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; display: flex; flex-direction: column; box-sizing: border-box; }
  header { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; padding: 8px 0; }
  input[type=search] { flex: 1; min-width: 180px; max-width: 360px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; }
  input[type=search]:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  label { display: inline-flex; gap: 4px; align-items: center; user-select: none; }
  input[type=checkbox] { accent-color: var(--vscode-checkbox-background); }
  label[hidden] { display: none; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; }
  #summary { opacity: .8; }
  #error { color: var(--vscode-errorForeground); margin: 0 0 6px; }
  #grid { flex: 1; min-height: 0; display: flex; flex-direction: column; outline: none; }
  :root { --cols: minmax(64px, .6fr) minmax(180px, 2.4fr) 64px minmax(112px, 1fr) minmax(64px, .6fr) minmax(130px, 1.3fr) minmax(130px, 1.3fr) minmax(150px, 1fr); }
  /* One scroller for both axes: the header sticks to its top and scrolls sideways with the rows. */
  #viewport { flex: 1; min-height: 0; overflow: auto; position: relative; }
  #head, #spacer { min-width: 920px; }
  #head { display: grid; grid-template-columns: var(--cols); position: sticky; top: 0; z-index: 1; font-weight: 600; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.35)); }
  #head .cell { cursor: pointer; user-select: none; }
  #head [aria-sort="ascending"]::after { content: " ▲"; }
  #head [aria-sort="descending"]::after { content: " ▼"; }
  #spacer { position: relative; }
  [role=row].row, [role=row].group { position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; box-sizing: border-box; cursor: pointer; }
  .row { display: grid; grid-template-columns: var(--cols); }
  .cell { padding: 0 8px; line-height: ${ROW_HEIGHT}px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.18)); }
  .row:hover { background: var(--vscode-list-hoverBackground); }
  .row.active, .group.active { background: var(--vscode-list-inactiveSelectionBackground); }
  #grid:focus .active { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .hostname { font-family: var(--vscode-editor-font-family); color: var(--vscode-textLink-foreground); }
  #grid:focus .active .hostname { color: inherit; }
  .row.conflict .claims { color: var(--vscode-editorWarning-foreground); }
  .claims { text-decoration: underline dotted; }
  .group { font-weight: 600; line-height: ${ROW_HEIGHT}px; padding: 0 4px; background: var(--vscode-sideBarSectionHeader-background, transparent); border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.35)); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #claims { max-height: 40%; overflow: auto; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); padding: 6px 0; }
  #claims header { padding: 0 0 4px; flex-wrap: nowrap; }
  #claims-close { margin-left: auto; }
  #claims-title { font-weight: 600; }
  #claims-note { opacity: .8; }
  #claims table { border-collapse: collapse; width: 100%; }
  #claims th, #claims td { text-align: left; padding: 2px 8px; vertical-align: top; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.18)); }
  #claims tr.claim { cursor: pointer; }
  #claims tr.claim:hover { background: var(--vscode-list-hoverBackground); }
  #claims tr.claim:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  #claims tr.dropped .status { color: var(--vscode-editorWarning-foreground); }
  #claims .reason { white-space: normal; min-width: 240px; }
  button { background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); border: none; padding: 2px 8px; cursor: pointer; }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
</style>
</head>
<body>
<header>
  <input id="search" type="search" placeholder="Filter hostnames, VIPs, ports, origins, dataplanes…" aria-label="Filter">
  <label><input id="conflicts-only" type="checkbox"> Conflicts only</label>
  <label><input id="group-by" type="checkbox"> Group by VirtualOutbound</label>
  <label id="scope-label" hidden>Scope <select id="scope" aria-label="Scope (control plane)"></select></label>
  <span id="summary" aria-live="polite"></span>
</header>
<p id="error" hidden></p>
<div id="grid" role="grid" tabindex="0" aria-label="Resolved hostnames: arrows move, Enter opens the source, Space shows every claim">
  <div id="viewport"><div id="head" role="row" aria-rowindex="1"></div><div id="spacer" role="rowgroup"></div></div>
</div>
<section id="claims" hidden aria-label="Claims on one hostname">
  <header><span id="claims-title"></span><span id="claims-note"></span><button id="claims-close" title="Close (Escape)">Close</button></header>
  <table>
    <thead><tr><th>Claim</th><th>Port</th><th>Claimant</th><th>Origin</th><th>Tags</th><th>Why dropped</th></tr></thead>
    <tbody id="claims-body"></tbody>
  </table>
</section>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
