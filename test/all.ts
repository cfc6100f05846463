// Runs every test file (test/*/*.test.ts) in this one process, each as a suite named after its
// file: starting Node and transforming the shared sources once instead of once per file is what
// makes the suite fast. Arguments narrow the run to files whose path contains one of them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';

const filters = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    fs
      .readdirSync(path.join(__dirname, d.name))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `${d.name}/${f}`),
  )
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) throw new Error(`no test file matches ${filters.join(' ')}`);

for (const file of files) {
  // A file's top-level hooks and tests belong to its own suite, as they would in a process of its own.
  describe(file, () => {
    require(path.join(__dirname, file));
  });
}
