// `npm run bench`: generates S, M and L, measures each in its own child process (so peak memory
// belongs to one workspace), runs the built server and yaml-language-server over stdio on L, and
// prints the table with the targets.
//
//   npm run bench [-- --sizes S,M,L] [--seed N] [--edits N] [--no-lsp] [--no-storm] [--storm-only] [--tiny] [--json FILE]
//
// `--tiny` is the smoke mode used by the tests: S only, few edits and positions, no LSP runs, no storm.
// The storm (20,000 dataplanes, VirtualOutbounds that overlap everywhere) and the copy-paste case
// are measured through the built CLI and server: cold time, peak RSS, diagnostics, the most on one line.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate, Size, writeWorkspace } from './generate';
import type { InProcessResult, Latency } from './inproc';
import { runMeshLensServer, runYamlLanguageServer, ServerRun } from './lsp';
import { runStorm, StormResult } from './storm';
import { machine, mb, median, ms } from './util';

export interface BenchOptions {
  sizes: Size[];
  seed: number;
  edits: number;
  positions: number;
  reps: number;
  lsp: boolean;
  storm: boolean;
  workDir: string;
  json?: string;
}

export interface BenchResult {
  machine: ReturnType<typeof machine>;
  loadAfter: number[];
  seed: number;
  sizes: Partial<Record<Size, InProcessResult>>;
  meshLensServer?: ServerRun | { error: string };
  yamlLanguageServer?: ServerRun | { error: string };
  storm?: StormResult;
}

function parse(argv: string[]): BenchOptions {
  const o: BenchOptions = { sizes: ['S', 'M', 'L'], seed: 7, edits: 20, positions: 400, reps: 2, lsp: true, storm: true, workDir: path.join(os.tmpdir(), 'mesh-lens-bench') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i].split(',') as Size[];
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--no-lsp') o.lsp = false;
    else if (a === '--no-storm') o.storm = false;
    else if (a === '--storm-only') Object.assign(o, { sizes: [] });
    else if (a === '--work') o.workDir = argv[++i];
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--tiny') Object.assign(o, { sizes: ['S'], edits: 4, positions: 40, reps: 1, lsp: false, storm: false });
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
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', script, '--dir', dir, '--edits', String(edits), '--positions', String(o.positions), '--reps', String(o.reps)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    cwd: path.join(__dirname, '..'),
  });
  if (r.status !== 0) throw new Error(`inproc failed on ${dir}: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as InProcessResult;
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const result: BenchResult = { machine: machine(), loadAfter: [], seed: o.seed, sizes: {} };
  log(`machine: ${result.machine.cpus} CPUs (${result.machine.cpuModel}), ${result.machine.memoryGB} GB, node ${result.machine.node}, load ${result.machine.load.join(' ')}`);
  const dirs: Partial<Record<Size, string>> = {};
  for (const size of o.sizes) {
    const dir = path.join(o.workDir, `${size}-seed${o.seed}`);
    const ws = generate(size, o.seed);
    writeWorkspace(ws, dir);
    dirs[size] = dir;
    log(`${size}: ${ws.manifest.files} files, ${(ws.manifest.bytes / 1e6).toFixed(1)} MB, ${ws.manifest.documents} documents in ${dir}`);
    // L's edits go through a full re-resolution today, so fewer of them keep the run short.
    const edits = size === 'L' ? Math.min(o.edits, 12) : o.edits;
    const t0 = Date.now();
    result.sizes[size] = inProcess(dir, o, edits);
    log(`${size}: in-process measurements done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const big = o.sizes.includes('L') ? 'L' : o.sizes[o.sizes.length - 1];
  if (o.lsp && dirs[big]) {
    const serverJs = path.join(__dirname, '..', 'dist', 'server.js');
    if (!fs.existsSync(serverJs)) {
      const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
      if (b.status !== 0) log('build failed; skipping the Mesh Lens server run');
    }
    if (fs.existsSync(serverJs)) {
      try {
        log(`${big}: Mesh Lens server over stdio...`);
        result.meshLensServer = await runMeshLensServer(dirs[big]!, serverJs, { edits: 20, hovers: 200 });
      } catch (e) {
        result.meshLensServer = { error: (e as Error).message };
      }
    }
    try {
      log(`${big}: yaml-language-server over stdio (every file opened)...`);
      const schema = path.join(__dirname, '..', 'schemas', 'kuma-resources.schema.json');
      result.yamlLanguageServer = await runYamlLanguageServer(dirs[big]!, schema, { edits: 20, hovers: 200 });
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

/** The results as Markdown tables. */
export function table(r: BenchResult): string {
  const out: string[] = [];
  const sizes = Object.keys(r.sizes) as Size[];
  out.push(`Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGB} GB RAM, Node ${r.machine.node}; load average ${r.machine.load.join(' / ')} before, ${r.loadAfter.join(' / ')} after. Seed ${r.seed}.`);
  out.push('');
  out.push('| Size | Files | MB | Docs | Cold (ms) | `yaml` parse floor (ms) | Cold / floor | Edit VO med / p95 (ms) | Edit DP med / p95 | Edit tag med / p95 | From scratch / edit VO | … DP | Hover med / p95 (ms) | Completion med / p95 | Definition med / p95 | Peak RSS (MB) | Heap retained (MB) | Diagnostics |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const lat = (l: Latency | null | undefined) => (l ? `${ms(l.median)} / ${ms(l.p95)}` : 'n/a');
  for (const s of sizes) {
    const x = r.sizes[s]!;
    const cold = median(x.cold.engineMs);
    const fl = median(x.cold.floorMs);
    out.push(
      `| ${s} | ${x.files} | ${(x.bytes / 1e6).toFixed(1)} | ${x.documents} | ${ms(cold)} | ${ms(fl)} | ${(cold / fl).toFixed(2)}× | ${lat(x.edits.virtualOutbound)} | ${lat(x.edits.dataplane)} | ${lat(x.edits.tag)} | ${(cold / x.edits.virtualOutbound.median).toFixed(1)}× | ${(cold / x.edits.dataplane.median).toFixed(1)}× | ${lat(x.features.hover)} | ${lat(x.features.completion)} | ${lat(x.features.definition)} | ${mb(x.memory.maxRssBytes)} | ${mb(x.memory.heapRetainedBytes)} | ${x.cold.diagnostics} |`,
    );
  }
  const L = r.sizes.L;
  const yls = isRun(r.yamlLanguageServer) ? r.yamlLanguageServer : undefined;
  const mls = isRun(r.meshLensServer) ? r.meshLensServer : undefined;
  if (L) {
    const cold = median(L.cold.engineMs);
    const fl = median(L.cold.floorMs);
    const feat = (k: 'hover' | 'completion' | 'definition') => L.features[k];
    out.push('');
    out.push(`Targets on L (incremental measured through ${L.incrementalVia === 'live-index' ? 'the live index, `WorkspaceIndex` in server/src/workspace' : '`analyzeFile` of the changed file + `resolveWorkspace` with a persistent RenderCache'}):`);
    out.push('');
    out.push('| Target | Measured | Verdict |');
    out.push('|---|---|---|');
    out.push(`| Cold ≤ 1.0× \`parseAllDocuments\` floor (stretch 0.5×) | ${ms(cold)} ms vs ${ms(fl)} ms = ${(cold / fl).toFixed(2)}× | ${verdict(cold <= fl)} |`);
    out.push(`| Edit one VirtualOutbound → diagnostics ≤ 20 ms median | ${ms(L.edits.virtualOutbound.median)} ms (p95 ${ms(L.edits.virtualOutbound.p95)}) | ${verdict(L.edits.virtualOutbound.median <= 20)} |`);
    out.push(`| Edit one Dataplane → diagnostics ≤ 10 ms median | ${ms(L.edits.dataplane.median)} ms (p95 ${ms(L.edits.dataplane.p95)}); tag value ${ms(L.edits.tag.median)} ms | ${verdict(L.edits.dataplane.median <= 10)} |`);
    out.push(`| Edits ≥ 50× faster than from scratch | VO ${(cold / L.edits.virtualOutbound.median).toFixed(1)}×, DP ${(cold / L.edits.dataplane.median).toFixed(1)}×, tag ${(cold / L.edits.tag.median).toFixed(1)}× | ${verdict(Math.min(L.edits.virtualOutbound.median, L.edits.dataplane.median, L.edits.tag.median) * 50 <= cold && Math.max(L.edits.virtualOutbound.median, L.edits.dataplane.median, L.edits.tag.median) * 50 <= cold)} |`);
    for (const k of ['hover', 'completion', 'definition'] as const) {
      const f = feat(k);
      out.push(`| ${k} ≤ 1 ms p95 | ${f ? `${ms(f.median)} / ${ms(f.p95)} ms (n=${f.n})` : 'n/a (not in the tree)'} | ${verdict(f ? f.p95 <= 1 : undefined)} |`);
    }
    out.push(`| Peak memory ≤ 400 MB | RSS ${mb(L.memory.maxRssBytes)} MB, heap retained ${mb(L.memory.heapRetainedBytes)} MB | ${verdict(L.memory.maxRssBytes <= 400 * 1048576)} |`);
  }
  if (yls || mls || r.yamlLanguageServer || r.meshLensServer) {
    out.push('');
    out.push('Over stdio on the largest workspace (edits, hovers and completions in its largest file):');
    out.push('');
    out.push('| Row | Mesh Lens server | yaml-language-server 1.25.0 | Mesh Lens ahead? |');
    out.push('|---|---|---|---|');
    const cell = (s: ServerRun | undefined, f: (s: ServerRun) => string) => (s ? f(s) : 'n/a');
    const ahead = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? '—' : a < b ? 'yes' : 'no');
    out.push(`| Workspace to diagnostics (ms) | ${cell(mls, (s) => ms(s.workspaceMs))} | ${cell(yls, (s) => ms(s.workspaceMs))} | ${ahead(mls?.workspaceMs, yls?.workspaceMs)} |`);
    out.push(`| Edit → diagnostics median / p95 (ms) | ${cell(mls, (s) => (s.edit ? `${ms(s.edit.median)} / ${ms(s.edit.p95)}` : 'n/a'))} | ${cell(yls, (s) => (s.edit ? `${ms(s.edit.median)} / ${ms(s.edit.p95)}` : 'n/a'))} | ${ahead(mls?.edit?.median, yls?.edit?.median)} |`);
    out.push(`| Hover median / p95 (ms) | ${cell(mls, (s) => (s.hover ? `${ms(s.hover.median)} / ${ms(s.hover.p95)}` : 'n/a'))} | ${cell(yls, (s) => (s.hover ? `${ms(s.hover.median)} / ${ms(s.hover.p95)}` : 'n/a'))} | ${ahead(mls?.hover?.p95, yls?.hover?.p95)} |`);
    out.push(`| Completion median / p95 (ms) | ${cell(mls, (s) => (s.completion ? `${ms(s.completion.median)} / ${ms(s.completion.p95)}` : 'n/a'))} | ${cell(yls, (s) => (s.completion ? `${ms(s.completion.median)} / ${ms(s.completion.p95)}` : 'n/a'))} | ${ahead(mls?.completion?.p95, yls?.completion?.p95)} |`);
    out.push(`| Peak RSS after workspace / at end (MB) | ${cell(mls, (s) => `${mb(s.hwmAfterWorkspaceBytes)} / ${mb(s.hwmEndBytes)}`)} | ${cell(yls, (s) => `${mb(s.hwmAfterWorkspaceBytes)} / ${mb(s.hwmEndBytes)}`)} | ${ahead(mls?.hwmEndBytes, yls?.hwmEndBytes)} |`);
    out.push(`| Files with diagnostics published / total diagnostics | ${cell(mls, (s) => `${s.publishedFiles} / ${s.diagnostics}`)} | ${cell(yls, (s) => `${s.publishedFiles} / ${s.diagnostics}`)} | |`);
    for (const [name, s] of [['Mesh Lens', r.meshLensServer], ['yaml-language-server', r.yamlLanguageServer]] as const) {
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
  else out.push(`| \`mesh-lens check\` (built CLI) | ${ms(st.check.wallMs)} | ${ms(st.check.cpuMs)} | ${mb(st.check.maxRssBytes)} | ${st.check.diagnostics} | ${st.check.mostOnOneLine} / ${st.check.mostOnOneLineOneCode} |`);
  if (st.server && 'error' in st.server) out.push(`| server over stdio | ${st.server.error} | | | | |`);
  else if (st.server) {
    const s = st.server;
    out.push(`| server over stdio (to ready / to last publish) | ${ms(s.workspaceMs)}${ratio(s.workspaceMs, mls?.workspaceMs)} / ${ms(s.publishedMs)} | ${ms(s.cpuMs)} | ${mb(s.hwmEndBytes)}${ratio(s.hwmEndBytes, mls?.hwmEndBytes)} | ${s.diagnostics} | ${s.mostOnOneLine} / ${s.mostOnOneLineOneCode} |`);
  }
  if (L) out.push(`| L in process, for comparison | ${ms(median(L.cold.engineMs))} | | ${mb(L.memory.maxRssBytes)} | ${L.cold.diagnostics} | |`);
  out.push('');
  if ('error' in st.copyPaste) out.push(`Copy-paste case: ${st.copyPaste.error}`);
  else out.push(`Copy-paste case (two copies of one VirtualOutbound over ${st.copyPaste.services} services): findings per VirtualOutbound ${st.copyPaste.findingsPerVirtualOutbound.join(', ')}; \`check --expand\` prints ${st.copyPaste.expandedLines} lines.`);
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
