// `npm run fuzz`: the property tests (test/properties) with many more runs, again and again with new
// seeds, until a time budget runs out. Prints the cases run; stops at the first failure, with the
// seed that reproduces it (FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npm run test:unit).
//
//   FUZZ_MINUTES=30 npm run fuzz          budget in minutes (default 10; or the first argument)
//   FUZZ_RUNS=1000                        runs per round of a property whose default is 100
//   FUZZ_SEED=7                           first seed (default: from the clock); each round adds 1000
//   FUZZ_KEEP_GOING=1                     log a failing round and go on with the next seed
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const minutes = Number(process.argv[2] ?? process.env.FUZZ_MINUTES ?? 10);
const runs = Number(process.env.FUZZ_RUNS ?? 1000);
let seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
if (!(minutes > 0) || !(runs > 0) || !Number.isFinite(seed)) {
  console.error('fuzz: FUZZ_MINUTES and FUZZ_RUNS must be positive numbers, FUZZ_SEED a number');
  process.exit(2);
}
const tests = readdirSync(path.join(root, 'test', 'properties'))
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => path.join('test', 'properties', f));
const work = mkdtempSync(path.join(tmpdir(), 'mesh-lens-fuzz-'));
const started = Date.now();
const deadline = started + minutes * 60_000;
let total = 0;
let round = 0;

/** @param {number} roundSeed @param {string} countFile */
function runRound(roundSeed, countFile) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', '--test-concurrency=1', ...tests], {
      cwd: root,
      env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(roundSeed), FUZZ_COUNT_FILE: countFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

const elapsed = () => `${((Date.now() - started) / 60_000).toFixed(1)} min`;
console.log(`fuzz: ${tests.length} property files, FUZZ_RUNS=${runs}, budget ${minutes} min, first seed ${seed}`);
const keepGoing = process.env.FUZZ_KEEP_GOING === '1';
let failed = false;
let failures = 0;
while (Date.now() < deadline) {
  round++;
  const countFile = path.join(work, `round-${round}.count`);
  const r = await runRound(seed, countFile);
  const cases = existsSync(countFile)
    ? readFileSync(countFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .reduce((a, b) => a + Number(b), 0)
    : 0;
  total += cases;
  if (r.code !== 0) {
    console.log(r.output);
    console.log(`fuzz: round ${round} FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''}) with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
    console.log(`fuzz: reproduce with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} node --import tsx --test ${tests.join(' ')}`);
    failed = true;
    failures++;
    if (!keepGoing) break;
    seed += 1000;
    continue;
  }
  console.log(`fuzz: round ${round} seed ${seed}: ${cases} cases passed (total ${total}, ${elapsed()})`);
  seed += 1000;
}
rmSync(work, { recursive: true, force: true });
console.log(`fuzz: ${failed ? (keepGoing ? `done, ${failures} failing round(s)` : 'stopped at a failure') : 'done'}: ${total} cases in ${round} rounds, ${elapsed()}`);
process.exit(failed ? 1 : 0);
