import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RESOLVED_VIEW_REQUEST, type LspLocation, type ResolvedViewParams, type ResolvedViewResult } from '../../shared/src/protocol';

/** One row of the preview table, after normalising the server's answer. */
export interface PreviewRow {
  mesh: string;
  hostname: string;
  type: string;
  vip: string;
  ports: string;
  origin: string;
  dataplanes: string;
  conflicts: string;
  conflict: boolean;
  location?: LspLocation;
}

export interface PreviewModel {
  rows: PreviewRow[];
  meshes: string[];
  error?: string;
}

/**
 * The webview that shows the resolved view of every mesh. One panel per window; it re-requests
 * the view whenever the server reports a new status, so it follows the user's edits.
 */
export class ResolvedHostnamesPreview implements vscode.Disposable {
  static readonly viewType = 'meshLens.resolvedHostnames';
  private panel: vscode.WebviewPanel | undefined;
  private model: PreviewModel = { rows: [], meshes: [] };
  private pending: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly getClient: () => LanguageClient | undefined) {}

  /** Opens (or reveals) the panel and resolves with the model it shows. */
  async show(): Promise<PreviewModel> {
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(
        ResolvedHostnamesPreview.viewType,
        'Mesh Lens: Resolved Hostnames',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [], enableFindWidget: true },
      );
      this.panel.webview.html = renderHtml(this.panel.webview.cspSource, nonce());
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      }, undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
    }
    return this.refresh();
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  get current(): PreviewModel {
    return this.model;
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
    let model: PreviewModel;
    if (!client || !client.isRunning()) {
      model = { rows: [], meshes: [], error: 'The Mesh Lens server is not running.' };
    } else {
      try {
        const params: ResolvedViewParams = {};
        const answer = await client.sendRequest<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, params);
        model = normalise(answer);
      } catch (e) {
        model = { rows: [], meshes: [], error: `The server could not resolve the workspace: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    if (generation !== this.generation) return this.model; // a newer refresh is on its way
    this.model = model;
    await this.panel?.webview.postMessage({ type: 'model', model });
    return model;
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isObject(message)) return;
    if (message.type === 'ready') {
      await this.panel?.webview.postMessage({ type: 'model', model: this.model });
    } else if (message.type === 'open' && typeof message.index === 'number') {
      const row = this.model.rows[message.index];
      if (row?.location) await openLocation(row.location);
    }
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function openLocation(location: LspLocation): Promise<void> {
  const uri = vscode.Uri.parse(location.uri);
  const r = location.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
}

// ---------------------------------------------------------------------------------------------
// From the server's resolved view to table rows.

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v !== '');
}

/** Listener `outbound:VIP:port` -> port (the VIP may be IPv6, so take what follows the last colon). */
function listenerPort(listener: string): string {
  const i = listener.lastIndexOf(':');
  return i >= 0 ? listener.slice(i + 1) : listener;
}

export function normalise(answer: ResolvedViewResult | null | undefined): PreviewModel {
  const rows: PreviewRow[] = [];
  const meshes = answer?.meshes ?? [];
  const conflictDiagnostics = (answer?.diagnostics ?? []).filter((d) => d.code.includes('conflict'));
  for (const m of meshes) {
    for (const e of m.entries) {
      const ports = unique(e.listeners.map(listenerPort));
      const conflicts = conflictDiagnostics.filter((d) => ports.some((p) => d.message.includes(`${e.name}:${p}`)));
      rows.push({
        mesh: m.name,
        hostname: e.name,
        type: e.type,
        vip: e.vip ?? '',
        ports: ports.length ? ports.join(', ') : unique(e.outbounds.map((o) => String(o.port))).join(', '),
        origin: unique(e.outbounds.map((o) => o.origin)).join(', '),
        dataplanes: unique(e.outbounds.flatMap((o) => o.sources)).join(', '),
        conflicts: unique(conflicts.map((d) => d.message)).join('\n'),
        conflict: conflicts.length > 0,
        location: e.location ?? e.outbounds.find((o) => o.locations?.length)?.locations[0],
      });
    }
  }
  return { rows, meshes: meshes.map((m) => m.name) };
}

// ---------------------------------------------------------------------------------------------

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
  return s;
}

function renderHtml(cspSource: string, n: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Resolved Hostnames</title>
<style nonce="${n}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; }
  header { display: flex; gap: 12px; align-items: center; position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; }
  input { flex: 1; max-width: 360px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.3)); white-space: nowrap; }
  th { cursor: pointer; user-select: none; font-weight: 600; }
  th[aria-sort="ascending"]::after { content: " ▲"; }
  th[aria-sort="descending"]::after { content: " ▼"; }
  tbody tr { cursor: pointer; }
  tbody tr:hover { background: var(--vscode-list-hoverBackground); }
  tr.conflict td.conflicts { color: var(--vscode-editorWarning-foreground); }
  .hostname { font-family: var(--vscode-editor-font-family); color: var(--vscode-textLink-foreground); }
  #summary { opacity: .8; }
  #error { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
<header>
  <input id="search" type="search" placeholder="Filter hostnames, VIPs, ports, origins…" aria-label="Filter">
  <span id="summary"></span>
</header>
<p id="error" hidden></p>
<table id="table">
  <thead><tr>
    <th data-key="mesh">Mesh</th><th data-key="hostname">Hostname</th><th data-key="type">Type</th><th data-key="vip">VIP</th>
    <th data-key="ports">Ports</th><th data-key="origin">Origin</th><th data-key="dataplanes">Dataplanes</th><th data-key="conflicts">Conflicts</th>
  </tr></thead>
  <tbody></tbody>
</table>
<script nonce="${n}">
(function () {
  const vscode = acquireVsCodeApi();
  const state = Object.assign({ filter: '', sortKey: 'hostname', sortDir: 1 }, vscode.getState() || {});
  let model = { rows: [], meshes: [] };
  const tbody = document.querySelector('tbody');
  const search = document.getElementById('search');
  const summary = document.getElementById('summary');
  const error = document.getElementById('error');
  search.value = state.filter;
  const columns = ['mesh', 'hostname', 'type', 'vip', 'ports', 'origin', 'dataplanes', 'conflicts'];
  function ipKey(v) {
    const m = /^(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)$/.exec(v);
    return m ? m.slice(1).map((x) => x.padStart(3, '0')).join('.') : v;
  }
  function render() {
    const f = state.filter.toLowerCase();
    const rows = model.rows.map((r, i) => ({ r, i }))
      .filter(({ r }) => !f || columns.some((c) => String(r[c]).toLowerCase().includes(f)))
      .sort((a, b) => {
        const k = state.sortKey;
        const x = k === 'vip' ? ipKey(a.r[k]) : String(a.r[k]);
        const y = k === 'vip' ? ipKey(b.r[k]) : String(b.r[k]);
        return x.localeCompare(y, undefined, { numeric: true }) * state.sortDir || a.i - b.i;
      });
    tbody.textContent = '';
    for (const { r, i } of rows) {
      const tr = document.createElement('tr');
      tr.dataset.index = String(i);
      if (r.conflict) tr.className = 'conflict';
      if (r.location) tr.title = 'Open the source of ' + r.hostname;
      for (const c of columns) {
        const td = document.createElement('td');
        td.className = c;
        if (c === 'conflicts' && r.conflict) {
          const n = r.conflicts.split('\\n').length;
          td.textContent = '⚠ ' + n + (n === 1 ? ' conflict' : ' conflicts');
          td.title = r.conflicts;
        } else {
          td.textContent = r[c];
        }
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    const conflicts = model.rows.filter((r) => r.conflict).length;
    summary.textContent = rows.length + ' of ' + model.rows.length + ' hostnames · ' + model.meshes.length + ' meshes · ' + conflicts + ' in conflict';
    error.hidden = !model.error;
    error.textContent = model.error || '';
    for (const th of document.querySelectorAll('th')) {
      th.setAttribute('aria-sort', th.dataset.key === state.sortKey ? (state.sortDir > 0 ? 'ascending' : 'descending') : 'none');
    }
    vscode.setState(state);
  }
  search.addEventListener('input', () => { state.filter = search.value; render(); });
  document.querySelector('thead').addEventListener('click', (e) => {
    const th = e.target.closest('th');
    if (!th) return;
    if (state.sortKey === th.dataset.key) state.sortDir = -state.sortDir; else { state.sortKey = th.dataset.key; state.sortDir = 1; }
    render();
  });
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (tr) vscode.postMessage({ type: 'open', index: Number(tr.dataset.index) });
  });
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'model') { model = e.data.model; render(); }
  });
  render();
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}
