// Small helpers shared by the benchmark scripts: files, statistics, optional modules, machine info.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Every `*.yaml` / `*.yml` file under `dir`, as paths relative to it (forward slashes), sorted. */
export function listYaml(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (/\.ya?ml$/.test(e.name)) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function readAll(dir: string, files: readonly string[]): Array<[string, string]> {
  return files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function p95(xs: readonly number[]): number {
  return quantile(xs, 0.95);
}

/** Nearest-rank quantile. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** The 1-minute load average, rounded to hundredths. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

/** The commit the working tree is on, with `+changes` when it differs from it; undefined outside git. */
export function commitOf(dir: string): string | undefined {
  const git = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const head = git(['rev-parse', '--short=12', 'HEAD']);
  if (head.status !== 0) return undefined;
  const dirty = git(['status', '--porcelain', '--untracked-files=no']).stdout.trim() !== '';
  return head.stdout.trim() + (dirty ? '+changes' : '');
}

export function ms(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return 'n/a';
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function mb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : (bytes / 1048576).toFixed(0);
}

/**
 * Loads a module of the project that may not exist yet (other parts are written in parallel).
 * Returns undefined when it is missing; any other load error is thrown.
 */
export function optionalModule<T>(rel: string): T | undefined {
  const target = path.join(__dirname, rel);
  let resolved: string;
  try {
    resolved = require.resolve(target);
  } catch {
    return undefined;
  }
  return require(resolved) as T;
}

export function machine(): { cpus: number; cpuModel: string; memoryGB: number; node: string; load: number[] } {
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1073741824),
    node: process.version,
    load: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Peak and current RSS of another process from /proc (Linux), in bytes. */
export function procMemory(pid: number): { hwm?: number; rss?: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return {};
  }
}

export function fileUri(p: string): string {
  return 'file://' + path.resolve(p).split(path.sep).map(encodeURIComponent).join('/');
}
