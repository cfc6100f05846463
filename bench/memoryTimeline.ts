// The Mesh Lens server's memory over time on one workspace, over stdio: VmRSS of the server process
// sampled every 20 ms, with the server's log lines as markers (one per analysis and per resolution),
// to see where the peak happens. `node --import tsx bench/memoryTimeline.ts DIR [--server=dist/server.js] [--node-arg=FLAG ...] [--quiet]`.
import * as path from 'node:path';
import { runMeshLensServer } from './lsp';
import { mb, procMemory } from './util';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) throw new Error('usage: memoryTimeline.ts DIR [--server=dist/server.js] [--node-arg=FLAG ...] [--quiet]');
  const nodeArgs = args.filter((a) => a.startsWith('--node-arg=')).map((a) => a.slice('--node-arg='.length));
  const quiet = args.includes('--quiet');
  const server = args.find((a) => a.startsWith('--server='))?.slice('--server='.length) ?? path.resolve(__dirname, '..', 'dist', 'server.js');
  const t0 = performance.now();
  const at = () => (performance.now() - t0).toFixed(0).padStart(6);
  let timer: NodeJS.Timeout | undefined;
  let lastPrinted = 0;
  let peak = 0;
  let peakAt = 0;
  const run = await runMeshLensServer(path.resolve(dir), path.resolve(server), {
    edits: 20,
    hovers: 200,
    nodeArgs,
    onSpawn: (pid, conn) => {
      conn.onNotification('window/logMessage', (p: { message: string }) => {
        if (!quiet) console.log(`${at()} ms  log  ${p.message.slice(0, 160)}`);
      });
      timer = setInterval(() => {
        const m = procMemory(pid);
        if (m.rss === undefined) return;
        if (m.rss > peak) {
          peak = m.rss;
          peakAt = performance.now() - t0;
        }
        // Print when RSS moved by 8 MB or more since the last line.
        if (!quiet && Math.abs(m.rss - lastPrinted) >= 8 * 1048576) {
          lastPrinted = m.rss;
          console.log(`${at()} ms  rss ${mb(m.rss).padStart(4)} MB  hwm ${mb(m.hwm).padStart(4)} MB`);
        }
      }, 20);
    },
  });
  if (timer) clearInterval(timer);
  console.log(
    JSON.stringify({
      workspaceMs: Math.round(run.workspaceMs),
      hwmAfterWorkspaceMB: Number(mb(run.hwmAfterWorkspaceBytes)),
      hwmEndMB: Number(mb(run.hwmEndBytes)),
      sampledPeakMB: Number(mb(peak)),
      sampledPeakAtMs: Math.round(peakAt),
      cpuMs: run.cpuMs,
      edit: run.edit,
      hoverP95: run.hover?.p95,
      completionP95: run.completion?.p95,
      diagnostics: run.diagnostics,
    }),
  );
}

void main();
