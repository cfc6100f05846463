// The CLI's code cache: a second run reads what the first wrote, a changed bundle of the same
// length is never run from the old cache, earlier caches are removed, and the built command gives
// the same output with the cache cold, warm and switched off.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { userCacheDir } from '../../server/src/cli/codeCache';

const root = path.resolve(__dirname, '..', '..');
const codeCache = path.join(root, 'server', 'src', 'cli', 'codeCache.ts');

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-code-cache-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `bundle` through runWithCodeCache in a fresh process; its stdout is the bundle's line, then the run's JSON. */
function runBundle(bundle: string, cacheDir: string, name = 'cli'): { printed: string; usedCache: boolean } {
  const script = `const { runWithCodeCache } = require(${JSON.stringify(codeCache)}); const r = runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}, ${JSON.stringify(name)}); console.log(JSON.stringify(r));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  return { printed: lines[0]!, usedCache: (JSON.parse(lines[1]!) as { usedCache: boolean }).usedCache };
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

describe('runWithCodeCache', () => {
  it('runs the bundle as a CommonJS module, writes the cache on exit and reads it on the next run', () => {
    const dir = path.join(tmp, 'a');
    fs.mkdirSync(dir);
    const bundle = path.join(dir, 'bundle.js');
    fs.writeFileSync(bundle, "const p = require('node:path'); function f(x) { return x * 2; } console.log(p.basename(__filename), p.basename(__dirname), typeof module.exports, f(21));\n");
    const cache = path.join(tmp, 'cache-a');
    const first = runBundle(bundle, cache);
    assert.equal(first.printed, 'bundle.js a object 42');
    assert.equal(first.usedCache, false);
    assert.equal(cacheFiles(cache).length, 1);
    const second = runBundle(bundle, cache);
    assert.equal(second.printed, 'bundle.js a object 42');
    assert.equal(second.usedCache, true);
  });

  it('never runs a changed bundle of the same length from the old cache, and drops the old cache', () => {
    const dir = path.join(tmp, 'b');
    fs.mkdirSync(dir);
    const bundle = path.join(dir, 'bundle.js');
    const cache = path.join(tmp, 'cache-b');
    fs.writeFileSync(bundle, 'function g() { return "one"; } console.log(g());\n');
    runBundle(bundle, cache);
    const before = cacheFiles(cache);
    assert.equal(runBundle(bundle, cache).usedCache, true);
    fs.writeFileSync(bundle, 'function g() { return "two"; } console.log(g());\n');
    const changed = runBundle(bundle, cache);
    assert.equal(changed.printed, 'two');
    assert.equal(changed.usedCache, false);
    const now = cacheFiles(cache);
    assert.equal(now.length, 1);
    assert.notDeepEqual(now, before);
  });

  it('writes the cache when the bundle asks, before the process exits, once', () => {
    const dir = path.join(tmp, 'c');
    fs.mkdirSync(dir);
    const bundle = path.join(dir, 'bundle.js');
    const cache = path.join(tmp, 'cache-c');
    const list = `(require('node:fs').existsSync(${JSON.stringify(cache)}) ? require('node:fs').readdirSync(${JSON.stringify(cache)}).length : 0)`;
    fs.writeFileSync(bundle, `const before = ${list}; require(${JSON.stringify(codeCache)}).writeCodeCache(); console.log(before, ${list});\n`);
    assert.equal(runBundle(bundle, cache).printed, '0 1');
    assert.equal(cacheFiles(cache).length, 1);
    // With the cache read, there is nothing to write: the call does nothing.
    const warm = runBundle(bundle, cache);
    assert.deepEqual(warm, { printed: '1 1', usedCache: true });
  });

  it('keeps one cache per bundle name in the same folder', () => {
    const dir = path.join(tmp, 'd');
    fs.mkdirSync(dir);
    const one = path.join(dir, 'one.js');
    const two = path.join(dir, 'two.js');
    fs.writeFileSync(one, 'console.log("one");\n');
    fs.writeFileSync(two, 'console.log("two");\n');
    const cache = path.join(tmp, 'cache-d');
    runBundle(one, cache, 'server');
    runBundle(two, cache, 'cli');
    assert.deepEqual(
      cacheFiles(cache).map((f) => f.split('-')[0]),
      ['cli', 'server'],
    );
    assert.equal(runBundle(one, cache, 'server').usedCache, true);
    assert.equal(runBundle(two, cache, 'cli').usedCache, true);
  });

  it('compiles as usual from a damaged cache, and replaces it', () => {
    const dir = path.join(tmp, 'e');
    fs.mkdirSync(dir);
    const bundle = path.join(dir, 'bundle.js');
    fs.writeFileSync(bundle, 'function h(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; } console.log(h(10));\n');
    const cache = path.join(tmp, 'cache-e');
    runBundle(bundle, cache);
    const file = path.join(cache, cacheFiles(cache)[0]!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    assert.deepEqual(runBundle(bundle, cache), { printed: '45', usedCache: false });
    assert.deepEqual(runBundle(bundle, cache), { printed: '45', usedCache: true });
  });
});

describe('userCacheDir', () => {
  it('follows XDG_CACHE_HOME when absolute, else ~/.cache, and the macOS and Windows folders', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), path.join('/x/cache', 'mesh-lens'));
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), path.join('/home/u', '.cache', 'mesh-lens'));
    assert.equal(userCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'mesh-lens'));
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', ''), path.join('C:\\Users\\u\\AppData\\Local', 'mesh-lens', 'cache'));
    assert.equal(userCacheDir({}, 'win32', ''), undefined);
  });
});

describe('the built mesh-lens command', () => {
  const cli = path.join(root, 'dist', 'cli.js');
  it('says the build is incomplete when the bundle is missing next to the launcher', { skip: !fs.existsSync(cli) && 'not built (npm run build)' }, () => {
    const alone = path.join(tmp, 'alone');
    fs.mkdirSync(alone);
    fs.copyFileSync(cli, path.join(alone, 'cli.js'));
    const r = spawnSync(process.execPath, [path.join(alone, 'cli.js'), 'check', 'examples/'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^mesh-lens: .*cliMain\.js is missing: the build is incomplete \(npm run build\)\n$/);
  });
  it(
    'gives the same output and exit code with the cache cold, warm and off, and writes nothing when off',
    { skip: !fs.existsSync(path.join(root, 'dist', 'cliMain.js')) && 'not built (npm run build)' },
    () => {
      const run = (env: Record<string, string>) => {
        const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'examples/'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const off = path.join(tmp, 'xdg-off');
      const plain = run({ XDG_CACHE_HOME: off, MESH_LENS_CODE_CACHE: 'off' });
      assert.equal(cacheFiles(path.join(off, 'mesh-lens')).length, 0);
      assert.ok(JSON.parse(plain.stdout).diagnostics.length > 0, plain.stderr);
      const xdg = path.join(tmp, 'xdg');
      const cold = run({ XDG_CACHE_HOME: xdg });
      assert.equal(cacheFiles(path.join(xdg, 'mesh-lens')).length, 1);
      const warm = run({ XDG_CACHE_HOME: xdg });
      assert.deepEqual(cold, plain);
      assert.deepEqual(warm, plain);
    },
  );
});
