/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The resolved-hostnames preview inside its webview. Only the rows in sight are in the DOM (rows
// have one fixed height, so the rows in sight follow from the scroll position); the table model
// does the filtering, sorting and grouping. Keyboard: arrows, Page Up/Down, Home/End move through
// the rows, Enter opens the source, Space shows every claim on the hostname, Escape closes them.
// A workspace of several scopes (control planes) gets a scope filter; a row's scope travels with it.
import type { CompactView, ResolvedClaim, ResolvedClaimsResult } from '../../../shared/src/protocol';
import { Column, COLUMNS, PreviewTable, Query, QueryResult } from './table';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** A hostname of the view, as messages name it. */
interface Target {
  mesh: string;
  entryType: string;
  hostname: string;
  /** The row's scope, when the workspace holds several. */
  scope?: string;
}

interface SavedState {
  filter: string;
  sortKey: Column;
  sortDir: 1 | -1;
  conflictsOnly: boolean;
  groupBy: boolean;
  /** Collapsed groups by label (group ids change with every view). */
  collapsed: string[];
  /** The scope shown; '' for all scopes. */
  scope: string;
}

const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const LABELS: Record<Column, string> = {
  mesh: 'Mesh',
  hostname: 'Hostname',
  type: 'Type',
  vip: 'VIP',
  ports: 'Ports',
  origins: 'Origin',
  sources: 'Dataplanes',
  claims: 'Claims',
};

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
const state: SavedState = {
  filter: typeof saved.filter === 'string' ? saved.filter : '',
  sortKey: COLUMNS.includes(saved.sortKey as Column) ? (saved.sortKey as Column) : 'hostname',
  sortDir: saved.sortDir === -1 ? -1 : 1,
  conflictsOnly: saved.conflictsOnly === true,
  groupBy: saved.groupBy === true,
  collapsed: Array.isArray(saved.collapsed) ? saved.collapsed.filter((x) => typeof x === 'string') : [],
  scope: typeof saved.scope === 'string' ? saved.scope : '',
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const search = $<HTMLInputElement>('search');
const conflictsOnly = $<HTMLInputElement>('conflicts-only');
const groupBy = $<HTMLInputElement>('group-by');
const scopePicker = $<HTMLSelectElement>('scope');
const scopeLabel = $('scope-label');
const summary = $('summary');
const errorText = $('error');
const grid = $('grid');
const head = $('head');
const viewport = $('viewport');
const spacer = $('spacer');
const claimsPane = $('claims');
const claimsTitle = $('claims-title');
const claimsBody = $('claims-body');
const claimsNote = $('claims-note');

search.value = state.filter;
conflictsOnly.checked = state.conflictsOnly;
groupBy.checked = state.groupBy;

let table = new PreviewTable({ strings: [], rows: [] });
let result: QueryResult = table.query(currentQuery());
/** Position of the active item in `result.items`. */
let active = -1;
let claimsFor: Target | undefined;
let claimsSeq = 0;
let frame = 0;

function currentQuery(): Query {
  const collapsed = new Set<number>();
  for (const label of state.collapsed) {
    const g = table.strings.indexOf(label);
    if (g >= 0) collapsed.add(g);
  }
  return {
    filter: state.filter,
    sortKey: state.sortKey,
    sortDir: state.sortDir,
    conflictsOnly: state.conflictsOnly,
    groupBy: state.groupBy,
    collapsed,
    ...(state.scope ? { scope: state.scope } : {}),
  };
}

function rowKey(row: number): string {
  return `${table.scope(row) ?? ''}\u0000${table.mesh(row)}\u0000${table.type(row)}\u0000${table.hostname(row)}`;
}

/** The scope filter: shown when the view has more than one scope; a scope that is gone shows all again. */
function updateScopes(): void {
  const scopes = table.scopes;
  scopeLabel.hidden = scopes.length < 2;
  if (state.scope && !scopes.includes(state.scope)) state.scope = '';
  const wanted = ['', ...scopes];
  const current = [...scopePicker.options].map((o) => o.value);
  if (current.length !== wanted.length || current.some((v, i) => v !== wanted[i])) {
    scopePicker.replaceChildren(
      ...wanted.map((v) => {
        const o = document.createElement('option');
        o.value = v;
        o.textContent = v === '' ? 'All scopes' : v;
        return o;
      }),
    );
  }
  scopePicker.value = state.scope;
}

/** What the active position shows, to find it again after a new view (by texts, not indexes). */
function activeKey(): { item: number; key: string } | undefined {
  if (active < 0 || active >= result.items.length) return undefined;
  const i = result.items[active]!;
  return { item: i, key: i >= 0 ? rowKey(i) : `#${table.groupLabel(-i - 1)}` };
}

/** Runs the query again, keeping the active row (or header) when it is still there. */
function requery(previous = activeKey(), sameTable = true): void {
  result = table.query(currentQuery());
  active = previous === undefined ? -1 : sameTable ? result.items.indexOf(previous.item) : findItem(previous.key);
  if (active < 0 && result.items.length > 0 && previous !== undefined) active = 0;
  vscode.setState(state);
  spacer.style.height = `${result.items.length * ROW_HEIGHT}px`;
  grid.setAttribute('aria-rowcount', String(result.items.length + 1));
  const shown = result.matched.toLocaleString('en');
  summary.textContent = `${shown} of ${table.size.toLocaleString('en')} hostnames · ${table.meshes} mesh${table.meshes === 1 ? '' : 'es'} · ${table.conflicts.toLocaleString('en')} with dropped claims`;
  for (const th of head.querySelectorAll<HTMLElement>('[data-key]')) {
    th.setAttribute('aria-sort', th.dataset.key === state.sortKey ? (state.sortDir > 0 ? 'ascending' : 'descending') : 'none');
  }
  if (active >= 0) scrollToActive();
  render();
}

function findItem(key: string): number {
  const items = result.items;
  if (key.startsWith('#')) {
    const g = table.strings.indexOf(key.slice(1));
    return g < 0 ? -1 : items.indexOf(-(g + 1));
  }
  const hostname = key.slice(key.lastIndexOf('\u0000') + 1);
  for (let k = 0; k < items.length; k++) {
    const i = items[k]!;
    if (i >= 0 && table.hostname(i) === hostname && rowKey(i) === key) return k;
  }
  return -1;
}

function groupTitle(label: string): string {
  return label
    .split(', ')
    .map((o) =>
      o.startsWith('virtual-outbound:') ? `VirtualOutbound ${o.slice(17)}` : o.startsWith('external-service:') ? `ExternalService ${o.slice(17)}` : o === 'service' ? 'kuma.io/service entries' : o,
    )
    .join(', ');
}

/** The row elements in the DOM by position, valid for `renderedResult`. */
let renderedRows = new Map<number, HTMLElement>();
let renderedResult: QueryResult | undefined;

/**
 * Renders the items in sight (and a few more either side). Elements still in sight are kept, so
 * a click whose mouse-down re-rendered the rows (by focusing the grid) still lands on its row.
 */
function render(): void {
  frame = 0;
  const top = viewport.scrollTop - head.offsetHeight;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(result.items.length, Math.ceil((top + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  if (renderedResult !== result) {
    spacer.replaceChildren();
    renderedRows = new Map();
    renderedResult = result;
  }
  for (const [k, el] of renderedRows) {
    if (k < first || k >= last) {
      el.remove();
      renderedRows.delete(k);
    } else {
      el.classList.toggle('active', k === active);
    }
  }
  // New rows above the kept ones go before them: the DOM stays in display order.
  let above: HTMLElement | null = null;
  for (let k = first; k < last; k++) {
    const kept = renderedRows.get(k);
    if (kept) {
      above ??= kept;
      continue;
    }
    const el = item(k);
    renderedRows.set(k, el);
    if (above === null || k > Number(above.dataset.pos)) spacer.appendChild(el);
    else spacer.insertBefore(el, above);
  }
  if (active >= first && active < last) grid.setAttribute('aria-activedescendant', `item-${active}`);
  else grid.removeAttribute('aria-activedescendant');
}

function item(k: number): HTMLElement {
  const i = result.items[k]!; // k is a visible position, inside the items
  const el = document.createElement('div');
  el.id = `item-${k}`;
  el.dataset.pos = String(k);
  el.setAttribute('role', 'row');
  el.setAttribute('aria-rowindex', String(k + 2));
  el.style.transform = `translateY(${k * ROW_HEIGHT}px)`;
  if (k === active) el.classList.add('active');
  if (i < 0) {
    const g = -i - 1;
    const label = table.groupLabel(g);
    const header = result.headers.get(g);
    const collapsed = state.collapsed.includes(label);
    el.className += ' group';
    el.setAttribute('aria-expanded', String(!collapsed));
    const cell = document.createElement('div');
    cell.setAttribute('role', 'gridcell');
    cell.className = 'group-title';
    const n = header?.rows ?? 0;
    const c = header?.conflicts ?? 0;
    cell.textContent = `${collapsed ? '▸' : '▾'} ${groupTitle(label)} — ${n.toLocaleString('en')} hostname${n === 1 ? '' : 's'}${c ? ` · ${c.toLocaleString('en')} with dropped claims` : ''}`;
    el.appendChild(cell);
    return el;
  }
  el.className += ' row';
  if (table.conflict(i)) el.classList.add('conflict');
  for (const c of COLUMNS) {
    const cell = document.createElement('div');
    cell.setAttribute('role', 'gridcell');
    cell.className = `cell ${c}`;
    const text = table.text(i, c);
    cell.textContent = c === 'claims' && table.conflict(i) ? `⚠ ${text}` : text;
    cell.title = c === 'claims' ? 'Show every claim on this hostname (Space)' : text;
    el.appendChild(cell);
  }
  return el;
}

function scheduleRender(): void {
  if (!frame) frame = requestAnimationFrame(render);
}

/** Scrolls the active row into sight, below the sticky header. */
function scrollToActive(): void {
  const header = head.offsetHeight;
  const top = header + active * ROW_HEIGHT;
  if (top - header < viewport.scrollTop) viewport.scrollTop = top - header;
  else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
}

function setActive(k: number): void {
  if (result.items.length === 0) return;
  active = Math.max(0, Math.min(result.items.length - 1, k));
  scrollToActive();
  render();
}

function toggleGroup(g: number): void {
  const label = table.groupLabel(g);
  state.collapsed = state.collapsed.includes(label) ? state.collapsed.filter((x) => x !== label) : [...state.collapsed, label];
  requery();
}

/** Enter on a row: open its source; on a group header: fold or unfold it. */
function activate(k: number, claims: boolean): void {
  const i = result.items[k];
  if (i === undefined) return;
  if (i < 0) return toggleGroup(-i - 1);
  const scope = table.scope(i);
  const target: Target = { mesh: table.mesh(i), entryType: table.type(i), hostname: table.hostname(i), ...(scope !== undefined ? { scope } : {}) };
  if (claims) showClaims(target);
  else vscode.postMessage({ type: 'open', ...target });
}

function showClaims(target: Target): void {
  claimsFor = target;
  claimsPane.hidden = false;
  claimsTitle.textContent = `Claims on ${target.hostname} (${target.entryType}, mesh ${target.mesh}${target.scope !== undefined ? `, scope ${target.scope}` : ''}) `;
  claimsNote.textContent = 'Loading…';
  claimsBody.replaceChildren();
  vscode.postMessage({ type: 'claims', seq: ++claimsSeq, ...target });
}

function hideClaims(): void {
  claimsFor = undefined;
  claimsPane.hidden = true;
  grid.focus();
}

function renderClaims(answer: ResolvedClaimsResult | undefined, error: string | undefined): void {
  claimsBody.replaceChildren();
  if (error || !answer) {
    claimsNote.textContent = error ?? 'No answer from the server.';
    return;
  }
  if (!answer.found) {
    claimsNote.textContent = 'This hostname is no longer in the resolved view.';
    return;
  }
  const dropped = answer.claims.filter((c) => c.status === 'dropped').length;
  claimsNote.textContent =
    answer.total > answer.claims.length
      ? `The first ${answer.claims.length.toLocaleString('en')} of ${answer.total.toLocaleString('en')} claims.`
      : `${answer.total} claim${answer.total === 1 ? '' : 's'}, ${dropped} dropped. Enter or click opens where a claim comes from.`;
  // Per port: the claim that keeps it, the dropped ones (what the user looks for), then the merged ones.
  const rank = { won: 0, dropped: 1, merged: 2 };
  const shown = answer.claims.map((c, i) => ({ c, i })).sort((a, b) => a.c.port - b.c.port || rank[a.c.status] - rank[b.c.status] || a.i - b.i);
  for (const { c } of shown) claimsBody.appendChild(claimRow(c));
}

function claimRow(c: ResolvedClaim): HTMLElement {
  const tr = document.createElement('tr');
  tr.tabIndex = 0;
  tr.className = `claim ${c.status}`;
  const tags = Object.keys(c.tags)
    .sort()
    .map((k) => `${k}=${c.tags[k]}`)
    .join(', ');
  const cells: Array<[string, string]> = [
    ['status', c.status === 'won' ? 'keeps it' : c.status === 'merged' ? 'merged' : 'dropped'],
    ['port', String(c.port)],
    ['source', c.source],
    ['origin', c.origin],
    ['tags', tags],
    ['reason', c.reason ?? ''],
  ];
  for (const [cls, text] of cells) {
    const td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
  }
  const open = () => vscode.postMessage({ type: 'openLocation', location: c.location });
  tr.addEventListener('click', open);
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') open();
  });
  return tr;
}

// --- events ---------------------------------------------------------------------------------

for (const c of COLUMNS) {
  const th = document.createElement('div');
  th.setAttribute('role', 'columnheader');
  th.className = `cell ${c}`;
  th.dataset.key = c;
  th.textContent = LABELS[c];
  th.tabIndex = -1;
  head.appendChild(th);
}

search.addEventListener('input', () => {
  state.filter = search.value;
  requery();
});
search.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' && result.items.length) {
    e.preventDefault();
    grid.focus();
    setActive(active < 0 ? 0 : active);
  }
});
conflictsOnly.addEventListener('change', () => {
  state.conflictsOnly = conflictsOnly.checked;
  requery();
});
groupBy.addEventListener('change', () => {
  state.groupBy = groupBy.checked;
  requery();
});
scopePicker.addEventListener('change', () => {
  state.scope = scopePicker.value;
  requery();
});
head.addEventListener('click', (e) => {
  const th = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
  if (!th) return;
  const key = th.dataset.key as Column;
  if (state.sortKey === key) state.sortDir = state.sortDir === 1 ? -1 : 1;
  else {
    state.sortKey = key;
    state.sortDir = 1;
  }
  requery();
});
viewport.addEventListener('scroll', scheduleRender, { passive: true });
new ResizeObserver(scheduleRender).observe(viewport);
spacer.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest<HTMLElement>('[data-pos]');
  if (!el) return;
  const k = Number(el.dataset.pos);
  active = k;
  grid.focus();
  activate(k, (e.target as HTMLElement).closest('.claims') !== null);
  render();
});
grid.addEventListener('keydown', (e) => {
  const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
  const moves: Record<string, () => number> = {
    ArrowDown: () => active + 1,
    ArrowUp: () => (active < 0 ? 0 : active - 1),
    PageDown: () => active + page,
    PageUp: () => active - page,
    Home: () => 0,
    End: () => result.items.length - 1,
  };
  const move = moves[e.key];
  if (move) {
    e.preventDefault();
    setActive(move());
  } else if ((e.key === 'Enter' || e.key === ' ') && active >= 0) {
    e.preventDefault();
    activate(active, e.key === ' ');
  } else if (e.key === 'Escape' && claimsFor) {
    hideClaims();
  }
});
grid.addEventListener('focus', () => {
  if (active < 0 && result.items.length) setActive(Math.ceil(viewport.scrollTop / ROW_HEIGHT));
});
$('claims-close').addEventListener('click', hideClaims);
claimsPane.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') hideClaims();
});

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: string } | null;
  if (!m) return;
  if (m.type === 'view') {
    const { view, error } = m as unknown as { view: CompactView; error?: string };
    const previous = activeKey();
    table = new PreviewTable(view);
    updateScopes();
    errorText.hidden = !error;
    errorText.textContent = error ?? '';
    requery(previous, false);
    if (claimsFor) showClaims(claimsFor); // the view changed: so may the claims
  } else if (m.type === 'claims') {
    const { seq, result: answer, error } = m as unknown as { seq: number; result?: ResolvedClaimsResult; error?: string };
    if (seq === claimsSeq) renderClaims(answer, error);
  }
});

requery();
vscode.postMessage({ type: 'ready' });
