// Runs every end-to-end suite (after `npm run build` and `npm run package`) and prints one
// summary line: `e2e: N passed, N failed`. Suites: Neovim, Emacs, extension host, UI.
// Set E2E_UPDATE_DOCS_IMAGES=1 to refresh docs/images/ from the UI screenshots.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @type {Array<[string, string]>} */
const suites = [
  ['nvim', 'test/e2e/clients/run-nvim.mjs'],
  ['emacs', 'test/e2e/clients/run-emacs.mjs'],
  ['exthost', 'test/e2e/exthost/run.mjs'],
  ['ui', 'test/e2e/ui/run.mjs'],
];
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines = [];
const t0 = Date.now();
for (const [name, script] of suites) {
  if (only.length && !only.includes(name)) continue;
  const start = Date.now();
  const { code, out } = await new Promise((res) => {
    const child = spawn(process.execPath, [join(root, script)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    /** @param {Buffer} d @param {NodeJS.WriteStream} stream */
    const tee = (d, stream) => {
      const s = String(d)
        .split('\n')
        .filter((l) => !/\/usr\/bin\/chromium: \d+: \[: .*unexpected operator/.test(l))
        .join('\n');
      out += s;
      stream.write(s);
    };
    child.stdout.on('data', (d) => tee(d, process.stdout));
    child.stderr.on('data', (d) => tee(d, process.stderr));
    child.on('close', (c) => res({ code: c, out }));
  });
  const m = new RegExp(`^${name}: (\\d+) passed, (\\d+) failed`, 'm').exec(out);
  const p = m ? Number(m[1]) : 0;
  let f = m ? Number(m[2]) : 0;
  if (code !== 0 && f === 0) f = 1; // crashed before reporting
  passed += p;
  failed += f;
  lines.push(`${code === 0 && f === 0 ? '✔' : '✖'} ${name}: ${p} passed, ${f} failed (${((Date.now() - start) / 1000).toFixed(1)} s)`);
}
console.log(`\n${lines.join('\n')}`);
console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
