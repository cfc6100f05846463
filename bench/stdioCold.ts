// Paired cold starts over stdio: built servers (e.g. the commit before a lever and the commit with
// it), each spawned on the same workspace until `meshLens/status` says ready, alternated with
// yaml-language-server in one run, so that each server's workspace-to-diagnostics time is set
// against the peer's measured under the same load.
//
//   node --import tsx bench/stdioCold.ts --dir WORKSPACE --server A=path/server.js --server B=... \
//     [--rounds 2] [--no-peer] [--trace] [--hovers N]
//
// Each round runs the servers with the peer in the middle, every other round in reverse order
// (A peer B, then B peer A).
// A server's folder must also hold its serverMain.js and analysisWorker.js (copy dist/*.js of a commit).
// --trace sets MESH_LENS_TRACE and prints each run's phase timestamps; --hovers N also times N
// hovers in the largest file after ready.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { capabilities, Client, cpuOf, hoverPositions, runYamlLanguageServer } from './lsp';
import { fileUri, listYaml, median, p95, procMemory } from './util';

interface ColdRun {
  label: string;
  workspaceMs: number;
  cpuMs?: number;
  hwmMb?: number;
  hoverP95?: number;
  hoverMedian?: number;
  trace: string[];
}

async function meshLensCold(label: string, dir: string, serverJs: string, traced: boolean, hovers: number): Promise<ColdRun> {
  const trace: string[] = [];
  let pending = '';
  const env = traced ? { ...process.env, MESH_LENS_TRACE: '1' } : process.env;
  const c = new Client(
    process.execPath,
    [...(process.env.STDIO_COLD_NODE_ARGS ?? '').split(' ').filter(Boolean), serverJs, '--stdio'],
    () => null,
    (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) if (l.startsWith('[mesh-lens trace]')) trace.push(l.slice('[mesh-lens trace] '.length));
    },
    env,
  );
  try {
    const ready = c.next((m, p) => m === 'meshLens/status' && p?.state === 'ready', 600_000);
    const t0 = performance.now();
    await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(dir), workspaceFolders: [{ uri: fileUri(dir), name: path.basename(dir) }], capabilities: capabilities() });
    await c.conn.sendNotification('initialized', {});
    await ready;
    const workspaceMs = performance.now() - t0;
    const cpuMs = cpuOf(c.child.pid!);
    const hwmMb = (procMemory(c.child.pid!).hwm ?? 0) / 1e6;
    let hover: { median: number; p95: number } | undefined;
    if (hovers > 0) hover = await timeHovers(c, dir, hovers);
    return { label, workspaceMs, ...(cpuMs !== undefined ? { cpuMs } : {}), hwmMb, ...(hover ? { hoverMedian: hover.median, hoverP95: hover.p95 } : {}), trace };
  } finally {
    await c.stop();
  }
}

/** Hovers spread over the largest file, opened first, the way bench/lsp.ts picks them. */
async function timeHovers(c: Client, dir: string, n: number): Promise<{ median: number; p95: number }> {
  const files = listYaml(dir);
  let big = { file: files[0]!, text: '' };
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (text.length > big.text.length && /^ +version: v\d$/m.test(text)) big = { file: f, text };
  }
  const uri = `${fileUri(dir)}/${big.file}`;
  const opened = c.next((m, p) => m === 'meshLens/status' && p?.state === 'ready', 5000).catch(() => undefined);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: big.text } });
  await opened;
  const times: number[] = [];
  for (const position of hoverPositions(big.text, n)) {
    const t0 = performance.now();
    await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    times.push(performance.now() - t0);
  }
  return { median: median(times), p95: p95(times) };
}

/** One cold start of yaml-language-server (the peer's recipe in bench/lsp.ts). */
async function peerCold(dir: string, schema: string, hovers: number): Promise<ColdRun> {
  const y = await runYamlLanguageServer(dir, schema, { edits: 0, hovers });
  return {
    label: 'peer',
    workspaceMs: y.workspaceMs,
    ...(y.cpuMs !== undefined ? { cpuMs: y.cpuMs } : {}),
    hwmMb: (y.hwmAfterWorkspaceBytes ?? 0) / 1e6,
    ...(y.hover && hovers ? { hoverMedian: y.hover.median, hoverP95: y.hover.p95 } : {}),
    trace: [],
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const servers: { label: string; js: string }[] = [];
  let dir = '';
  let rounds = 2;
  let peer = true;
  let traced = false;
  let hovers = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--dir') dir = args[++i]!;
    else if (a === '--server') {
      const [label, js] = args[++i]!.split('=');
      servers.push({ label: label!, js: path.resolve(js!) });
    } else if (a === '--rounds') rounds = Number(args[++i]);
    else if (a === '--no-peer') peer = false;
    else if (a === '--trace') traced = true;
    else if (a === '--hovers') hovers = Number(args[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!dir || servers.length === 0) throw new Error('usage: --dir WORKSPACE --server LABEL=server.js [--server ...]');
  const schema = path.join(__dirname, '..', 'schemas', 'kuma-resources.schema.json');
  const runs: ColdRun[] = [];
  const say = (r: ColdRun) => {
    const load = os.loadavg()[0]!.toFixed(2);
    console.log(
      `${r.label}: ${r.workspaceMs.toFixed(0)} ms${r.cpuMs !== undefined ? `, cpu ${r.cpuMs.toFixed(0)} ms` : ''}${r.hwmMb ? `, hwm ${r.hwmMb.toFixed(0)} MB` : ''}${r.hoverP95 !== undefined ? `, hover med/p95 ${r.hoverMedian!.toFixed(2)}/${r.hoverP95.toFixed(2)} ms` : ''} (load ${load})`,
    );
    for (const t of r.trace) console.log(`    ${t}`);
  };
  console.log(
    `load before: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    const half = Math.ceil(order.length / 2);
    for (const [k, s] of order.entries()) {
      if (peer && k === half) {
        const r = await peerCold(dir, schema, hovers);
        runs.push(r);
        say(r);
      }
      const r = await meshLensCold(s.label, dir, s.js, traced, hovers);
      runs.push(r);
      say(r);
    }
    if (peer && order.length === 1) {
      const r = await peerCold(dir, schema, hovers);
      runs.push(r);
      say(r);
    }
  }
  console.log(
    `load after: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const peerMs = runs.filter((r) => r.label === 'peer').map((r) => r.workspaceMs);
  for (const s of servers) {
    const mine = runs.filter((r) => r.label === s.label);
    const ms = mine.map((r) => r.workspaceMs);
    const line = `${s.label}: workspace median ${median(ms).toFixed(0)} ms (n=${ms.length}), cpu median ${median(mine.map((r) => r.cpuMs ?? NaN)).toFixed(0)} ms`;
    console.log(peerMs.length ? `${line}; peer median ${median(peerMs).toFixed(0)} ms, ratio ${(median(peerMs) / median(ms)).toFixed(2)}×` : line);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
