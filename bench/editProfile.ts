// The edit path of the live index alone: a cold index of one workspace, then the edits of
// `bench/inproc.ts` (a Dataplane's address, an inbound's `version` tag, a VirtualOutbound's host),
// each `setOpen` + `snapshot()`, timed by the clock and by this process's CPU time, optionally
// followed by the server's conversion of the snapshot to LSP diagnostics. With `--profile FILE`, a
// sampling CPU profile of the edits only (not of the cold build) is written for
// `bench/profile-summary.ts`.
//
//   node --import tsx --expose-gc bench/editProfile.ts --dir DIR [--edits N] [--kinds dp,tag,vo] [--publish] [--warm] [--rehearse] [--profile FILE]
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { problemDiagnostics, workspaceDiagnostics } from '../server/src/features/diagnostics';
import { analyzePending } from '../server/src/workspace/analysisPool';
import { WorkspaceIndex } from '../server/src/workspace/index';
import { rehearseEdits } from '../server/src/workspace/rehearsal';
import type { EditTarget, Manifest } from './generate';
import { fileUri, listYaml, loadAverage, median, p95 } from './util';

type Kind = 'dp' | 'tag' | 'vo';

interface Options {
  dir: string;
  edits: number;
  kinds: Kind[];
  publish: boolean;
  /** After each edit, also time what the server does once the user pauses: `Snapshot.warm()`. */
  warm: boolean;
  profile?: string;
  /** Before the edits, rehearse the edit path as the server does when idle after its cold start. */
  rehearse: boolean;
}

function args(argv: string[]): Options {
  const o: Options = { dir: '', edits: 40, kinds: ['dp', 'tag', 'vo'], publish: false, warm: false, rehearse: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') o.dir = argv[++i]!;
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--kinds') o.kinds = argv[++i]!.split(',') as Kind[];
    else if (a === '--publish') o.publish = true;
    else if (a === '--warm') o.warm = true;
    else if (a === '--profile') o.profile = argv[++i];
    else if (a === '--rehearse') o.rehearse = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.dir) throw new Error('--dir is required');
  return o;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

function spread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor((i * xs.length) / n)]!);
  return out;
}

/** The same edits as `bench/inproc.ts`: each alternates between a changed value and the original. */
function editsOf(texts: ReadonlyMap<string, string>, targets: readonly EditTarget[], n: number, change: (t: EditTarget, i: number) => string): { file: string; text: string }[] {
  const picked = spread(targets, Math.max(1, Math.ceil(n / 2)));
  const out: { file: string; text: string }[] = [];
  for (let i = 0; i < n && picked.length; i++) {
    const t = picked[Math.floor(i / 2) % picked.length]!;
    const original = texts.get(t.file)!;
    const value = i % 2 === 0 ? change(t, i) : t.value;
    out.push({ file: t.file, text: original.slice(0, t.offset) + value + original.slice(t.offset + t.value.length) });
  }
  return out;
}

async function main(): Promise<void> {
  const o = args(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(o.dir, '.manifest.json'), 'utf8')) as Manifest;
  const files = listYaml(o.dir);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(o.dir, f), 'utf8')]));
  const root = fileUri(o.dir);
  const index = new WorkspaceIndex([{ uri: root, name: path.basename(o.dir) }]);
  for (const [f, t] of texts) index.setDisk(`${root}/${f}`, t);
  await analyzePending(index);
  index.snapshot();
  let rehearsal: Record<string, number> | undefined;
  if (o.rehearse) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const files = await rehearseEdits(index, { idle: () => true, after: (s) => problemDiagnostics(s, 'docs') });
    const c = process.cpuUsage(c0);
    rehearsal = { files, wallMs: +(performance.now() - t0).toFixed(1), cpuMs: +((c.user + c.system) / 1000).toFixed(1) };
  }
  (globalThis as { gc?: () => void }).gc?.();

  const kinds: Record<Kind, { file: string; text: string }[]> = {
    dp: editsOf(texts, manifest.dataplaneEdits, o.edits, (_t, i) => `10.250.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`),
    tag: editsOf(texts, manifest.tagEdits, o.edits, (_t, i) => `v${(i % 7) + 4}`),
    vo: editsOf(texts, manifest.voHostEdits, o.edits, (t, i) => t.value.replace(/^"/, `"e${i}-`)),
  };
  const session = o.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    await post(session, 'Profiler.start');
  }
  const loadBefore = loadAverage();
  let version = 1;
  const report: Record<string, unknown> = {};
  for (const kind of o.kinds) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const warm: number[] = [];
    let diagnostics = 0;
    for (const e of kinds[kind]) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      index.setOpen(`${root}/${e.file}`, e.text, ++version);
      const s = index.snapshot();
      diagnostics = s.diagnostics.length;
      if (o.publish) workspaceDiagnostics(s, 'docs');
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (o.warm) {
        const w0 = process.cpuUsage();
        s.warm();
        const w = process.cpuUsage(w0);
        warm.push((w.user + w.system) / 1000);
      }
    }
    const r = (xs: number[]) => ({ median: +median(xs).toFixed(2), p95: +p95(xs).toFixed(2), mean: +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) });
    const first = (xs: number[]) => xs.slice(0, 10).map((x) => +x.toFixed(1));
    report[kind] = { n: wall.length, wall: r(wall), cpu: r(cpu), firstCpu: first(cpu), firstWall: first(wall), ...(o.warm ? { warmCpu: r(warm) } : {}), diagnostics };
  }
  if (session && o.profile) {
    const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
    fs.writeFileSync(o.profile, JSON.stringify(profile));
    session.disconnect();
  }
  (globalThis as { gc?: () => void }).gc?.();
  report.heapRetainedMB = Math.round(process.memoryUsage().heapUsed / 1e6);
  report.load = { before: loadBefore, after: loadAverage() };
  report.analyzeCount = index.analyzeCount;
  if (rehearsal) report.rehearsal = rehearsal;
  process.stdout.write(JSON.stringify(report) + '\n');
}

void main();
