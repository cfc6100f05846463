// The CLI never crashes: random workspaces written to a temporary folder (bytes as generated: CRLF,
// BOM, NUL, binary), through `check` and `resolve` in every format. Exit 0 or 1, valid JSON and
// SARIF, the same diagnostics as the engine in-process. Few runs: each one spawns processes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonView } from '../../server/src/report/resolvedView';
import { fcOptions, hangGuard, runCli, scopedView, workspace } from '../helpers/arbitraries';

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
        if (format === 'sarif') assert.equal((JSON.parse(check.stdout) as { runs: { results: unknown[] }[] }).runs[0].results.length, expected.diagnostics.length);

        const resolve = runCli(['resolve', dir, '--format', 'json']);
        assert.equal(resolve.status, 0, resolve.stderr);
        const view = JSON.parse(resolve.stdout) as JsonView;
        assert.deepEqual(view.meshes, expected.meshes);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      fcOptions(6, { seedOffset: 50 }),
    );
  });
});
