// The preview's table model: filtering, natural sorting, the conflicts-only toggle, grouping by
// origin, and (property) that the cached, incremental queries equal a plain filter-then-sort.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CompactRow, CompactView } from '../../shared/src/protocol';
import { COLUMNS, Column, naturalKey, PreviewTable, Query } from '../../client/src/preview/table';

interface Row {
  mesh: string;
  type: string;
  hostname: string;
  vip: string;
  ports: string;
  origins: string;
  sources: string;
  claims: number;
  dropped: number;
}

function compact(rows: Row[]): CompactView {
  const strings: string[] = [];
  const s = (t: string) => (strings.includes(t) ? strings.indexOf(t) : strings.push(t) - 1);
  return { strings, rows: rows.map((r): CompactRow => [s(r.mesh), s(r.type), r.hostname, r.vip, s(r.ports), s(r.origins), s(r.sources), r.claims, r.dropped]) };
}

const row = (hostname: string, more: Partial<Row> = {}): Row => ({
  mesh: 'default',
  type: 'fqdn',
  hostname,
  vip: '',
  ports: '80',
  origins: 'virtual-outbound:a',
  sources: 'dp-1',
  claims: 1,
  dropped: 0,
  ...more,
});

const q = (more: Partial<Query> = {}): Query => ({ filter: '', sortKey: 'hostname', sortDir: 1, conflictsOnly: false, groupBy: false, ...more });

function hostnames(t: PreviewTable, items: Int32Array): string[] {
  return [...items].map((i) => (i >= 0 ? t.hostname(i) : `# ${t.groupLabel(-i - 1)}`));
}

describe('preview table', () => {
  it('orders digit runs by value', () => {
    const sorted = ['svc-10', 'svc-2', 'SVC-1', 'svc-2a', 'a'].sort((x, y) => (naturalKey(x) < naturalKey(y) ? -1 : 1));
    assert.deepEqual(sorted, ['a', 'SVC-1', 'svc-2', 'svc-2a', 'svc-10']);
    const vips = ['240.0.0.10', '240.0.1.2', '240.0.0.9', ''].sort((x, y) => (naturalKey(x) < naturalKey(y) ? -1 : 1));
    assert.deepEqual(vips, ['', '240.0.0.9', '240.0.0.10', '240.0.1.2']);
  });

  it('filters any column, ignoring case, and sorts both ways', () => {
    const t = new PreviewTable(
      compact([
        row('web-10.mesh', { vip: '240.0.0.3' }),
        row('web-9.mesh', { vip: '240.0.0.12' }),
        row('db.mesh', { sources: 'Web-Tier-1', vip: '240.0.0.1' }),
        row('cache.mesh', { vip: '240.0.0.2' }),
      ]),
    );
    assert.deepEqual(hostnames(t, t.query(q({ filter: 'WEB' })).items), ['db.mesh', 'web-9.mesh', 'web-10.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ filter: 'web', sortDir: -1 })).items), ['web-10.mesh', 'web-9.mesh', 'db.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ sortKey: 'vip' })).items), ['db.mesh', 'cache.mesh', 'web-10.mesh', 'web-9.mesh']);
    // IPv6 VIPs: sorted as text with digit runs by value
    const v6 = new PreviewTable(compact([row('b.mesh', { vip: 'fd00::10' }), row('a.mesh', { vip: 'fd00::9' }), row('c.mesh', { vip: '' })]));
    assert.deepEqual(hostnames(v6, v6.query(q({ sortKey: 'vip' })).items), ['c.mesh', 'a.mesh', 'b.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ filter: 'nothing' })).items), []);
    assert.equal(t.query(q({ filter: '' })).matched, 4);
  });

  it('shows only hostnames with dropped claims when asked, the most dropped first by claims', () => {
    const t = new PreviewTable(compact([row('a.mesh'), row('b.mesh', { claims: 3, dropped: 1 }), row('c.mesh', { claims: 5, dropped: 4 })]));
    assert.equal(t.conflicts, 2);
    assert.deepEqual(hostnames(t, t.query(q({ conflictsOnly: true })).items), ['b.mesh', 'c.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ sortKey: 'claims' })).items), ['c.mesh', 'b.mesh', 'a.mesh']);
    assert.equal(t.text(2, 'claims'), '5 · 4 dropped');
    assert.equal(t.text(0, 'claims'), '1');
  });

  it('groups rows under one header per origin, in label order, and collapses a group', () => {
    const t = new PreviewTable(
      compact([
        row('x-2.mesh', { origins: 'virtual-outbound:zeta' }),
        row('x-1.mesh', { origins: 'virtual-outbound:alpha', dropped: 1, claims: 2 }),
        row('y.mesh', { origins: 'virtual-outbound:zeta' }),
        row('x-3.mesh', { origins: 'virtual-outbound:alpha' }),
      ]),
    );
    const r = t.query(q({ groupBy: true }));
    assert.deepEqual(hostnames(t, r.items), ['# virtual-outbound:alpha', 'x-1.mesh', 'x-3.mesh', '# virtual-outbound:zeta', 'x-2.mesh', 'y.mesh']);
    const alpha = -r.items[0]! - 1;
    assert.deepEqual(r.headers.get(alpha), { group: alpha, rows: 2, conflicts: 1 });
    const collapsed = t.query(q({ groupBy: true, collapsed: new Set([alpha]), filter: 'x-' }));
    assert.deepEqual(hostnames(t, collapsed.items), ['# virtual-outbound:alpha', '# virtual-outbound:zeta', 'x-2.mesh']);
    assert.equal(collapsed.matched, 3);
  });

  it('keeps the scope of a row when the server sends one, and filters by it', () => {
    const view = compact([row('a.mesh'), row('b.mesh')]);
    view.strings.push('zone-1');
    view.rows[1]!.push(view.strings.length - 1);
    const t = new PreviewTable(view);
    assert.equal(t.scope(0), undefined);
    assert.equal(t.scope(1), 'zone-1');
    assert.deepEqual(hostnames(t, t.query(q({ filter: 'ZONE-1' })).items), ['b.mesh']);
  });

  it('lists the scopes of the rows and shows one scope at a time, also with a filter and grouping', () => {
    const view = compact([row('a.mesh'), row('b.mesh', { dropped: 1, claims: 2 }), row('a.mesh'), row('c.mesh', { origins: 'service' })]);
    const scope = (name: string) => (view.strings.includes(name) ? view.strings.indexOf(name) : view.strings.push(name) - 1);
    // The same hostname in two scopes (control planes): a row each.
    const scopes = ['prod', 'dev', 'dev', 'prod'];
    view.rows.forEach((r, i) => r.push(scope(scopes[i]!)));
    const t = new PreviewTable(view);
    assert.deepEqual(t.scopes, ['prod', 'dev']);
    assert.deepEqual(hostnames(t, t.query(q()).items), ['a.mesh', 'a.mesh', 'b.mesh', 'c.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ scope: 'dev' })).items), ['a.mesh', 'b.mesh']);
    assert.deepEqual(
      [...t.query(q({ scope: 'prod' })).items].map((i) => t.scope(i)),
      ['prod', 'prod'],
    );
    assert.equal(t.query(q({ scope: 'prod', filter: 'b.' })).matched, 0);
    assert.deepEqual(hostnames(t, t.query(q({ scope: 'dev', conflictsOnly: true })).items), ['b.mesh']);
    assert.deepEqual(hostnames(t, t.query(q({ scope: 'prod', groupBy: true })).items), ['# service', 'c.mesh', '# virtual-outbound:a', 'a.mesh']);
    assert.equal(t.query(q({ scope: 'staging' })).matched, 0, 'a scope no row has');
    assert.deepEqual(new PreviewTable(compact([row('a.mesh')])).scopes, [], 'one scope: no scope filter');
  });

  it('answers every query of a session like a plain filter-then-sort', () => {
    const word = fc.stringMatching(/^[a-c0-9.-]{0,5}$/);
    const rowArb = fc.record({
      mesh: fc.constantFrom('default', 'Other', 'other', 'mesh-10', 'mesh-9'),
      type: fc.constantFrom('service', 'fqdn'),
      hostname: word,
      vip: fc.constantFrom('', '240.0.0.1', '240.0.0.10', '240.0.0.2', '10.0.1.0', '9.255.255.255'),
      ports: fc.constantFrom('80', '8080, 80', '080', '443'),
      origins: fc.constantFrom('service', 'virtual-outbound:b', 'virtual-outbound:a'),
      sources: word,
      claims: fc.integer({ min: 1, max: 4 }),
      dropped: fc.integer({ min: 0, max: 2 }),
    });
    const queryArb = fc.record({
      filter: fc.stringMatching(/^[a-cA-C0-9.-]{0,3}$/),
      sortKey: fc.constantFrom<Column>(...COLUMNS),
      sortDir: fc.constantFrom<1 | -1>(1, -1),
      conflictsOnly: fc.boolean(),
      groupBy: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), fc.array(queryArb, { minLength: 1, maxLength: 12 }), (rows, queries) => {
        const t = new PreviewTable(compact(rows));
        for (const query of queries) {
          const got = [...t.query(query).items];
          assert.deepEqual(got, reference(rows, query, t), JSON.stringify(query));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Filter, then sort with the column's natural key (ties in row order), then group: no caches. */
function reference(rows: Row[], query: Query, t: PreviewTable): number[] {
  const f = query.filter.toLowerCase();
  const texts = (r: Row) => [r.mesh, r.hostname, r.type, r.vip, r.ports, r.origins, r.sources].map((x) => x.toLowerCase());
  const idx = rows.map((_, i) => i).filter((i) => texts(rows[i]!).some((x) => x.includes(f)) && (!query.conflictsOnly || rows[i]!.dropped > 0));
  const key = (i: number): string | number[] => (query.sortKey === 'claims' ? [-rows[i]!.dropped, -rows[i]!.claims] : naturalKey(t.text(i, query.sortKey)));
  const cmp = (a: number, b: number): number => {
    const x = key(a);
    const y = key(b);
    const c = Array.isArray(x) ? x[0]! - (y as number[])[0]! || x[1]! - (y as number[])[1]! : x < y ? -1 : x > y ? 1 : 0;
    return c || a - b;
  };
  idx.sort(cmp);
  if (query.sortDir === -1) idx.reverse();
  if (!query.groupBy) return idx;
  const labels = [...new Set(idx.map((i) => rows[i]!.origins))].sort();
  return labels.flatMap((label) => {
    const g = t.strings.indexOf(label);
    return [-(g + 1), ...idx.filter((i) => rows[i]!.origins === label)];
  });
}
