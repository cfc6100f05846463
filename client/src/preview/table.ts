// The preview's table model, pure (no DOM, no vscode): it runs in the webview and in node tests
// and benchmarks. Built once per view from the server's compact rows; a query (filter text, sort
// column and direction, conflicts only, grouping) then costs one pass over the rows: the sort order
// of each column is computed once and cached, and a filter that extends the previous one only
// re-tests the rows that matched before.
import type { CompactView } from '../../../shared/src/protocol';

export const COLUMNS = ['mesh', 'hostname', 'type', 'vip', 'ports', 'origins', 'sources', 'claims'] as const;
export type Column = (typeof COLUMNS)[number];

export interface Query {
  /** Case-insensitive substring of any column. */
  readonly filter: string;
  readonly sortKey: Column;
  /** 1 ascending, -1 descending. */
  readonly sortDir: 1 | -1;
  /** Only hostnames with a dropped claim. */
  readonly conflictsOnly: boolean;
  /** Rows under one header per VirtualOutbound (per origin). */
  readonly groupBy: boolean;
  /** Groups (by id) whose rows are hidden. */
  readonly collapsed?: ReadonlySet<number>;
}

export interface GroupHeader {
  readonly group: number;
  /** Matching rows in the group (shown or collapsed). */
  readonly rows: number;
  readonly conflicts: number;
}

export interface QueryResult {
  /** What to display, top to bottom: a row index (>= 0), or a group header as `-(group + 1)`. */
  readonly items: Int32Array;
  /** Rows that pass the filter and the toggle. */
  readonly matched: number;
  /** Headers by group id, when grouped. */
  readonly headers: ReadonlyMap<number, GroupHeader>;
}

/** Digit runs padded to one width, so that plain string order is natural order (svc-2 < svc-10). */
const RECENT_FILTERS = 16;

export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (d) => (d.length >= 12 ? d : '000000000000'.slice(d.length) + d));
}

export class PreviewTable {
  readonly size: number;
  readonly strings: readonly string[];
  private readonly view: CompactView;
  /** Lower-case text of all columns, separated by a character nobody types. */
  private readonly haystacks: string[];
  private readonly sortOrders = new Map<Column, Int32Array>();
  private lastFilter: string | undefined;
  /** Matches of the last few filters, least recently used first. */
  private readonly recent = new Map<string, Int32Array>();
  private readonly scratch: Int32Array;
  private readonly mask: Uint8Array;
  private readonly conflictFlags: Uint8Array;
  private readonly groupIds: Int32Array;
  /** Per string index: its rank in label order (for the group headers). */
  private readonly groupRank: Int32Array;
  readonly conflicts: number;
  readonly meshes: number;

  constructor(view: CompactView) {
    this.view = view;
    this.strings = view.strings;
    this.size = view.rows.length;
    this.mask = new Uint8Array(this.size);
    this.scratch = new Int32Array(this.size);
    this.conflictFlags = new Uint8Array(this.size);
    this.groupIds = new Int32Array(this.size);
    this.haystacks = new Array<string>(this.size);
    const lowered = view.strings.map((s) => s.toLowerCase());
    let conflicts = 0;
    const meshes = new Set<number>();
    for (let i = 0; i < this.size; i++) {
      const r = view.rows[i];
      // join() gives a flat string; a concatenation would be flattened by the first search instead.
      const parts = [lowered[r[0]], r[2].toLowerCase(), lowered[r[1]], r[3], lowered[r[4]], lowered[r[5]], lowered[r[6]]];
      if (r[9] !== undefined) parts.push(lowered[r[9]]);
      this.haystacks[i] = parts.join('\u0001');
      if (r[8] > 0) {
        conflicts++;
        this.conflictFlags[i] = 1;
      }
      this.groupIds[i] = r[5];
      meshes.add(r[0]);
    }
    this.groupRank = new Int32Array(view.strings.length);
    const groups = [...new Set(this.groupIds)].sort((a, b) => (view.strings[a] < view.strings[b] ? -1 : view.strings[a] > view.strings[b] ? 1 : 0));
    groups.forEach((g, rank) => (this.groupRank[g] = rank));
    this.conflicts = conflicts;
    this.meshes = meshes.size;
  }

  mesh(row: number): string {
    return this.strings[this.view.rows[row][0]];
  }
  type(row: number): string {
    return this.strings[this.view.rows[row][1]];
  }
  hostname(row: number): string {
    return this.view.rows[row][2];
  }
  vip(row: number): string {
    return this.view.rows[row][3];
  }
  ports(row: number): string {
    return this.strings[this.view.rows[row][4]];
  }
  origins(row: number): string {
    return this.strings[this.view.rows[row][5]];
  }
  sources(row: number): string {
    return this.strings[this.view.rows[row][6]];
  }
  claims(row: number): number {
    return this.view.rows[row][7];
  }
  dropped(row: number): number {
    return this.view.rows[row][8];
  }
  conflict(row: number): boolean {
    return this.view.rows[row][8] > 0;
  }
  scope(row: number): string | undefined {
    const s = this.view.rows[row][9];
    return s === undefined ? undefined : this.strings[s];
  }
  /** The group of a row: its origins (one VirtualOutbound, a service, an external service...). */
  group(row: number): number {
    return this.view.rows[row][5];
  }
  groupLabel(group: number): string {
    return this.strings[group];
  }

  /** The text a column shows for a row. */
  text(row: number, column: Column): string {
    switch (column) {
      case 'mesh': return this.mesh(row);
      case 'hostname': return this.hostname(row);
      case 'type': return this.type(row);
      case 'vip': return this.vip(row);
      case 'ports': return this.ports(row);
      case 'origins': return this.origins(row);
      case 'sources': return this.sources(row);
      case 'claims': {
        const d = this.dropped(row);
        return d > 0 ? `${this.claims(row)} · ${d} dropped` : String(this.claims(row));
      }
    }
  }

  /** Row indexes in ascending order of a column (ties in row order); computed once per column. */
  sortOrder(column: Column): Int32Array {
    let order = this.sortOrders.get(column);
    if (order) return order;
    const n = this.size;
    const idx = new Array<number>(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    if (column === 'claims') {
      // most dropped first, then most claims
      const rows = this.view.rows;
      idx.sort((a, b) => rows[b][8] - rows[a][8] || rows[b][7] - rows[a][7] || a - b);
    } else {
      const keys = new Array<string>(n);
      const cache = new Map<string, string>();
      for (let i = 0; i < n; i++) {
        const t = this.text(i, column);
        let k = cache.get(t);
        if (k === undefined) {
          k = naturalKey(t);
          if (column !== 'hostname' && column !== 'vip') cache.set(t, k);
        }
        keys[i] = k;
      }
      idx.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    }
    order = Int32Array.from(idx);
    this.sortOrders.set(column, order);
    return order;
  }

  /** The rows that contain `filter`, in row order (the last few filters are kept, for deletions). */
  private filterRows(filter: string): Int32Array {
    const f = filter.toLowerCase();
    const known = this.recent.get(f);
    if (known) {
      // most recent last
      this.recent.delete(f);
      this.recent.set(f, known);
      this.lastFilter = f;
      return known;
    }
    let out: Int32Array;
    if (f === '') {
      out = new Int32Array(this.size);
      for (let i = 0; i < this.size; i++) out[i] = i;
    } else {
      // A filter containing the previous one can only match rows that matched before.
      const previous = this.lastFilter !== undefined && f.includes(this.lastFilter) ? this.recent.get(this.lastFilter) : undefined;
      const scratch = this.scratch;
      const hay = this.haystacks;
      let m = 0;
      if (previous) {
        for (let j = 0; j < previous.length; j++) {
          const i = previous[j];
          if (hay[i].includes(f)) scratch[m++] = i;
        }
      } else {
        for (let i = 0; i < hay.length; i++) if (hay[i].includes(f)) scratch[m++] = i;
      }
      out = scratch.slice(0, m);
    }
    this.lastFilter = f;
    this.recent.set(f, out);
    if (this.recent.size > RECENT_FILTERS) this.recent.delete(this.recent.keys().next().value!);
    return out;
  }

  query(q: Query): QueryResult {
    const matches = this.filterRows(q.filter);
    const mask = this.mask;
    if (matches.length === this.size) mask.fill(1);
    else {
      mask.fill(0);
      for (let j = 0; j < matches.length; j++) mask[matches[j]] = 1;
    }
    const order = this.sortOrder(q.sortKey);
    const conflict = this.conflictFlags;
    const n = order.length;
    const sorted = new Int32Array(matches.length);
    let m = 0;
    if (q.sortDir === 1) {
      for (let k = 0; k < n; k++) {
        const i = order[k];
        if (mask[i] && (!q.conflictsOnly || conflict[i])) sorted[m++] = i;
      }
    } else {
      for (let k = n - 1; k >= 0; k--) {
        const i = order[k];
        if (mask[i] && (!q.conflictsOnly || conflict[i])) sorted[m++] = i;
      }
    }
    const matched = sorted.subarray(0, m);
    if (!q.groupBy) return { items: matched, matched: m, headers: new Map() };
    return this.grouped(matched, q.collapsed);
  }

  /** Groups in label order, each a header and its rows (in the sorted order) unless collapsed. */
  private grouped(sorted: Int32Array, collapsed: ReadonlySet<number> | undefined): QueryResult {
    const groupOf = this.groupIds;
    const conflict = this.conflictFlags;
    // Per group id (an index into `strings`): matching rows, conflicts, then the next output slot.
    const counts = new Int32Array(this.strings.length);
    const conflicts = new Int32Array(this.strings.length);
    const present: number[] = [];
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k];
      const g = groupOf[i];
      if (counts[g]++ === 0) present.push(g);
      if (conflict[i]) conflicts[g]++;
    }
    present.sort((a, b) => this.groupRank[a] - this.groupRank[b]);
    const next = new Int32Array(this.strings.length);
    const headers = new Map<number, GroupHeader>();
    let size = 0;
    for (const g of present) {
      headers.set(g, { group: g, rows: counts[g], conflicts: conflicts[g] });
      next[g] = size + 1;
      size += 1 + (collapsed?.has(g) ? 0 : counts[g]);
    }
    const items = new Int32Array(size);
    for (const g of present) items[next[g] - 1] = -(g + 1);
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k];
      const g = groupOf[i];
      if (collapsed?.has(g)) continue;
      items[next[g]++] = i;
    }
    return { items, matched: sorted.length, headers };
  }
}
