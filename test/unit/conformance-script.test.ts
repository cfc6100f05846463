// scripts/conformance.mjs without the shared cases: a visible skip on a workstation, a failure in CI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const script = path.resolve(__dirname, '..', '..', 'scripts', 'conformance.mjs');

function run(env: Record<string, string>) {
  const { CI: _ci, ...rest } = process.env;
  return spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...rest, MESH_LENS_CONFORMANCE: path.join(__dirname, 'no-such-runner'), ...env } });
}

describe('conformance script without the cases', () => {
  it('says SKIPPED and passes outside CI', () => {
    const r = run({});
    assert.equal(r.status, 0);
    assert.match(r.stderr, /conformance: SKIPPED: .*no-such-runner not found/);
  });

  it('fails under CI=true', () => {
    const r = run({ CI: 'true' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /SKIPPED/);
    assert.match(r.stderr, /CI=true: a missing conformance folder is a failure/);
  });
});
