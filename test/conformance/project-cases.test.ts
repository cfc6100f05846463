// The project's own conformance cases (test/conformance/cases/*): workspaces with expected.json in
// the shared conformance format, run through the built CLI (`resolve --format json`). Beyond that
// format, an expected entry may give `dnsNames` and `listeners`, and a diagnostic its `code`.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const casesDir = path.join(__dirname, 'cases');

interface WantEntry {
  type: string;
  name: string;
  vip: string | null;
  outbounds: { port: number; tags: Record<string, string>; origin: string }[];
  dnsNames?: string[];
  listeners?: string[];
}
interface WantDiagnostic {
  file: string;
  severity: string | string[];
  code?: string;
  includes?: string[];
  lineOf?: string;
}
interface Expected {
  description: string;
  args?: string[];
  meshes?: Record<string, WantEntry[]>;
  diagnostics?: WantDiagnostic[];
  noOtherErrors?: boolean;
  quietIn?: string[];
}
interface GotDiagnostic {
  file: string;
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number } };
}

const sortedTags = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function comparable(e: WantEntry, extra: { dnsNames: boolean; listeners: boolean }): unknown {
  return {
    type: e.type,
    name: e.name,
    vip: e.vip,
    outbounds: e.outbounds.map((o) => ({ port: o.port, tags: sortedTags(o.tags), origin: o.origin })),
    ...(extra.dnsNames ? { dnsNames: e.dnsNames } : {}),
    ...(extra.listeners ? { listeners: e.listeners } : {}),
  };
}

before(() => assert.ok(fs.existsSync(cli), 'build first: npm run build'));

describe('project conformance cases', () => {
  for (const name of fs.readdirSync(casesDir).sort()) {
    const dir = path.join(casesDir, name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.description}`, () => {
      const r = spawnSync(process.execPath, [cli, 'resolve', '--format', 'json', ...(expected.args ?? []), '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { meshes: { name: string; entries: WantEntry[] }[]; diagnostics: GotDiagnostic[] };
      for (const [mesh, want] of Object.entries(expected.meshes ?? {})) {
        const got = out.meshes.find((m) => m.name === mesh);
        assert.ok(got, `mesh ${mesh} in the output`);
        // Kuma's order is part of the contract: compare the lists as they are.
        assert.deepEqual(
          got.entries.map((e, i) => comparable(e, { dnsNames: want[i]?.dnsNames !== undefined, listeners: want[i]?.listeners !== undefined })),
          want.map((e) => comparable(e, { dnsNames: e.dnsNames !== undefined, listeners: e.listeners !== undefined })),
          `entries of mesh ${mesh}`,
        );
      }
      const used = new Set<number>();
      for (const w of expected.diagnostics ?? []) {
        const severities = Array.isArray(w.severity) ? w.severity : [w.severity];
        const lines = fs.readFileSync(path.join(dir, w.file), 'utf8').split('\n');
        const line = w.lineOf === undefined ? undefined : lines.findIndex((l) => l.includes(w.lineOf!));
        assert.ok(line === undefined || line >= 0, `lineOf ${w.lineOf} is in ${w.file}`);
        const i = out.diagnostics.findIndex(
          (d, k) =>
            !used.has(k) &&
            d.file === w.file &&
            severities.includes(d.severity) &&
            (w.code === undefined || d.code === w.code) &&
            (w.includes ?? []).every((s) => d.message.includes(s)) &&
            (line === undefined || d.range.start.line === line),
        );
        assert.ok(
          i >= 0,
          `a ${severities.join('|')} ${w.code ?? ''} diagnostic in ${w.file}${w.lineOf ? ` on the line of '${w.lineOf}'` : ''} containing ${JSON.stringify(w.includes ?? [])}; got:\n${out.diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.severity} ${d.code} ${d.message}`).join('\n')}`,
        );
        used.add(i);
      }
      if (expected.noOtherErrors) {
        const others = out.diagnostics.filter((d, k) => d.severity === 'error' && !used.has(k));
        assert.deepEqual(
          others.map((d) => d.message),
          [],
          'no other errors',
        );
      }
      for (const f of expected.quietIn ?? []) {
        const loud = out.diagnostics.filter((d) => d.file === f && (d.severity === 'error' || d.severity === 'warning'));
        assert.deepEqual(
          loud.map((d) => d.message),
          [],
          `${f} is quiet`,
        );
      }
    });
  }
});
