// `analyzeFile` over every file of a workspace on one thread, with the block reader and with the
// composed path only, alternated A B B A in one process so that both see the same machine load.
// CPU time (process.cpuUsage) next to wall time: on a busy machine the wall time is mostly waiting.
//
//   node --import tsx --expose-gc bench/readers.ts --dir DIR [--reps N]
//
// Prints one JSON object: per reader the runs (wall and CPU ms) with their medians, how many files
// each reader read, and the load before and after.
import { analyzeFile } from '../server/src/engine/analyze';
import type { YamlReader } from '../server/src/engine/yaml/documents';
import { listYaml, loadAverage, median, readAll } from './util';

interface Run {
  wallMs: number;
  cpuMs: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function analyzeAll(texts: ReadonlyArray<[string, string]>, reader: YamlReader): { run: Run; readBy: Record<string, number> } {
  gc();
  const readBy: Record<string, number> = {};
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const [file, text] of texts) {
    const a = analyzeFile(file, text, undefined, reader);
    readBy[a.parsed.readBy] = (readBy[a.parsed.readBy] ?? 0) + 1;
  }
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { run: { wallMs, cpuMs: (used.user + used.system) / 1000 }, readBy };
}

function main(argv: string[]): void {
  let dir = '';
  let reps = 4;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') dir = argv[++i]!;
    else if (argv[i] === '--reps') reps = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!dir) throw new Error('--dir is required');
  const texts = readAll(dir, listYaml(dir));
  const loadBefore = loadAverage();
  // Warm up the JIT on both paths.
  analyzeAll(texts.slice(0, 100), 'composed');
  analyzeAll(texts.slice(0, 100), 'block');
  const runs: Record<YamlReader, Run[]> = { composed: [], block: [] };
  const readBy: Partial<Record<YamlReader, Record<string, number>>> = {};
  for (let r = 0; r < reps; r++) {
    const order: YamlReader[] = r % 2 === 0 ? ['composed', 'block'] : ['block', 'composed'];
    for (const reader of order) {
      const result = analyzeAll(texts, reader);
      runs[reader].push(result.run);
      readBy[reader] = result.readBy;
    }
  }
  const summary = (xs: Run[]) => ({ runs: xs, medianWallMs: median(xs.map((x) => x.wallMs)), medianCpuMs: median(xs.map((x) => x.cpuMs)) });
  process.stdout.write(JSON.stringify({ files: texts.length, composed: summary(runs.composed), block: summary(runs.block), readBy, load: { before: loadBefore, after: loadAverage() } }) + '\n');
}

main(process.argv.slice(2));
