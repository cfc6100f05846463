// `npm run bench`: generates S, M and L, measures each in its own child process (so peak memory
// belongs to one workspace), runs the built server and yaml-language-server over stdio on L, and
// prints the table with the targets.
//
//   npm run bench [-- --sizes S,M,L] [--seed N] [--edits N] [--reps N] [--no-lsp] [--reuse] [--no-rehearse]
//                 [--startup-runs N] [--no-storm] [--storm-only] [--tiny] [--json FILE]
//
// `--tiny` is the smoke mode used by the tests: S only, few edits and positions, no LSP runs, no storm.
// The storm (20,000 dataplanes, VirtualOutbounds that overlap everywhere) and the copy-paste case
// are measured through the built CLI and server: cold time, peak RSS, diagnostics, the most on one line.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate, Manifest, Size, writeWorkspace } from './generate';
import type { InProcessResult, Latency } from './inproc';
import { runMeshLensServer, runYamlLanguageServer, ServerRun } from './lsp';
import { runStorm, StormResult } from './storm';
import { KINDS, PhaseProfile } from './coldProfile';
import { measureStartup, StartupRun } from './startup';
import { commitOf, machine, mb, median, ms, p95 } from './util';

export interface BenchOptions {
  sizes: Size[];
  seed: number;
  edits: number;
  positions: number;
  reps: number;
  lsp: boolean;
  /** Rehearse the edit path before the edits, as the server does when idle after its cold start (`--no-rehearse`: not). */
  rehearse: boolean;
  storm: boolean;
  /** Runs of `mesh-lens check examples/` (0: none). */
  startupRuns: number;
  /** Keep a workspace already written for the same size and seed (generating L takes a while). */
  reuse: boolean;
  workDir: string;
  json?: string;
}

export interface BenchResult {
  machine: ReturnType<typeof machine>;
  loadAfter: number[];
  commit?: string;
  startup?: StartupRun | { error: string };
  seed: number;
  sizes: Partial<Record<Size, InProcessResult>>;
  meshLensServer?: ServerRun | { error: string };
  yamlLanguageServer?: ServerRun | { error: string };
  storm?: StormResult;
}

function parse(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: ['S', 'M', 'L'],
    seed: 7,
    edits: 40,
    positions: 400,
    reps: 5,
    lsp: true,
    rehearse: true,
    startupRuns: 20,
    reuse: false,
    storm: true,
    workDir: path.join(os.tmpdir(), 'mesh-lens-bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i]!.split(',') as Size[];
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--no-lsp') o.lsp = false;
    else if (a === '--no-rehearse') o.rehearse = false;
    else if (a === '--reuse') o.reuse = true;
    else if (a === '--startup-runs') o.startupRuns = Number(argv[++i]);
    else if (a === '--no-storm') o.storm = false;
    else if (a === '--storm-only') Object.assign(o, { sizes: [], startupRuns: 0 });
    else if (a === '--work') o.workDir = argv[++i]!;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--tiny') Object.assign(o, { sizes: ['S'], edits: 4, positions: 40, reps: 1, lsp: false, startupRuns: 0, storm: false });
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function log(s: string): void {
  process.stderr.write(s + '\n');
}

/** Runs bench/inproc.ts on one workspace in a fresh node process. */
function inProcess(dir: string, o: BenchOptions, edits: number): InProcessResult {
  const script = path.join(__dirname, 'inproc.ts');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=8192',
      script,
      '--dir',
      dir,
      '--edits',
      String(edits),
      '--positions',
      String(o.positions),
      '--reps',
      String(o.reps),
      ...(o.rehearse ? [] : ['--no-rehearse']),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      cwd: path.join(__dirname, '..'),
    },
  );
  if (r.status !== 0) throw new Error(`inproc failed on ${dir}: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as InProcessResult;
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const root = path.join(__dirname, '..');
  const result: BenchResult = { machine: machine(), loadAfter: [], commit: commitOf(root), seed: o.seed, sizes: {} };
  log(`machine: ${result.machine.cpus} CPUs (${result.machine.cpuModel}), ${result.machine.memoryGB} GB, node ${result.machine.node}, load ${result.machine.load.join(' ')}`);
  const dirs: Partial<Record<Size, string>> = {};
  for (const size of o.sizes) {
    const dir = path.join(o.workDir, `${size}-seed${o.seed}`);
    const written = path.join(dir, '.manifest.json');
    let manifest = o.reuse && fs.existsSync(written) ? (JSON.parse(fs.readFileSync(written, 'utf8')) as Manifest) : undefined;
    if (manifest?.size !== size || manifest.seed !== o.seed) {
      const ws = generate(size, o.seed);
      writeWorkspace(ws, dir);
      manifest = ws.manifest;
    }
    dirs[size] = dir;
    log(`${size}: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.documents} documents in ${dir}`);
    const t0 = Date.now();
    result.sizes[size] = inProcess(dir, o, o.edits);
    log(`${size}: in-process measurements done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (o.startupRuns > 0) {
    if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    log(`small repository: ${o.startupRuns} runs of mesh-lens check examples/...`);
    result.startup = measureStartup(root, o.startupRuns);
  }
  const big = o.sizes.includes('L') ? 'L' : o.sizes[o.sizes.length - 1];
  if (o.lsp && dirs[big!]) {
    const serverJs = path.join(__dirname, '..', 'dist', 'server.js');
    if (!fs.existsSync(serverJs)) {
      const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
      if (b.status !== 0) log('build failed; skipping the Mesh Lens server run');
    }
    if (fs.existsSync(serverJs)) {
      try {
        log(`${big}: Mesh Lens server over stdio...`);
        result.meshLensServer = await runMeshLensServer(dirs[big!]!, serverJs, { edits: 20, hovers: 200 });
      } catch (e) {
        result.meshLensServer = { error: (e as Error).message };
      }
    }
    try {
      log(`${big}: yaml-language-server over stdio (every file opened)...`);
      const schema = path.join(__dirname, '..', 'schemas', 'kuma-resources.schema.json');
      result.yamlLanguageServer = await runYamlLanguageServer(dirs[big!]!, schema, { edits: 20, hovers: 200 });
    } catch (e) {
      result.yamlLanguageServer = { error: (e as Error).message };
    }
  }
  if (o.storm) {
    const serverJs = path.join(__dirname, '..', 'dist', 'server.js');
    if (!fs.existsSync(serverJs)) spawnSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
    const t0 = Date.now();
    result.storm = await runStorm(o.workDir, o.seed, o.lsp, log);
    log(`storm: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  result.loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
  return result;
}

const isRun = (r: BenchResult['yamlLanguageServer']): r is ServerRun => !!r && !('error' in r);

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? 'met' : 'missed';
}

const lat = (l: Latency | null | undefined) => (l ? `${ms(l.median)} / ${ms(l.p95)}` : 'n/a');
const times = (x: number) => `${x.toFixed(2)}×`;

/** The cold run's profile as a table: phases by the clock, then sampled self time per kind of work. */
export function profileTable(phases: readonly PhaseProfile[]): string[] {
  const out: string[] = [];
  const wall = phases.reduce((n, p) => n + p.wallMs, 0);
  const used = KINDS.filter((k) => phases.some((p) => (p.kinds[k] ?? 0) >= 0.5));
  out.push(`| Phase | Wall (ms) | Share | ${used.map((k) => `${k} (ms)`).join(' | ')} |`);
  out.push(`|---|---|---|${used.map(() => '---|').join('')}`);
  for (const p of phases) out.push(`| ${p.phase} | ${ms(p.wallMs)} | ${((100 * p.wallMs) / wall).toFixed(0)} % | ${used.map((k) => ms(p.kinds[k] ?? 0)).join(' | ')} |`);
  const sum = (k: (typeof KINDS)[number]) => phases.reduce((n, p) => n + (p.kinds[k] ?? 0), 0);
  out.push(`| **total** | **${ms(wall)}** | 100 % | ${used.map((k) => `**${ms(sum(k))}**`).join(' | ')} |`);
  return out;
}

/** The results as Markdown tables. */
export function table(r: BenchResult): string {
  const out: string[] = [];
  const sizes = Object.keys(r.sizes) as Size[];
  out.push(
    `Commit ${r.commit ?? 'unknown'}. Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGB} GB RAM, Node ${r.machine.node}; load average ${r.machine.load.join(' / ')} before, ${r.loadAfter.join(' / ')} after. Seed ${r.seed}.`,
  );
  out.push('');
  out.push('Cold and floor runs alternate in one process; "cold / floor" is the median (and p95) of the per-pair ratios. Latencies are median / p95 with the number of samples.');
  out.push('');
  out.push(
    '| Size | Files | MB | Docs | Load before → after | Cold med / p95 (ms) | `yaml` floor med / p95 (ms) | Cold / floor, paired med / p95 (n) | Edit VO med / p95 (ms, n) | Edit DP med / p95 | Edit tag med / p95 | From scratch / edit VO | … DP | Hover med / p95 (ms, n) | Completion med / p95 | Definition med / p95 | Peak RSS (MB) | Heap retained (MB) | Diagnostics |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of sizes) {
    const x = r.sizes[s]!;
    const cold = median(x.cold.engineMs);
    const ratios = x.cold.ratios ?? x.cold.engineMs.map((t, i) => t / x.cold.floorMs[i]!);
    const n = (l: Latency | null | undefined) => (l ? `${lat(l)} (${l.n})` : 'n/a');
    out.push(
      `| ${s} | ${x.files} | ${(x.bytes / 1e6).toFixed(1)} | ${x.documents} | ${x.load ? `${x.load.before} → ${x.load.after}` : 'n/a'} | ${ms(cold)} / ${ms(p95(x.cold.engineMs))} | ${ms(median(x.cold.floorMs))} / ${ms(p95(x.cold.floorMs))} | ${times(median(ratios))} / ${times(p95(ratios))} (${ratios.length}) | ${n(x.edits.virtualOutbound)} | ${lat(x.edits.dataplane)} | ${lat(x.edits.tag)} | ${(cold / x.edits.virtualOutbound.median).toFixed(0)}× | ${(cold / x.edits.dataplane.median).toFixed(0)}× | ${n(x.features.hover)} | ${lat(x.features.completion)} | ${lat(x.features.definition)} | ${mb(x.memory.maxRssBytes)} | ${mb(x.memory.heapRetainedBytes)} | ${x.cold.diagnostics} |`,
    );
  }
  const profiled = [...sizes].reverse().find((s) => r.sizes[s]?.coldProfile);
  if (profiled) {
    out.push('');
    out.push(
      `Profile of one more cold run on ${profiled}, on the main thread only (no worker threads, so every sample is in it), with a 0.2 ms sampling profiler: wall time per phase, then sampled self time per kind of work (\`bench/coldProfile.ts\`).`,
    );
    out.push('');
    out.push(...profileTable(r.sizes[profiled]!.coldProfile!));
  }
  const L = r.sizes.L;
  const yls = isRun(r.yamlLanguageServer) ? r.yamlLanguageServer : undefined;
  const mls = isRun(r.meshLensServer) ? r.meshLensServer : undefined;
  if (L) {
    const ratios = L.cold.ratios ?? L.cold.engineMs.map((t, i) => t / L.cold.floorMs[i]!);
    const ratio = median(ratios);
    const edit = (l: Latency, med: number, tail: number) => `${ms(l.median)} / ${ms(l.p95)} ms (n=${l.n}) | ${verdict(l.median <= med)} / ${verdict(l.p95 <= tail)}`;
    out.push('');
    out.push(
      `Targets on L (incremental measured through ${L.incrementalVia === 'live-index' ? 'the live index, `WorkspaceIndex` in server/src/workspace' : '`analyzeFile` of the changed file + `resolveWorkspace` with a persistent RenderCache'}):`,
    );
    out.push('');
    out.push('| Target | Measured | Verdict |');
    out.push('|---|---|---|');
    out.push(
      `| Cold ≤ 1.0× \`parseAllDocuments\` floor (stretch 0.5×), paired | median ${times(ratio)}, p95 ${times(p95(ratios))} (${ms(median(L.cold.engineMs))} vs ${ms(median(L.cold.floorMs))} ms) | ${verdict(ratio <= 1)} |`,
    );
    if (L.cold.cpuRatios?.length) {
      out.push(
        `| (the same pairs in CPU time, every thread: work, not latency) | median ${times(median(L.cold.cpuRatios))}, p95 ${times(p95(L.cold.cpuRatios))} (${ms(median(L.cold.engineCpuMs))} vs ${ms(median(L.cold.floorCpuMs))} ms) | |`,
      );
    }
    out.push(`| Edit one VirtualOutbound ≤ 20 ms median / ≤ 50 ms p95 | ${edit(L.edits.virtualOutbound, 20, 50)} |`);
    out.push(`| Edit one Dataplane ≤ 10 ms median / ≤ 25 ms p95 | ${edit(L.edits.dataplane, 10, 25)} |`);
    out.push(`| Edit one tag value ≤ 10 ms median / ≤ 25 ms p95 | ${edit(L.edits.tag, 10, 25)} |`);
    for (const k of ['hover', 'completion', 'definition'] as const) {
      const f = L.features[k];
      out.push(`| ${k} ≤ 1 ms p95 | ${f ? `${ms(f.median)} / ${ms(f.p95)} ms (n=${f.n})` : 'n/a (not in the tree)'} | ${verdict(f ? f.p95 <= 1 : undefined)} |`);
    }
    out.push(
      `| Server peak RSS ≤ 400 MB over stdio (stretch 300) | ${mls?.hwmEndBytes ? `${mb(mls.hwmEndBytes)} MB (this process: RSS ${mb(L.memory.maxRssBytes)} MB, heap retained ${mb(L.memory.heapRetainedBytes)} MB)` : `not run over stdio; this process: RSS ${mb(L.memory.maxRssBytes)} MB, heap retained ${mb(L.memory.heapRetainedBytes)} MB`} | ${verdict(mls?.hwmEndBytes ? mls.hwmEndBytes <= 400 * 1048576 : undefined)} |`,
    );
  }
  if (r.startup) {
    out.push('');
    out.push("Small repository, whole process (each CLI run paired with an empty `node -e ''` right after it):");
    out.push('');
    out.push("| Command | Runs | Wall med / p95 (ms) | `node -e ''` med / p95 (ms) | Paired ratio | CPU per run: CLI / empty node (ms) | ≤ 300 ms median |");
    out.push('|---|---|---|---|---|---|---|');
    const st = r.startup;
    if ('error' in st) out.push(`| \`mesh-lens check examples/\` | — | ${st.error} | | | | — |`);
    else
      out.push(
        `| \`mesh-lens check examples/\` | ${st.runs} | ${ms(st.cliMs.median)} / ${ms(st.cliMs.p95)} | ${ms(st.nodeMs.median)} / ${ms(st.nodeMs.p95)} | ${times(st.ratio)} | ${st.cliCpuMs === undefined ? 'n/a' : `${ms(st.cliCpuMs)} / ${ms(st.nodeCpuMs)}`} | ${verdict(st.cliMs.median <= 300)} |`,
      );
  }
  if (yls || mls || r.yamlLanguageServer || r.meshLensServer) {
    out.push('');
    out.push(
      'Over stdio on the largest workspace, both servers in the same run (edits, hovers and completions in its largest file); "ratio" is yaml-language-server / Mesh Lens (above 1: Mesh Lens ahead):',
    );
    out.push('');
    out.push('| Row | Mesh Lens server | yaml-language-server 1.25.0 | Ratio | Target | Verdict |');
    out.push('|---|---|---|---|---|---|');
    const cell = (s: ServerRun | undefined, f: (s: ServerRun) => string) => (s ? f(s) : 'n/a');
    const ratioOf = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(a > 0) || Number.isNaN(b) ? undefined : b / a);
    const row = (name: string, f: (s: ServerRun) => string, a: number | undefined, b: number | undefined, target: string, need: number) => {
      const q = ratioOf(a, b);
      out.push(`| ${name} | ${cell(mls, f)} | ${cell(yls, f)} | ${q === undefined ? '—' : times(q)} | ${target} | ${verdict(q === undefined ? undefined : q >= need)} |`);
    };
    row('Workspace to diagnostics (ms)', (s) => ms(s.workspaceMs), mls?.workspaceMs, yls?.workspaceMs, '≥ 1.5×', 1.5);
    row('Edit → diagnostics median / p95 (ms)', (s) => lat(s.edit), mls?.edit?.median, yls?.edit?.median, '≥ 2× (median)', 2);
    row('Hover median / p95 (ms)', (s) => lat(s.hover), mls?.hover?.p95, yls?.hover?.p95, '≥ 1× (p95)', 1);
    row('Completion median / p95 (ms)', (s) => lat(s.completion), mls?.completion?.p95, yls?.completion?.p95, '≥ 1× (p95)', 1);
    row('Peak RSS after workspace / at end (MB)', (s) => `${mb(s.hwmAfterWorkspaceBytes)} / ${mb(s.hwmEndBytes)}`, mls?.hwmEndBytes, yls?.hwmEndBytes, '≥ 2× (at end)', 2);
    out.push(
      `| Files with diagnostics published / total diagnostics | ${cell(mls, (s) => `${s.publishedFiles} / ${s.diagnostics}`)} | ${cell(yls, (s) => `${s.publishedFiles} / ${s.diagnostics}`)} | | | |`,
    );
    for (const [name, s] of [
      ['Mesh Lens', r.meshLensServer],
      ['yaml-language-server', r.yamlLanguageServer],
    ] as const) {
      if (s && 'error' in s) out.push(`\n${name}: ${s.error}`);
      else if (s?.note) out.push(`\n${name}: ${s.note}.`);
    }
  }
  if (r.storm) out.push('', ...stormTable(r));
  return out.join('\n');
}

/** The storm rows, against L where L was measured (in process for the cold time, over stdio for the server). */
function stormTable(r: BenchResult): string[] {
  const st = r.storm!;
  const out: string[] = [];
  const L = r.sizes.L;
  const mls = isRun(r.meshLensServer) ? r.meshLensServer : undefined;
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '' : ` (${(a / b).toFixed(2)}× L)`);
  out.push(`Conflict storm (${st.files} files, 20,000 dataplanes, ${st.virtualOutbounds} VirtualOutbounds, most of them selecting every service with overlapping hostnames):`);
  out.push('');
  out.push('| Run | Cold (ms) | CPU (ms) | Peak RSS (MB) | Diagnostics | Most on one line / of one code |');
  out.push('|---|---|---|---|---|---|');
  if ('error' in st.check) out.push(`| \`mesh-lens check\` | ${st.check.error} | | | | |`);
  else
    out.push(
      `| \`mesh-lens check\` (built CLI) | ${ms(st.check.wallMs)} | ${ms(st.check.cpuMs)} | ${mb(st.check.maxRssBytes)} | ${st.check.diagnostics} | ${st.check.mostOnOneLine} / ${st.check.mostOnOneLineOneCode} |`,
    );
  if (st.server && 'error' in st.server) out.push(`| server over stdio | ${st.server.error} | | | | |`);
  else if (st.server) {
    const s = st.server;
    out.push(
      `| server over stdio (to ready / to last publish) | ${ms(s.workspaceMs)}${ratio(s.workspaceMs, mls?.workspaceMs)} / ${ms(s.publishedMs)} | ${ms(s.cpuMs)} | ${mb(s.hwmEndBytes)}${ratio(s.hwmEndBytes, mls?.hwmEndBytes)} | ${s.diagnostics} | ${s.mostOnOneLine} / ${s.mostOnOneLineOneCode} |`,
    );
  }
  if (L) out.push(`| L in process, for comparison | ${ms(median(L.cold.engineMs))} | | ${mb(L.memory.maxRssBytes)} | ${L.cold.diagnostics} | |`);
  out.push('');
  if ('error' in st.copyPaste) out.push(`Copy-paste case: ${st.copyPaste.error}`);
  else
    out.push(
      `Copy-paste case (two copies of one VirtualOutbound over ${st.copyPaste.services} services): findings per VirtualOutbound ${st.copyPaste.findingsPerVirtualOutbound.join(', ')}; \`check --expand\` prints ${st.copyPaste.expandedLines} lines.`,
    );
  return out;
}

if (require.main === module) {
  const o = parse(process.argv.slice(2));
  runBench(o)
    .then((r) => process.stdout.write(table(r) + '\n'))
    .catch((e) => {
      process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    });
}
