// Hostile input through the CLI, from bytes on disk in a temporary folder: a 50 MB file, a million
// documents, invalid UTF-8, binary files named .yaml, symlink loops. Each run must end (the spawn
// timeout is a hang guard), print valid JSON, say what it skipped, and still resolve the good file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_FILE_BYTES } from '../../server/src/workspace/walk';
import { JsonView } from '../../server/src/report/resolvedView';
import { GOOD_FILE, runCli } from '../helpers/arbitraries';

let root: string;

/** A fresh folder holding good.yaml and the given files (Buffers are written as bytes). */
function workspace(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'good.yaml'), GOOD_FILE.text);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** `resolve --format json` on the folder: ends, prints JSON, resolves the good file. */
function resolveOk(dir: string, options: { maxOldSpaceMb?: number } = {}): { view: JsonView; stderr: string } {
  const r = runCli(['resolve', dir, '--format', 'json'], { timeout: 180_000, ...options });
  assert.equal(r.signal, null, `killed by ${r.signal} (hang guard) after ${r.ms} ms; stderr: ${r.stderr.slice(0, 500)}`);
  assert.equal(r.status, 0, `exit ${r.status}; stderr: ${r.stderr.slice(0, 1000)}`);
  assert.doesNotMatch(r.stderr, /internal error/);
  const view = JSON.parse(r.stdout) as JsonView;
  const names = view.meshes.flatMap((m) => m.entries.map((e) => e.name));
  assert.ok(names.includes('backend.east.mesh'), `good.yaml no longer resolves: ${names.join(', ')}`);
  assert.deepEqual(
    view.diagnostics.filter((d) => d.file === 'good.yaml'),
    [],
  );
  return { view, stderr: r.stderr };
}

/** `check --format json` and `--format sarif`: end with 0 or 1, print valid JSON. */
function checkOk(dir: string): { diagnostics: JsonView['diagnostics'] } {
  const r = runCli(['check', dir, '--format', 'json'], { timeout: 180_000 });
  assert.equal(r.signal, null, `killed by ${r.signal} (hang guard)`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}; stderr: ${r.stderr.slice(0, 1000)}`);
  const sarif = runCli(['check', dir, '--format', 'sarif'], { timeout: 180_000 });
  assert.equal((JSON.parse(sarif.stdout) as { version: string }).version, '2.1.0');
  return JSON.parse(r.stdout) as { diagnostics: JsonView['diagnostics'] };
}

describe('hostile input: the CLI', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-hostile-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a 50 MB file is skipped with a note', { timeout: 300_000 }, () => {
    const line = 'key: "' + 'x'.repeat(1000) + '"\n';
    const big = Buffer.from(('type: Mesh\nname: big\n' + line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))).slice(0, 50 * 1024 * 1024));
    assert.ok(big.length > MAX_FILE_BYTES);
    const dir = workspace('big', { 'big.yaml': big });
    const { view, stderr } = resolveOk(dir, { maxOldSpaceMb: 512 });
    assert.match(stderr, new RegExp(`skipped big\\.yaml: ${big.length} bytes is over the ${MAX_FILE_BYTES}-byte limit`));
    assert.deepEqual(
      view.diagnostics.filter((d) => d.file === 'big.yaml'),
      [],
    );
    assert.ok(!view.meshes.some((m) => m.name === 'big'));
  });

  it('a file of a million documents gets an analysis-limit warning', { timeout: 300_000 }, () => {
    const dir = workspace('million', { 'many.yaml': '---\n'.repeat(1_000_000) });
    const { view } = resolveOk(dir, { maxOldSpaceMb: 1024 });
    assert.deepEqual(
      view.diagnostics.filter((d) => d.file === 'many.yaml').map((d) => `${d.code} ${d.severity}`),
      ['analysis-limit warning'],
    );
  });

  it('invalid UTF-8 is read (as U+FFFD) and reported like any other text', { timeout: 120_000 }, () => {
    const bytes = Buffer.concat([
      Buffer.from('type: Dataplane\nmesh: default\nname: bad-'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from('\nnetworking:\n  address: 10.0.0.9\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: "'),
      Buffer.from([0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]),
      Buffer.from('"\n'),
    ]);
    const dir = workspace('utf8', { 'invalid.yaml': bytes, 'lone.yaml': Buffer.from([0x80, 0x81, 0xff, 0x0a, 0x3a, 0x0a]) });
    const { view } = resolveOk(dir);
    assert.ok(
      view.diagnostics.some((d) => d.file === 'invalid.yaml' && d.code === 'kuma-validation'),
      JSON.stringify(view.diagnostics),
    );
    checkOk(dir);
  });

  it('binary files named .yaml are left alone', { timeout: 120_000 }, () => {
    const bytes = Buffer.alloc(256 * 1024);
    let x = 7;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), bytes.subarray(0, 4096)]);
    const dir = workspace('binary', { 'random.yaml': bytes, 'image.yml': png, 'zeros.yaml': Buffer.alloc(100_000) });
    const { view } = resolveOk(dir);
    assert.deepEqual(
      view.diagnostics.filter((d) => d.file !== 'good.yaml'),
      [],
    );
    assert.deepEqual(checkOk(dir).diagnostics, []);
  });

  it('symlink loops and broken links in the folder walk end, with a note', { timeout: 120_000 }, () => {
    const dir = workspace('links', { 'sub/inner.yaml': 'type: Mesh\nname: inner\n' });
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    fs.symlinkSync('.', path.join(dir, 'sub', 'self'));
    fs.symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    fs.symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
    const { view, stderr } = resolveOk(dir);
    assert.match(stderr, /skipped loop-a\.yaml: cannot be read/);
    assert.match(stderr, /skipped dangling\.yaml: cannot be read/);
    assert.ok(view.meshes.some((m) => m.name === 'inner'));
    // Each file once, although it is reachable by several paths.
    assert.equal(view.meshes.filter((m) => m.name === 'inner').length, 1);
    assert.deepEqual(
      view.diagnostics.filter((d) => d.code === 'duplicate-resource'),
      [],
    );
  });

  it('an alias bomb in --cp-config is a usage error (exit 2), not a crash', { timeout: 120_000 }, () => {
    const lines = ['a0: &a0 [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 6; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    const dir = workspace('cp-bomb', { 'cp/kuma-cp.conf': lines.join('\n') + '\ndnsServer:\n  domain: mesh\n' });
    const r = runCli(['check', dir, '--cp-config', path.join(dir, 'cp', 'kuma-cp.conf')]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--cp-config .*: not valid YAML: Excessive alias count/);
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  it('flow collections nested 100k deep: a yaml-syntax error, exit 1, valid JSON', { timeout: 120_000 }, () => {
    const dir = workspace('deep', { 'deep.yaml': `type: Mesh\nname: deep\nmtls: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    const { diagnostics } = checkOk(dir);
    assert.ok(diagnostics.some((d) => d.file === 'deep.yaml' && d.code === 'yaml-syntax'));
    resolveOk(dir);
  });
});
