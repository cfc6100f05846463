// The preview's table model, pure (no DOM, no vscode): it runs in the webview and in node tests
// and benchmarks. Built once per view from the server's compact rows; a query (filter text, sort
// column and direction, conflicts only, grouping) then costs one pass over the rows: the sort order
// of each column is computed once and cached, and a filter that extends the previous one only
// re-tests the rows that matched before.
import type { CompactRow, CompactView } from '../../../shared/src/protocol';

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
  /** Only the rows of this scope (control plane); all rows when absent. */
  readonly scope?: string;
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
/** Rows packed into a sort key beside a 32-bit address (2^21: a float keeps 53 bits exact). */
const ROW_LIMIT = 2 ** 21;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** The tuple field of each column whose text is interned. */
const COLUMN_FIELD = { mesh: 0, type: 1, ports: 4, origins: 5, sources: 6 } as const;

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
  /** Per row, its group: the rank of its origins text among the groups' labels. */
  private readonly groupIds: Int32Array;
  /** Per group rank, the string id of its label. */
  private readonly groupLabels: Int32Array;
  readonly conflicts: number;
  readonly meshes: number;
  /** The scopes (control planes) of the rows, in the order the server sent them; empty when the workspace is one scope. */
  readonly scopes: readonly string[];

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
    const scopes = new Set<number>();
    for (let i = 0; i < this.size; i++) {
      const r = view.rows[i]!;
      // join() gives a flat string; a concatenation would be flattened by the first search instead.
      const parts = [lowered[r[0]]!, r[2].toLowerCase(), lowered[r[1]]!, r[3], lowered[r[4]]!, lowered[r[5]]!, lowered[r[6]]!];
      if (r[9] !== undefined) parts.push(lowered[r[9]]!);
      this.haystacks[i] = parts.join('\u0001');
      if (r[8] > 0) {
        conflicts++;
        this.conflictFlags[i] = 1;
      }
      meshes.add(r[0]);
      if (r[9] !== undefined) scopes.add(r[9]);
    }
    this.scopes = [...scopes].map((id) => this.str(id));
    const labels = [...new Set(view.rows.map((r) => r[5]))].sort((a, b) => (this.str(a) < this.str(b) ? -1 : this.str(a) > this.str(b) ? 1 : 0));
    this.groupLabels = Int32Array.from(labels);
    const rankOf = new Map(labels.map((id, rank) => [id, rank]));
    for (let i = 0; i < this.size; i++) this.groupIds[i] = rankOf.get(this.row(i)[5])!;
    this.conflicts = conflicts;
    this.meshes = meshes.size;
  }

  mesh(row: number): string {
    return this.str(this.row(row)[0]);
  }
  type(row: number): string {
    return this.str(this.row(row)[1]);
  }
  hostname(row: number): string {
    return this.row(row)[2];
  }
  vip(row: number): string {
    return this.row(row)[3];
  }
  ports(row: number): string {
    return this.str(this.row(row)[4]);
  }
  origins(row: number): string {
    return this.str(this.row(row)[5]);
  }
  sources(row: number): string {
    return this.str(this.row(row)[6]);
  }
  claims(row: number): number {
    return this.row(row)[7];
  }
  dropped(row: number): number {
    return this.row(row)[8];
  }
  conflict(row: number): boolean {
    return this.row(row)[8] > 0;
  }
  scope(row: number): string | undefined {
    const s = this.row(row)[9];
    return s === undefined ? undefined : this.str(s);
  }
  /** The group of a row: its origins (one VirtualOutbound, a service, an external service...). */
  group(row: number): number {
    return this.row(row)[5];
  }
  groupLabel(group: number): string {
    return this.str(group);
  }

  /** A row, by a row number below size. */
  private row(row: number): CompactRow {
    return this.view.rows[row]!;
  }
  /** An interned text: the server's encoder puts every id a row holds in the strings table. */
  private str(id: number): string {
    return this.strings[id]!;
  }

  /** The text a column shows for a row. */
  text(row: number, column: Column): string {
    switch (column) {
      case 'mesh':
        return this.mesh(row);
      case 'hostname':
        return this.hostname(row);
      case 'type':
        return this.type(row);
      case 'vip':
        return this.vip(row);
      case 'ports':
        return this.ports(row);
      case 'origins':
        return this.origins(row);
      case 'sources':
        return this.sources(row);
      case 'claims': {
        const d = this.dropped(row);
        return d > 0 ? `${this.claims(row)} · ${d} dropped` : String(this.claims(row));
      }
    }
  }

  /** Row indexes in ascending order of a column (ties in row order); computed once per column. */
  sortOrder(column: Column): Int32Array {
    let order = this.sortOrders.get(column);
    if (!order) {
      order = column === 'claims' ? this.byClaims() : column === 'hostname' ? this.byText(column) : column === 'vip' ? (this.byIPv4() ?? this.byText(column)) : this.byInterned(COLUMN_FIELD[column]);
      this.sortOrders.set(column, order);
    }
    return order;
  }

  /** Most dropped first, then most claims. */
  private byClaims(): Int32Array {
    const rows = this.view.rows;
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => rows[b]![8] - rows[a]![8] || rows[b]![7] - rows[a]![7] || a - b);
    return Int32Array.from(idx);
  }

  private byText(column: Column): Int32Array {
    const keys = new Array<string>(this.size);
    for (let i = 0; i < this.size; i++) keys[i] = naturalKey(this.text(i, column));
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    return Int32Array.from(idx);
  }

  /** VIPs as numbers ('' first), when they are all IPv4: one native sort of packed keys. */
  private byIPv4(): Int32Array | undefined {
    if (this.size >= ROW_LIMIT) return undefined;
    const keys = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const vip = this.row(i)[3];
      let n = 0;
      if (vip !== '') {
        const m = IPV4.exec(vip);
        if (!m) return undefined;
        const [a, b, c, d] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!];
        if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
        n = ((a * 256 + b) * 256 + c) * 256 + d + 1;
      }
      keys[i] = n * ROW_LIMIT + i;
    }
    keys.sort();
    const order = new Int32Array(this.size);
    for (let k = 0; k < this.size; k++) order[k] = keys[k]! % ROW_LIMIT;
    return order;
  }

  /** A column of interned texts: rank the distinct texts, then a counting sort of the rows (stable). */
  private byInterned(field: 0 | 1 | 4 | 5 | 6): Int32Array {
    const rows = this.view.rows;
    const keys: string[] = new Array(this.strings.length);
    const used: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const id = rows[i]![field];
      if (keys[id] === undefined) {
        keys[id] = naturalKey(this.str(id));
        used.push(id);
      }
    }
    used.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    // Texts with equal keys share a rank, so their rows stay in row order.
    const rank = new Int32Array(this.strings.length);
    let r = -1;
    for (let k = 0; k < used.length; k++) rank[used[k]!] = k > 0 && keys[used[k]!] === keys[used[k - 1]!] ? r : ++r;
    const start = new Int32Array(r + 2);
    for (let i = 0; i < this.size; i++) start[rank[rows[i]![field]]! + 1]!++;
    for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
    const order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) order[start[rank[rows[i]![field]]!]!++] = i;
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
          const i = previous[j]!;
          if (hay[i]!.includes(f)) scratch[m++] = i;
        }
      } else {
        for (let i = 0; i < hay.length; i++) if (hay[i]!.includes(f)) scratch[m++] = i;
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
      for (let j = 0; j < matches.length; j++) mask[matches[j]!] = 1;
    }
    if (q.scope !== undefined) {
      // Rows of other scopes leave the mask; a scope no row has leaves nothing.
      const rows = this.view.rows;
      const id = this.scopes.includes(q.scope) ? this.strings.indexOf(q.scope) : -1;
      for (let i = 0; i < this.size; i++) if (rows[i]![9] !== id) mask[i] = 0;
    }
    const order = this.sortOrder(q.sortKey);
    const conflict = this.conflictFlags;
    const n = order.length;
    const sorted = new Int32Array(matches.length);
    let m = 0;
    if (q.sortDir === 1) {
      for (let k = 0; k < n; k++) {
        const i = order[k]!;
        if (mask[i] && (!q.conflictsOnly || conflict[i])) sorted[m++] = i;
      }
    } else {
      for (let k = n - 1; k >= 0; k--) {
        const i = order[k]!;
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
    const labels = this.groupLabels;
    const groups = labels.length;
    // Per group (in label order): matching rows and conflicts, then the next output slot.
    const counts = new Int32Array(groups);
    const conflicts = new Int32Array(groups);
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k]!;
      const g = groupOf[i]!;
      counts[g]!++;
      if (conflict[i]) conflicts[g]!++;
    }
    const next = new Int32Array(groups);
    const shut = new Uint8Array(groups);
    const headers = new Map<number, GroupHeader>();
    let size = 0;
    for (let g = 0; g < groups; g++) {
      if (counts[g] === 0) continue;
      const id = labels[g]!;
      const rows = counts[g]!;
      shut[g] = collapsed?.has(id) ? 1 : 0;
      headers.set(id, { group: id, rows, conflicts: conflicts[g]! });
      next[g] = size + 1;
      size += 1 + (shut[g] ? 0 : rows);
    }
    const items = new Int32Array(size);
    for (let g = 0; g < groups; g++) if (counts[g]! > 0) items[next[g]! - 1] = -(labels[g]! + 1);
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k]!;
      const g = groupOf[i]!;
      if (!shut[g]) items[next[g]!++] = i;
    }
    return { items, matched: sorted.length, headers };
  }
}
