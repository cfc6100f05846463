// Whole-process time of the CLI on a small repository (`mesh-lens check examples/`), paired with
// an empty `node -e ''` in the same run: the ratio and the difference are what the CLI adds to
// Node's own start, whatever else the machine is doing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, p95 } from './util';

export interface StartupRun {
  command: string;
  runs: number;
  cliMs: { median: number; p95: number };
  nodeMs: { median: number; p95: number };
  /** Median over pairs of cli / node, each pair run back to back. */
  ratio: number;
  /** Mean CPU time (user + system) per CLI run and per empty node run, from the children's times in /proc. */
  cliCpuMs?: number;
  nodeCpuMs?: number;
}

/** User + system time of this process's waited-for children so far, in ms (Linux), else undefined. */
function childrenCpuMs(): number | undefined {
  try {
    const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from field 3 after the name.
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function timed(args: string[], cwd: string): { ms: number; cpu?: number } {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  const ms = performance.now() - t0;
  const c1 = childrenCpuMs();
  if (r.error) throw r.error;
  return { ms, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 };
}

export function measureStartup(root: string, runs: number): StartupRun | { error: string } {
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return { error: 'dist/cli.js is not built' };
  const args = [cli, 'check', 'examples/'];
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  const ratios: number[] = [];
  let cliCpu = 0;
  let nodeCpu = 0;
  let cpuKnown = true;
  timed(args, root); // page cache and disk
  for (let i = 0; i < runs; i++) {
    const a = timed(args, root);
    const b = timed(['-e', ''], root);
    cliMs.push(a.ms);
    nodeMs.push(b.ms);
    ratios.push(a.ms / b.ms);
    if (a.cpu === undefined || b.cpu === undefined) cpuKnown = false;
    else {
      cliCpu += a.cpu;
      nodeCpu += b.cpu;
    }
  }
  return {
    command: 'node dist/cli.js check examples/',
    runs,
    cliMs: { median: median(cliMs), p95: p95(cliMs) },
    nodeMs: { median: median(nodeMs), p95: p95(nodeMs) },
    ratio: median(ratios),
    ...(cpuKnown ? { cliCpuMs: cliCpu / runs, nodeCpuMs: nodeCpu / runs } : {}),
  };
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 20);
  process.stdout.write(JSON.stringify(measureStartup(path.join(__dirname, '..'), runs), null, 2) + '\n');
}
