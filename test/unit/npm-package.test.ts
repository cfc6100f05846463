// `npm pack` gives a tarball that installs a working `mesh-lens` command without the registry:
// installed globally into a temporary prefix, and run through npx, it checks examples/ as the
// build does. (The test packs the current build: `npm run build` first, as test:fast does.)
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const examples = path.join(root, 'examples');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let tmp: string;
let tarball: string;
let env: NodeJS.ProcessEnv;

function run(cmd: string, args: string[], cwd = tmp) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'build first: npm run build');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-pack-'));
  // npm as a CI machine without network runs it: its own empty cache, offline, none of the
  // settings of an npm that may be running this test.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  Object.assign(env, { npm_config_cache: path.join(tmp, 'cache'), npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root);
  assert.equal(packed.code, 0, packed.stderr);
  tarball = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const buildOutput = (args: string[]) => run(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args]);

describe('npm package', () => {
  it('holds the bundles and documents, no sources, and depends on nothing', () => {
    const listed = run('tar', ['-tzf', tarball]);
    assert.equal(listed.code, 0, listed.stderr);
    const files = listed.stdout.split('\n').filter(Boolean);
    for (const f of ['package/package.json', 'package/dist/cli.js', 'package/dist/analysisWorker.js', 'package/README.md', 'package/LICENSE']) assert.ok(files.includes(f), f);
    assert.deepEqual(
      files.filter((f) => /\.ts$|\.map$|^package\/(test|bench|server|client|shared|examples)\//.test(f)),
      [],
    );
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
    assert.equal(manifest.bin['mesh-lens'], './dist/cli.js');
    assert.equal(manifest.dependencies, undefined, 'every runtime dependency is in the bundles');
    assert.equal(manifest.scripts.prepack, 'npm run build');
  });

  it('ships every bundle esbuild.mjs writes and every file the extension manifest points to', () => {
    // `files` is also what vsce packages into the .vsix: a bundle or a contributed file left out of
    // it would be missing from the extension too.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const shipped = (file: string) => pkg.files.some((f: string) => (f.endsWith('/') ? file.startsWith(f) : file === f));
    const bundles = [...fs.readFileSync(path.join(root, 'esbuild.mjs'), 'utf8').matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]);
    assert.ok(bundles.includes('dist/cli.js') && bundles.includes('dist/extension.js'), bundles.join(' '));
    const contributed = [pkg.main, pkg.icon, ...Object.values(pkg.bin), ...JSON.stringify(pkg.contributes).matchAll(/"(?:path|url)":"\.\/([^"]+)"/g)].map((f) =>
      String(Array.isArray(f) ? f[1] : f).replace(/^\.\//, ''),
    );
    assert.ok(contributed.includes('syntaxes/kuma-gotmpl.injection.json'), contributed.join(' '));
    for (const file of [...bundles, ...contributed]) assert.ok(shipped(file!), `package.json "files" ships ${file}`);
  });

  it('installs globally into a prefix, offline, and `mesh-lens check` reports on examples/ as the build does', () => {
    const prefix = path.join(tmp, 'prefix');
    const installed = run(npm, ['install', '-g', '--prefix', prefix, tarball]);
    assert.equal(installed.code, 0, installed.stderr);
    const bin = process.platform === 'win32' ? path.join(prefix, 'mesh-lens.cmd') : path.join(prefix, 'bin', 'mesh-lens');
    const version = run(bin, ['--version']);
    assert.equal(version.stdout, '0.1.0\n', version.stderr);
    const args = ['check', examples, '--format', 'json'];
    const got = run(bin, args, examples);
    const expected = buildOutput(args);
    assert.equal(got.stderr, '');
    assert.ok(JSON.parse(got.stdout).diagnostics.some((d: { code: string }) => d.code === 'hostname-conflict'));
    assert.equal(got.stdout, expected.stdout);
    assert.equal(got.code, expected.code);
  });

  it('runs through npx on the tarball, offline', () => {
    const args = ['resolve', examples, '--format', 'json'];
    const got = run(npx, ['--yes', '--package', tarball, '--', 'mesh-lens', ...args]);
    assert.equal(got.code, 0, got.stderr);
    assert.ok(JSON.parse(got.stdout).meshes.length > 0);
    assert.equal(got.stdout, buildOutput(args).stdout);
  });
});
