// The live index's retained heap on one workspace, stage by stage, after a forced GC: every file
// analysed, the first snapshot, `warm()`, and a snapshot after one edit (the old one let go).
// Counts, not times, so it compares commits on a busy machine. Optionally writes a heap snapshot
// after `warm()` for a look at what holds the memory.
// `node --expose-gc --import tsx bench/heapStages.ts DIR [--heap-snapshot=FILE]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { analyzePending } from '../server/src/workspace/analysisPool';
import { WorkspaceIndex } from '../server/src/workspace/index';
import { fileUri, listYaml } from './util';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!dir || !gc) throw new Error('usage: node --expose-gc --import tsx bench/heapStages.ts DIR [--heap-snapshot=FILE]');
  const heapSnapshot = args.find((a) => a.startsWith('--heap-snapshot='))?.slice('--heap-snapshot='.length);
  const root = fileUri(path.resolve(dir));
  const files = listYaml(dir);
  const index = new WorkspaceIndex([{ uri: root, name: path.basename(dir) }]);
  const heap = () => {
    gc();
    gc();
    return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
  };
  const stages: Record<string, number> = { start: heap() };
  for (const f of files) index.setDisk(`${root}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
  stages.texts = heap();
  await analyzePending(index);
  stages.analysed = heap();
  let first: ReturnType<typeof index.snapshot> | undefined = index.snapshot();
  stages.snapshot = heap();
  first.warm();
  stages.warm = heap();
  first = undefined;
  if (heapSnapshot) v8.writeHeapSnapshot(heapSnapshot);
  // One edit: a tag value of the largest file changes, and the new snapshot is warmed in turn.
  const big = files.map((f) => ({ f, text: fs.readFileSync(path.join(dir, f), 'utf8') })).sort((a, b) => b.text.length - a.text.length)[0]!;
  index.setOpen(`${root}/${big.f}`, big.text.replace(/^( +version: )v\d$/m, '$1v9'), 1);
  index.snapshot().warm();
  stages.afterEdit = heap();
  console.log(JSON.stringify(stages));
}

void main();
