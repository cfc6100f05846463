// The engine never throws, whatever the input, and what it reports is well-formed: every range
// lies inside its file, JSON and SARIF serialise and parse back.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { DEFAULT_SETTINGS, readCpConfig } from '../../server/src/engine/settings';
import { LineIndex, Range } from '../../server/src/engine/yaml/lineIndex';
import { toSarif } from '../../server/src/report/sarif';
import { JsonDiagnostic } from '../../server/src/report/resolvedView';
import { formatDiagnosticsText, formatTable } from '../../server/src/report/text';
import { assertNoPollution, fcOptions, fileText, hangGuard, mutatedResource, stableView, toYaml, workspace, WorkspaceFile } from '../helpers/arbitraries';

function assertRangeInside(range: Range, lines: LineIndex, what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: non-integer position ${JSON.stringify(p)}`);
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside 0..${lines.lineCount - 1}`);
    const start = lines.offsetAt({ line: p.line, character: 0 });
    const next = p.line + 1 < lines.lineCount ? lines.offsetAt({ line: p.line + 1, character: 0 }) : lines.text.length;
    // The line's own characters, without its terminator (\n, \r\n or \r).
    const end = next - (lines.text.slice(Math.max(start, next - 2), next) === '\r\n' ? 2 : next > start && /[\r\n]/.test(lines.text[next - 1]!) ? 1 : 0);
    assert.ok(p.character >= 0 && start + p.character <= end, `${what}: character ${p.character} outside line ${p.line} (length ${end - start})`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ends before it starts`);
}

/** Everything the CLI and the server do with a result, in-process. */
export function checkWorkspace(files: readonly WorkspaceFile[]): void {
  const analyses = files.map((f) => analyzeFile(f.path, f.text));
  const result = resolveWorkspace(analyses, { settings: DEFAULT_SETTINGS });
  const view = stableView(result);
  const lines = new Map(files.map((f) => [f.path, new LineIndex(f.text)]));
  const check = (d: Pick<JsonDiagnostic, 'file' | 'range'>, what: string) => {
    const l = lines.get(d.file);
    assert.ok(l, `${what}: diagnostic on a file that is not in the workspace: ${d.file}`);
    assertRangeInside(d.range, l, `${what} in ${d.file}`);
  };
  for (const d of view.diagnostics) {
    check(d, `${d.code} "${d.message}"`);
    for (const r of d.related ?? []) check(r, `related of ${d.code}`);
    assert.ok(d.message.length > 0);
  }
  for (const e of result.diagnostics) {
    const text = files.find((f) => f.path === e.file)!.text;
    assert.ok(e.span[0] >= 0 && e.span[0] <= e.span[1] && e.span[1] <= text.length, `${e.code}: span ${e.span} outside 0..${text.length}`);
  }
  const json = JSON.stringify(view);
  assert.deepEqual(JSON.parse(json), view);
  const sarif = JSON.parse(JSON.stringify(toSarif(view.diagnostics, '0.0.0'))) as {
    version: string;
    runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, view.diagnostics.length);
  for (const r of sarif.runs[0]!.results) {
    assert.ok(r.ruleId);
    const region = r.locations[0]!.physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
  formatTable(view);
  formatDiagnosticsText(view.diagnostics);
  assertNoPollution();
}

describe('engine properties: never throws, reports well-formed ranges', () => {
  it('CRLF files: ranges end before the \\r, also when cut at their first line or when a YAML error points at the \\n', () => {
    const vo =
      'type: VirtualOutbound\r\nmesh: default\r\nname: vo\r\nselectors:\r\n  - match:\r\n      kuma.io/service: "*"\r\nconf:\r\n  host: "{{.svc}}.mesh"\r\n  port: "80"\r\n  other:\r\n    - name: svc\r\n';
    checkWorkspace([{ path: 'vo.yaml', text: vo }]);
    const cut = resolveWorkspace([analyzeFile('vo.yaml', vo)]).diagnostics.find((d) => d.code === 'kuma-validation')!;
    assert.equal(vo.slice(cut.span[0], cut.span[1]), 'conf:');
    const lines = new LineIndex('ab\r\ncd\r\n');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    let deep = 'type: Mesh\r\nname: m\r\nmtls:\r\n';
    for (let i = 1; i < 40; i++) deep += ' '.repeat(i * 2) + '- k:\r\n';
    checkWorkspace([{ path: 'deep.yaml', text: deep + '  - k:\r\n      x\r\n    - y\r\n' }]);
  });

  it('random workspaces (valid, mutated, CRLF, tabs, BOM, NUL, cut, binary)', { timeout: hangGuard(120_000) }, () => {
    fc.assert(
      fc.property(workspace, (files) => checkWorkspace(files)),
      fcOptions(100),
    );
  });

  it('mutated resources in a workspace with a good file', { timeout: hangGuard(120_000) }, () => {
    fc.assert(
      fc.property(fc.array(mutatedResource, { minLength: 1, maxLength: 4 }), (rs) =>
        checkWorkspace([
          { path: 'bad.yaml', text: rs.map(toYaml).join('---\n') },
          { path: 'good.yaml', text: 'type: Mesh\nname: default\n' },
        ]),
      ),
      fcOptions(100, { seedOffset: 1 }),
    );
  });

  it('the control-plane config reader never throws', { timeout: hangGuard(60_000) }, () => {
    fc.assert(
      fc.property(fc.oneof(fileText, fc.string({ maxLength: 200 }), fc.constantFrom('dnsServer:\n  CIDR: 240.0.0.0/4\n  domain: mesh\n  serviceVipPort: 80\n', 'a: &a [1]\nb: [*a, *a]\n')), (text) => {
        const r = readCpConfig(text);
        assert.ok(Array.isArray(r.problems) && r.settings);
      }),
      fcOptions(100, { seedOffset: 3 }),
    );
  });

  it('random text in one file', { timeout: hangGuard(60_000) }, () => {
    fc.assert(
      fc.property(fc.oneof(fileText, fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (text) => checkWorkspace([{ path: 'x.yaml', text }])),
      fcOptions(200, { seedOffset: 2 }),
    );
  });
});
