// The built CLI in a pipeline: a reader that stops early (`mesh-lens check | head`) ends the
// process quietly with status 0, in every format; a reader that reads it all gets it all.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const COUNT = 1500;

let ws: string;
before(() => {
  assert.ok(fs.existsSync(cli), 'build first: npm run build');
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-pipe-'));
  // Each VirtualOutbound has a port Kuma rejects (one error each, kuma-validation); each dataplane is a service of its own (one entry each).
  const vos = Array.from(
    { length: COUNT },
    (_, i) =>
      `type: VirtualOutbound\nmesh: default\nname: vo-${i}\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80000"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n`,
  );
  const dps = Array.from(
    { length: COUNT },
    (_, i) => `type: Dataplane\nmesh: default\nname: dp-${i}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: svc-${i}\n`,
  );
  fs.writeFileSync(path.join(ws, 'vos.yaml'), vos.join('---\n'));
  fs.writeFileSync(path.join(ws, 'dps.yaml'), dps.join('---\n'));
});
after(() => fs.rmSync(ws, { recursive: true, force: true }));

const FORMATS = [
  ['check', '--format', 'text'],
  ['check', '--format', 'json'],
  ['check', '--format', 'sarif'],
  ['resolve', '--format', 'table'],
  ['resolve', '--format', 'json'],
];

describe('mesh-lens in a pipeline', () => {
  for (const args of FORMATS) {
    it(`${args.join(' ')} | head: status 0, nothing on stderr`, () => {
      // `head -c 1000` exits after the first kilobyte; the output is far larger than a pipe holds.
      const script = `"$NODE" "$CLI" ${args.join(' ')} . 2>"$ERR" | head -c 1000 >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const err = path.join(ws, 'stderr.txt');
      const r = spawnSync('bash', ['-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI: cli, ERR: err } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(fs.readFileSync(err, 'utf8'), '');
      assert.equal(r.stdout.trim(), '0');
    });
  }

  // Written in pieces of 64 KB: what a reader gets in full is the whole report, the last piece included.
  for (const args of [FORMATS[0], FORMATS[4]]) {
    it(`${args!.join(' ')} read to the end: the whole report`, () => {
      const r = spawnSync(process.execPath, [cli, ...args!, '.'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30 });
      assert.equal(r.stderr, '');
      assert.equal(r.status, args![0] === 'check' ? 1 : 0);
      assert.ok(r.stdout.length > 128 * 1024, `${r.stdout.length} bytes: more than a pipe holds`);
      assert.ok(r.stdout.endsWith('\n'));
      if (args![2] === 'json') {
        const parsed = JSON.parse(r.stdout);
        assert.equal(parsed.diagnostics.filter((d: { code: string }) => d.code === 'kuma-validation').length, COUNT);
        assert.equal(parsed.meshes[0].entries.filter((e: { type: string }) => e.type === 'service').length, COUNT);
      } else {
        const lines = r.stdout.split('\n');
        assert.equal(lines.filter((l) => / error \[kuma-validation\] /.test(l)).length, COUNT);
        assert.equal(lines.at(-2), `${COUNT} error(s), 0 warning(s), 0 note(s)`);
      }
    });
  }
});
