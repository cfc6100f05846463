// The resolve phase alone, for pairing two commits of the engine: the files are analysed once, the
// inputs each scope's WorkspaceModel gets are recorded from a live index, and then fresh models
// resolve them again and again (CPU time per run, which load distorts less than the clock). The
// VirtualOutbound host edits of the manifest are then replayed through the live index. A
// fingerprint of everything resolved lets two commits be checked for the same result.
//
//   node --import tsx --expose-gc bench/resolvePhase.ts --dir DIR [--reps N] [--edits N] [--no-edits]
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis, ResolveOptions, WorkspaceResult } from '../server/src/engine/analyze';
import { analyzeFile } from '../server/src/engine/analyze';
import { WorkspaceModel } from '../server/src/engine/workspaceModel';
import { WorkspaceIndex } from '../server/src/workspace/index';
import type { Manifest } from './generate';
import { fileUri, listYaml, loadAverage, median, p95 } from './util';

interface Options {
  dir: string;
  reps: number;
  edits: number;
  /** Writes a CPU profile of the cold runs (`.cold.cpuprofile`) and of the edits (`.edits.cpuprofile`) under this prefix. */
  profile?: string;
}

function args(argv: string[]): Options {
  const o: Options = { dir: '', reps: 6, edits: 40 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') o.dir = argv[++i]!;
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--no-edits') o.edits = 0;
    else if (a === '--profile') o.profile = argv[++i]!;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.dir) throw new Error('--dir is required');
  return o;
}

interface ScopeInput {
  analyses: readonly FileAnalysis[];
  options: ResolveOptions;
}

/** What resolution gave, as one hash: diagnostics, every entry with its outbounds, every render. */
function fingerprint(results: readonly WorkspaceResult[]): string {
  const h = createHash('sha256');
  for (const r of results) {
    for (const d of r.diagnostics) h.update(`${d.code}\u0000${d.file}\u0000${d.span[0]}:${d.span[1]}\u0000${d.message}\n`);
    for (const m of r.meshes) {
      h.update(`mesh ${m.name}\n`);
      for (const e of m.view.entries) {
        h.update(`${e.type}:${e.name} ${e.vip}\n`);
        for (const o of e.outbounds) h.update(`  ${o.key} ${o.sources.length}\n`);
      }
      for (const vo of m.virtualOutbounds) {
        for (const rec of m.view.rendersOf?.(vo) ?? m.view.renders.get(vo) ?? []) h.update(`${vo.name} ${rec.status} ${rec.host ?? ''}:${rec.port ?? ''} ${rec.reason ?? ''}\n`);
      }
      for (const d of m.view.dropped) h.update(`drop ${d.entry.name} ${d.outbound.key}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** Runs `fn` under the sampling profiler when `out` is set, and writes the profile there. */
async function profiled<T>(out: string | undefined, fn: () => T): Promise<T> {
  if (!out) return fn();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  const r = fn();
  const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
  session.disconnect();
  return r;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const o = args(process.argv.slice(2));
  const loadBefore = loadAverage();
  const files = listYaml(o.dir);
  const root = fileUri(o.dir);
  const index = new WorkspaceIndex([{ uri: root, name: path.basename(o.dir) }]);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(o.dir, f), 'utf8')]));
  for (const f of files) index.setDisk(`${root}/${f}`, texts.get(f)!);
  for (const t of index.filesToAnalyze()) index.adopt(t.uri, analyzeFile(t.file, t.text, t.kumaVersion));

  // Record what each scope's model is fed on the cold snapshot.
  const inputs: ScopeInput[] = [];
  const update = WorkspaceModel.prototype.update;
  WorkspaceModel.prototype.update = function (this: WorkspaceModel, changed, removed, options) {
    inputs.push({ analyses: [...changed], options: options ?? {} });
    return update.call(this, changed, removed, options);
  };
  index.snapshot();
  WorkspaceModel.prototype.update = update;

  const wall: number[] = [];
  const cpu: number[] = [];
  let print = '';
  await profiled(o.profile && `${o.profile}.cold.cpuprofile`, () => {
    for (let r = 0; r < o.reps; r++) {
      gc!();
      const t0 = performance.now();
      const c0 = cpuMs();
      const results = inputs.map((s) => new WorkspaceModel().update(s.analyses, [], s.options));
      cpu.push(cpuMs() - c0);
      wall.push(performance.now() - t0);
      if (r === 0) print = fingerprint(results);
    }
  });

  const edits: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
  if (o.edits > 0) {
    const manifest = JSON.parse(fs.readFileSync(path.join(o.dir, '.manifest.json'), 'utf8')) as Manifest;
    const targets = manifest.voHostEdits;
    const picked = Array.from({ length: Math.ceil(o.edits / 2) }, (_, i) => targets[Math.floor((i * targets.length) / Math.ceil(o.edits / 2))]!);
    let version = 1;
    await profiled(o.profile && `${o.profile}.edits.cpuprofile`, () => {
      for (let i = 0; i < o.edits; i++) {
        const t = picked[Math.floor(i / 2) % picked.length]!;
        const original = texts.get(t.file)!;
        const value = i % 2 === 0 ? t.value.replace(/^"/, `"e${i}-`) : t.value;
        const text = original.slice(0, t.offset) + value + original.slice(t.offset + t.value.length);
        const t0 = performance.now();
        const c0 = cpuMs();
        index.setOpen(`${root}/${t.file}`, text, ++version);
        index.snapshot();
        edits.cpu.push(cpuMs() - c0);
        edits.wall.push(performance.now() - t0);
      }
    });
  }
  const stat = (xs: number[]) => ({ median: +median(xs).toFixed(2), p95: +p95(xs).toFixed(2), max: +Math.max(...xs).toFixed(2) });
  process.stdout.write(
    JSON.stringify({
      fingerprint: print,
      scopes: inputs.length,
      load: [loadBefore, loadAverage()],
      resolve: { cpu: stat(cpu), wall: stat(wall), cpuRuns: cpu.map((x) => Math.round(x)) },
      ...(o.edits > 0 ? { voEdits: { cpu: stat(edits.cpu), wall: stat(edits.wall), firstCpu: edits.cpu.slice(0, 2).map((x) => +x.toFixed(1)) } } : {}),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    }) + '\n',
  );
}

void main();
