// The conflict storm and the copy-paste case, as `npm run bench` measures them: the built CLI's
// `check` (wall time, peak RSS, diagnostics, the most on one line) and the built server over stdio
// (until its diagnostics are published), on the storm workspace; and the findings per
// VirtualOutbound of the copy-paste workspace.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate, generateCopyPaste, writeWorkspace } from './generate';
import { runMeshLensServer, ServerRun } from './lsp';

export interface CheckRun {
  wallMs: number;
  /** User and system CPU time: on a loaded machine, steadier than the wall time. */
  cpuMs: number;
  maxRssBytes: number;
  exitCode: number | null;
  diagnostics: number;
  mostOnOneLine: number;
  mostOnOneLineOneCode: number;
}

export interface StormResult {
  files: number;
  virtualOutbounds: number;
  check: CheckRun | { error: string };
  server?: ServerRun | { error: string };
  /** Copy-paste: conflict findings on each of the two VirtualOutbounds, and lines of `check --expand`. */
  copyPaste: { services: number; findingsPerVirtualOutbound: number[]; expandedLines: number } | { error: string };
}

const RUSAGE = path.join(__dirname, 'report-rusage.cjs');

/** Runs the built CLI with `args` in `cwd`; its peak RSS comes from the process itself. */
export function runCheck(cli: string, args: string[], cwd: string): CheckRun & { stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', RUSAGE, cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  const m = /^mesh-lens-rusage (\{.*\})$/m.exec(r.stderr ?? '');
  if (!m) throw new Error(`check did not finish (status ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(-500)}`);
  const usage = JSON.parse(m[1]!) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  // Text output (the default format): `file:line:col: severity [code] message`, then a summary line.
  let diagnostics = 0;
  let line = 0;
  let code = 0;
  const perLine = new Map<string, number>();
  const perCode = new Map<string, number>();
  for (const m of r.stdout.matchAll(/^(.+?):(\d+):\d+: (?:error|warning|information|hint) \[([a-z0-9-]+)\] /gm)) {
    diagnostics++;
    const at = `${m[1]}\u0000${m[2]}`;
    const n = (perLine.get(at) ?? 0) + 1;
    perLine.set(at, n);
    const k = (perCode.get(`${at}\u0000${m[3]}`) ?? 0) + 1;
    perCode.set(`${at}\u0000${m[3]}`, k);
    line = Math.max(line, n);
    code = Math.max(code, k);
  }
  return {
    wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: usage.maxRSS * 1024,
    exitCode: r.status,
    diagnostics,
    mostOnOneLine: line,
    mostOnOneLineOneCode: code,
    stdout: r.stdout,
  };
}

export async function runStorm(workDir: string, seed: number, lsp: boolean, log: (s: string) => void): Promise<StormResult> {
  const root = path.join(__dirname, '..');
  const cli = path.join(root, 'dist', 'cli.js');
  const serverJs = path.join(root, 'dist', 'server.js');
  const dir = path.join(workDir, `storm-seed${seed}`);
  const ws = generate('storm', seed);
  writeWorkspace(ws, dir);
  log(`storm: ${ws.manifest.files} files, ${(ws.manifest.bytes / 1e6).toFixed(1)} MB, ${ws.manifest.counts.Dataplane} dataplanes, ${ws.manifest.counts.VirtualOutbound} VirtualOutbounds in ${dir}`);
  const result: StormResult = { files: ws.manifest.files, virtualOutbounds: ws.manifest.counts.VirtualOutbound, check: { error: 'not run' }, copyPaste: { error: 'not run' } };
  try {
    const { stdout: _stdout, ...check } = runCheck(cli, ['check', '.'], dir);
    result.check = check;
  } catch (e) {
    result.check = { error: (e as Error).message };
  }
  if (lsp) {
    try {
      log('storm: Mesh Lens server over stdio...');
      result.server = await runMeshLensServer(dir, serverJs, { edits: 0, hovers: 0 });
    } catch (e) {
      result.server = { error: (e as Error).message };
    }
  }
  try {
    const services = 1000;
    const copyDir = path.join(workDir, 'copy-paste');
    writeWorkspace(generateCopyPaste(services), copyDir);
    const out = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '.'], { cwd: copyDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const list = (JSON.parse(out.stdout) as { diagnostics: Array<{ file: string; range: { start: { line: number } } }> }).diagnostics;
    const perLine = new Map<number, number>();
    for (const d of list) if (d.file === 'virtual-outbounds.yaml') perLine.set(d.range.start.line, (perLine.get(d.range.start.line) ?? 0) + 1);
    const expanded = spawnSync(process.execPath, [cli, 'check', '--expand', '.'], { cwd: copyDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    result.copyPaste = { services, findingsPerVirtualOutbound: [...perLine.values()], expandedLines: expanded.stdout.trimEnd().split('\n').length - 1 };
  } catch (e) {
    result.copyPaste = { error: (e as Error).message };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}
