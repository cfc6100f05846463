// The pre-commit hook as pre-commit runs it: `.pre-commit-hooks.yaml` names an executable script
// of this repository, run from the checked repository's root with the hook's args, on every YAML
// change and on the whole repository.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const hooks = parse(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];
const hook = hooks.find((h) => h.id === 'mesh-lens')!;

describe('pre-commit hook', () => {
  it('runs on the whole repository when a YAML file changes', () => {
    assert.equal(hook.language, 'script');
    assert.equal(hook.pass_filenames, false);
    const files = new RegExp(hook.files);
    assert.ok(files.test('mesh/dp.yaml') && files.test('a/b.yml') && !files.test('README.md'));
    const script = path.join(root, hook.entry);
    assert.ok(fs.statSync(script).mode & 0o111, `${hook.entry} is executable`);
  });

  it('checks the repository it runs in as mesh-lens check does, exit code included', () => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'build first: npm run build');
    const examples = path.join(root, 'examples');
    for (const args of [[], ['--disable', 'kuma-validation']]) {
      const got = spawnSync(path.join(root, hook.entry), args, { cwd: examples, encoding: 'utf8' });
      const want = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', ...args], { cwd: examples, encoding: 'utf8' });
      assert.equal(got.stderr, '');
      assert.equal(got.stdout, want.stdout);
      assert.equal(got.status, want.status);
      assert.equal(got.status, args.length ? 0 : 1, 'examples/ has one kuma-validation error');
    }
  });
});
