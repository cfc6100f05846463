// In-process measurements on one generated workspace: cold index against the `yaml` parse floor,
// incremental edits, hover / completion / definition latency and memory. Run by `bench/run.ts`
// in a child process per size, so that peak RSS belongs to one workspace:
//
//   node --import tsx --expose-gc bench/inproc.ts --dir DIR [--edits N] [--positions N] [--reps N] [--no-rehearse]
//
// Prints one JSON object (InProcessResult) on stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyzeFile, FileAnalysis } from '../server/src/engine/analyze';
import { EngineDiagnostic } from '../server/src/engine/rules';
import { WorkspaceModel } from '../server/src/engine/workspaceModel';
import type { EditTarget, Manifest } from './generate';
import { analyzePending } from '../server/src/workspace/analysisPool';
import { WorkspaceIndex } from '../server/src/workspace/index';
import { loadAverage, fileUri, listYaml, median, optionalModule, p95, readAll } from './util';
import { PhaseProfile, profileCold } from './coldProfile';

// The parts of the live index and the features this benchmark uses. They are loaded only if
// present, so the benchmark also runs on a tree where they are not written yet.
interface Position {
  line: number;
  character: number;
}
interface LiveSnapshot {
  readonly diagnostics: readonly EngineDiagnostic[];
  fileByUri(uri: string): { analysis: FileAnalysis } | undefined;
  /** What the server does in idle time after publishing. */
  warm(): void;
}
interface LiveIndex {
  setDisk(uri: string, text: string): void;
  setOpen(uri: string, text: string, version: number): void;
  snapshot(): LiveSnapshot;
}
type Feature = (snapshot: LiveSnapshot, uri: string, position: Position) => unknown;

export interface Latency {
  n: number;
  median: number;
  p95: number;
}

export interface InProcessResult {
  files: number;
  bytes: number;
  documents: number;
  /** 'live-index' (server/src/workspace WorkspaceIndex) or 'engine' (analyzeFile + resolveWorkspace, cached analyses). */
  incrementalVia: 'live-index' | 'engine';
  /** Cold runs and floor runs interleaved: `ratios[i]` is `engineMs[i] / floorMs[i]`, paired in time. */
  cold: {
    engineMs: number[];
    floorMs: number[];
    ratios: number[];
    /**
     * CPU time of the same runs (process.cpuUsage: the analysis threads' time counts in the cold
     * run), and their per-pair ratios: the work done, which the machine's load distorts far less.
     */
    engineCpuMs: number[];
    floorCpuMs: number[];
    cpuRatios: number[];
    analyzeMs: number;
    resolveMs: number;
    diagnostics: number;
    entries: number;
  };
  /** One more cold run on the main thread, by phase and kind of work (bench/coldProfile.ts). */
  coldProfile: PhaseProfile[] | null;
  /** The 1-minute load average when the measurements started and when they ended. */
  load: { before: number; after: number };
  edits: Record<'virtualOutbound' | 'dataplane' | 'tag', Latency & { fromScratchMs: number }>;
  features: Record<'hover' | 'completion' | 'definition', (Latency & { nonEmpty: number }) | null>;
  memory: { maxRssBytes: number; heapRetainedBytes: number; heapAfterColdBytes: number };
}

interface Options {
  dir: string;
  edits: number;
  positions: number;
  reps: number;
  profile: boolean;
  rehearse: boolean;
}

function args(argv: string[]): Options {
  const o: Options = { dir: '', edits: 20, positions: 400, reps: 2, profile: true, rehearse: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') o.dir = argv[++i]!;
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--positions') o.positions = Number(argv[++i]);
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--no-profile') o.profile = false;
    else if (a === '--no-rehearse') o.rehearse = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.dir) throw new Error('--dir is required');
  return o;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU milliseconds (user + system, every thread) since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Only parsing every file with `yaml`'s parseAllDocuments (read included): the floor, wall and CPU ms. */
function floor(dir: string, files: readonly string[]): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let docs = 0;
  for (const f of files) docs += parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).length;
  const t = performance.now() - t0;
  if (docs === 0) throw new Error('floor parsed nothing');
  return { wallMs: t, cpuMs: cpuMsSince(cpu) };
}

type Engine = {
  via: InProcessResult['incrementalVia'];
  /** Cold: read, parse, index, resolve, diagnose everything. */
  cold(): Promise<{ diagnostics: number; entries: number; analyzeMs: number; resolveMs: number }>;
  /** Replace one file's text and return when its diagnostics are ready. */
  edit(file: string, text: string): number;
  /** What the server does once idle after its cold start, before the user's first edit: rehearse the edit path. */
  idle(): Promise<void>;
  snapshot(): LiveSnapshot | undefined;
};

function engineWith(dir: string, files: readonly string[]): Engine {
  const live = optionalModule<{ WorkspaceIndex: new (folders: { uri: string; name: string }[]) => LiveIndex }>('../server/src/workspace/index');
  const root = fileUri(dir);
  if (live) {
    let index: LiveIndex | undefined;
    let version = 1;
    return {
      via: 'live-index',
      async cold() {
        const t0 = performance.now();
        index = new live.WorkspaceIndex([{ uri: root, name: path.basename(dir) }]);
        for (const f of files) index.setDisk(`${root}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
        // As the server does: parse on worker threads, then resolve.
        await analyzePending(index as unknown as WorkspaceIndex);
        const s = index.snapshot();
        const t = performance.now() - t0;
        let entries = 0;
        for (const m of (s as unknown as { result: { meshes: { view: { entries: unknown[] } }[] } }).result.meshes) entries += m.view.entries.length;
        return { diagnostics: s.diagnostics.length, entries, analyzeMs: NaN, resolveMs: t };
      },
      edit(file, text) {
        index!.setOpen(`${root}/${file}`, text, ++version);
        return index!.snapshot().diagnostics.length;
      },
      async idle() {
        const rehearsal = optionalModule<{ rehearseEdits?: (index: WorkspaceIndex, options: { idle: () => boolean }) => Promise<number> }>('../server/src/workspace/rehearsal');
        await rehearsal?.rehearseEdits?.(index as unknown as WorkspaceIndex, { idle: () => true });
      },
      snapshot: () => index?.snapshot(),
    };
  }
  let analyses = new Map<string, FileAnalysis>();
  let model = new WorkspaceModel();
  return {
    via: 'engine',
    async cold() {
      analyses = new Map();
      model = new WorkspaceModel();
      const t0 = performance.now();
      for (const f of files) analyses.set(f, analyzeFile(f, fs.readFileSync(path.join(dir, f), 'utf8')));
      const t1 = performance.now();
      const r = model.update([...analyses.values()]);
      const t2 = performance.now();
      let entries = 0;
      for (const m of r.meshes) entries += m.view.entries.length;
      return { diagnostics: r.diagnostics.length, entries, analyzeMs: t1 - t0, resolveMs: t2 - t1 };
    },
    edit(file, text) {
      const a = analyzeFile(file, text);
      analyses.set(file, a);
      return model.update([a]).diagnostics.length;
    },
    async idle() {},
    snapshot: () => undefined,
  };
}

function spread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor((i * xs.length) / n)]!);
  return out;
}

/** Edits alternate between a changed value and the original, so every edit changes something. */
function runEdits(engine: Engine, texts: Map<string, string>, targets: readonly EditTarget[], n: number, change: (t: EditTarget, i: number) => string): number[] {
  const times: number[] = [];
  if (targets.length === 0) return times;
  const picked = spread(targets, Math.max(1, Math.ceil(n / 2)));
  for (let i = 0; i < n; i++) {
    const t = picked[Math.floor(i / 2) % picked.length]!;
    const original = texts.get(t.file)!;
    const value = i % 2 === 0 ? change(t, i) : t.value;
    const text = original.slice(0, t.offset) + value + original.slice(t.offset + t.value.length);
    const t0 = performance.now();
    engine.edit(t.file, text);
    times.push(performance.now() - t0);
  }
  return times;
}

function positionsOf(text: string, max: number): Position[] {
  const lines = text.split('\n');
  const out: Position[] = [];
  for (let line = 0; line < lines.length; line++) {
    const l = lines[line]!;
    if (!l.trim() || l.startsWith('#') || l === '---') continue;
    const key = l.search(/\S/);
    const colon = l.indexOf(': ');
    out.push({ line, character: key + 1 });
    if (colon > 0) out.push({ line, character: Math.min(l.length, colon + 3) });
    out.push({ line, character: l.length });
  }
  return spread(out, max);
}

function measureFeature(fn: Feature, snapshot: LiveSnapshot, targets: Array<{ uri: string; positions: Position[] }>): Latency & { nonEmpty: number } {
  const times: number[] = [];
  let nonEmpty = 0;
  for (const t of targets) for (const p of t.positions.slice(0, 3)) fn(snapshot, t.uri, p); // warm the lazy tables
  for (const t of targets) {
    for (const p of t.positions) {
      const t0 = performance.now();
      const r = fn(snapshot, t.uri, p);
      times.push(performance.now() - t0);
      if (r && !(Array.isArray(r) && r.length === 0) && !((r as { items?: unknown[] }).items?.length === 0)) nonEmpty++;
    }
  }
  return { n: times.length, median: median(times), p95: p95(times), nonEmpty };
}

export async function measure(dir: string, opts: { edits: number; positions: number; reps: number; profile?: boolean; rehearse?: boolean }): Promise<InProcessResult> {
  const loadBefore = loadAverage();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.manifest.json'), 'utf8')) as Manifest;
  const files = listYaml(dir);
  const texts = new Map(readAll(dir, files));
  let bytes = 0;
  for (const t of texts.values()) bytes += Buffer.byteLength(t);

  // Warm up the JIT on a slice of the files, then cold runs interleaved with floor runs.
  const warm = files.slice(0, Math.min(files.length, 50));
  await engineWith(dir, warm).cold();
  floor(dir, warm);
  const engineMs: number[] = [];
  const floorMs: number[] = [];
  const engineCpuMs: number[] = [];
  const floorCpuMs: number[] = [];
  const floorRun = () => {
    gc();
    const f = floor(dir, files);
    floorMs.push(f.wallMs);
    floorCpuMs.push(f.cpuMs);
  };
  let cold: Awaited<ReturnType<Engine['cold']>> | undefined;
  let engine: Engine | undefined;
  for (let r = 0; r < opts.reps; r++) {
    engine = undefined;
    // Which of the pair runs first alternates, so that neither always gets the cooler machine.
    if (r % 2 === 0) floorRun();
    gc();
    const e = engineWith(dir, files);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    cold = await e.cold();
    engineMs.push(performance.now() - t0);
    engineCpuMs.push(cpuMsSince(cpu));
    engine = e;
    if (r % 2 === 1) floorRun();
  }
  const e = engine!;
  const ratios = engineMs.map((t, i) => t / floorMs[i]!);
  const cpuRatios = engineCpuMs.map((t, i) => t / floorCpuMs[i]!);
  gc();
  const heapAfterCold = process.memoryUsage().heapUsed;

  // Incremental edits. The from-scratch reference is the median cold run.
  const scratch = median(engineMs);
  const lat = (xs: number[]) => ({ n: xs.length, median: median(xs), p95: p95(xs), fromScratchMs: scratch });
  // The server rehearses the edit path once it is idle after its cold start; the edits come after.
  if (opts.rehearse !== false) await e.idle();
  const voTimes = runEdits(e, texts, manifest.voHostEdits, opts.edits, (t, i) => t.value.replace(/^"/, `"e${i}-`));
  const dpTimes = runEdits(e, texts, manifest.dataplaneEdits, opts.edits, (t, i) => `10.250.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`);
  const tagTimes = runEdits(e, texts, manifest.tagEdits, opts.edits, (t, i) => `v${(i % 7) + 4}`);

  // Features on a settled snapshot, at many positions of a VirtualOutbound file and a Dataplane file.
  const features: InProcessResult['features'] = { hover: null, completion: null, definition: null };
  const snapshot = e.snapshot();
  // As the server does right after publishing, before requests come.
  snapshot?.warm();
  if (snapshot) {
    const root = fileUri(dir);
    const pickFiles = [manifest.voHostEdits[0]?.file, manifest.dataplaneEdits[Math.floor(manifest.dataplaneEdits.length / 2)]?.file].filter((f): f is string => !!f);
    const targets = pickFiles.map((f) => ({ uri: `${root}/${f}`, positions: positionsOf(texts.get(f)!, Math.ceil(opts.positions / pickFiles.length)) }));
    const hover = optionalModule<{ hover: Feature }>('../server/src/features/hover');
    const completion = optionalModule<{ completion: Feature }>('../server/src/features/completion');
    const definition = optionalModule<{ definition: Feature }>('../server/src/features/definition');
    if (hover?.hover) features.hover = measureFeature(hover.hover, snapshot, targets);
    if (completion?.completion) features.completion = measureFeature(completion.completion, snapshot, targets);
    if (definition?.definition) features.definition = measureFeature(definition.definition, snapshot, targets);
  }
  gc();
  const heapRetained = process.memoryUsage().heapUsed;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  // Last, so that its garbage and the profiler's buffers count in no other row.
  const coldProfile = opts.profile === false ? null : await profileCold(dir, fileUri(dir), files);

  return {
    files: files.length,
    bytes,
    documents: manifest.documents,
    incrementalVia: e.via,
    cold: { engineMs, floorMs, ratios, engineCpuMs, floorCpuMs, cpuRatios, analyzeMs: cold!.analyzeMs, resolveMs: cold!.resolveMs, diagnostics: cold!.diagnostics, entries: cold!.entries },
    edits: { virtualOutbound: lat(voTimes), dataplane: lat(dpTimes), tag: lat(tagTimes) },
    features,
    memory: { maxRssBytes: maxRss, heapRetainedBytes: heapRetained, heapAfterColdBytes: heapAfterCold },
    coldProfile,
    load: { before: loadBefore, after: loadAverage() },
  };
}

if (require.main === module) {
  const o = args(process.argv.slice(2));
  void measure(o.dir, o).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
}
