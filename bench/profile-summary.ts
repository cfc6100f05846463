// Summarises a `.cpuprofile` written by `node --cpu-prof`: self time by function and by source
// file, optionally only inside the subtree of one function (e.g. `snapshot` or `analyzeFile`).
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/inproc.ts --dir DIR --reps 1
//   node --import tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--under NAME] [--top N]
import * as fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const argv = process.argv.slice(2);
const file = argv[0];
if (file === undefined) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [--under NAME] [--top N]');
  process.exit(2);
}
let under: string | undefined;
let top = 25;
for (let i = 1; i < argv.length; i++) {
  if (argv[i] === '--under') under = argv[++i];
  else if (argv[i] === '--top') top = Number(argv[++i]);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));

const inside = (id: number): boolean => {
  if (!under) return true;
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === under) return true;
  return false;
};
const short = (url: string) => url.replace(/^.*\/(server\/src|bench|node_modules)\//, '$1/').replace(/^file:\/\//, '');
const fn = new Map<string, number>();
const files = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  if (!inside(id)) continue;
  const n = byId.get(id)!;
  const name = `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const f = short(n.callFrame.url) || n.callFrame.functionName;
  files.set(f, (files.get(f) ?? 0) + us);
  total += us;
}
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title} (total ${(total / 1000).toFixed(0)} ms${under ? ` under ${under}` : ''})\n`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${(v / 1000).toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
};
print('Self time by file', files);
print('Self time by function', fn);
