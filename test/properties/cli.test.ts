// The CLI never crashes: random workspaces written to a temporary folder (bytes as generated: CRLF,
// BOM, NUL, binary), through `check` and `resolve` in every format. Exit 0 or 1, valid JSON and
// SARIF, the same diagnostics as the engine in-process, and the same as the language server
// publishes over stdio for the same folder. Few runs: each one spawns processes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonDiagnostic, JsonView } from '../../server/src/report/resolvedView';
import { LspClient, LspDiagnostic } from '../helpers/lspClient';
import { fcOptions, hangGuard, runCli, scopedView, workspace, WorkspaceFile } from '../helpers/arbitraries';

let root: string;
let n = 0;

describe('CLI properties', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-cli-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('check and resolve end with 0 or 1 and print what the engine finds', { timeout: hangGuard(300_000) }, () => {
    fc.assert(
      fc.property(workspace, fc.constantFrom('json', 'sarif', 'text'), (files, format) => {
        const dir = path.join(root, `ws${n++}`);
        fs.mkdirSync(dir);
        for (const f of files) {
          fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
          fs.writeFileSync(path.join(dir, f.path), f.text);
        }
        // What a file holds after a round trip through UTF-8 on disk (lone surrogates become U+FFFD).
        const onDisk = files.map((f) => ({ path: f.path, text: fs.readFileSync(path.join(dir, f.path), 'utf8') }));
        const expected = scopedView(onDisk);

        const check = runCli(['check', dir, '--format', format]);
        assert.equal(check.signal, null, 'hang guard');
        assert.doesNotMatch(check.stderr, /internal error/, check.stderr);
        assert.equal(check.status, expected.diagnostics.some((d) => d.severity === 'error') ? 1 : 0, check.stderr);
        if (format === 'json') assert.deepEqual((JSON.parse(check.stdout) as { diagnostics: unknown }).diagnostics, expected.diagnostics);
        if (format === 'sarif') assert.equal((JSON.parse(check.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, expected.diagnostics.length);

        const resolve = runCli(['resolve', dir, '--format', 'json']);
        assert.equal(resolve.status, 0, resolve.stderr);
        const view = JSON.parse(resolve.stdout) as JsonView;
        assert.deepEqual(view.meshes, expected.meshes);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      fcOptions(10, { seedOffset: 50 }),
    );
  });

  it('check --format json and the language server report the same diagnostics', { timeout: hangGuard(300_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(workspace, async (files) => {
        const dir = writeWorkspace(files);
        const check = runCli(['check', dir, '--format', 'json'], { built: true });
        assert.doesNotMatch(check.stderr, /internal error/, check.stderr);
        const cli = (JSON.parse(check.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.map(fromCli).sort();

        const client = await LspClient.start(dir);
        try {
          await client.waitFor('first ready status', () => client.statuses.some((s) => s.state === 'ready'), 60_000);
          const base = client.rootUri + '/';
          const server: string[] = [];
          for (const [uri, list] of client.diagnostics) for (const d of list) server.push(fromServer(base, uri, d));
          assert.deepEqual(server.sort(), cli);
        } finally {
          await client.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fcOptions(5, { seedOffset: 60 }),
    );
  });
});

function writeWorkspace(files: readonly WorkspaceFile[]): string {
  const dir = path.join(root, `ws${n++}`);
  fs.mkdirSync(dir);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
  return dir;
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

type Range = JsonDiagnostic['range'];
const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** One diagnostic as a comparable line: file, range, severity, code, message, related locations. */
function fromCli(d: JsonDiagnostic): string {
  const related = (d.related ?? []).map((r) => `${r.file}@${at(r.range)} ${r.message}`);
  return JSON.stringify([d.file, at(d.range), SEVERITY[d.severity], d.code, d.message, related]);
}

function fromServer(base: string, uri: string, d: LspDiagnostic): string {
  const file = (u: string) => decodeURIComponent(u.slice(base.length));
  const related = (d.relatedInformation ?? []).map((r) => `${file(r.location.uri)}@${at(r.location.range)} ${r.message}`);
  return JSON.stringify([file(uri), at(d.range), d.severity, d.code, d.message, related]);
}
