// The contributor setup holds together: the debugger attaches where the client starts the server's
// inspector, launch tasks exist, and every npm script a task or the docs name is defined.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
// The .vscode files are JSON with whole-line comments.
const jsonc = (rel: string) => JSON.parse(read(rel).replace(/^\s*\/\/.*$/gm, ''));
const scripts: Record<string, string> = JSON.parse(read('package.json')).scripts;

describe('contributor setup', () => {
  const launch = jsonc('.vscode/launch.json');
  const tasks = jsonc('.vscode/tasks.json');
  const config = (name: string) => launch.configurations.find((c: { name: string }) => c.name === name);

  it('"Attach to Server" uses the inspector port of the server the client starts in debug mode', () => {
    const port = /debug:\s*\{[^}]*execArgv:\s*\[[^\]]*'--inspect=(\d+)'/.exec(read('client/src/extension.ts'));
    assert.ok(port, 'client/src/extension.ts starts the server with --inspect=PORT in debug mode');
    assert.equal(config('Attach to Server').port, Number(port[1]));
  });

  it('"Run Extension" builds first, with a task that runs an npm script that exists', () => {
    const run = config('Run Extension');
    assert.equal(run.type, 'extensionHost');
    const task = tasks.tasks.find((t: { label: string }) => t.label === run.preLaunchTask);
    assert.ok(task, `task ${run.preLaunchTask}`);
    assert.equal(task.script, 'build');
    for (const t of tasks.tasks) assert.ok(scripts[t.script], `npm script ${t.script}`);
  });

  it('every `npm run X` in CONTRIBUTING.md and README.md is a script', () => {
    for (const doc of ['CONTRIBUTING.md', 'README.md']) {
      for (const m of read(doc).matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[m[1]!], `${doc}: npm run ${m[1]}`);
    }
  });
});
