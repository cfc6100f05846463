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

/** Shard `index` of `count` (from 1): every count-th file, so that slow files spread out. */
export function runShard(index: number, count: number): void {
  runTestFiles(testFiles().filter((_, i) => i % count === index - 1));
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const filters = process.argv.slice(2);
  const files = testFiles().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  if (files.length === 0) throw new Error(`no test file matches ${filters.join(' ')}`);
  runTestFiles(files);
}
