// Runs the test files (test/*/*.test.ts) in one process, each as a suite named after its file:
// starting Node and transforming the shared sources once instead of once per file is what makes
// the suite fast. `npm run test:unit` runs two such processes side by side (test/shards/); run
// directly, this file takes everything, or the files whose path contains one of its arguments:
//   node --import tsx test/all.ts hover cli
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';

export function testFiles(): string[] {
  return fs
    .readdirSync(__dirname, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(__dirname, d.name))
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
}

export function runTestFiles(files: readonly string[]): void {
  for (const file of files) {
    // A file's top-level hooks and tests belong to its own suite, as they would in a process of its own.
    describe(file, () => {
      require(path.join(__dirname, file));
    });
  }
}

/**
 * Shard `index` of `count` (from 1). Files are dealt out slowest first, each to the shard with the
 * least time so far, by the durations of a past run (shards/durations.json; a file it does not
 * know counts as the median), so that the shards finish together.
 */
export function runShard(index: number, count: number): void {
  runTestFiles(shardOf(testFiles(), readDurations(), count)[index - 1] ?? []);
}

function readDurations(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'shards', 'durations.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export function shardOf(files: readonly string[], durations: Readonly<Record<string, number>>, count: number): string[][] {
  const known = Object.values(durations).sort((a, b) => a - b);
  const typical = known[Math.floor(known.length / 2)] ?? 1;
  const cost = (f: string) => durations[f] ?? typical;
  const shards = Array.from({ length: count }, () => ({ files: [] as string[], time: 0 }));
  for (const file of [...files].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
    const least = shards.reduce((a, b) => (b.time < a.time ? b : a));
    least.files.push(file);
    least.time += cost(file);
  }
  return shards.map((s) => s.files.sort());
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const filters = process.argv.slice(2);
  const files = testFiles().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  if (files.length === 0) throw new Error(`no test file matches ${filters.join(' ')}`);
  runTestFiles(files);
}
