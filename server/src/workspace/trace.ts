// Phase timestamps of the server's cold path, on stderr, when MESH_LENS_TRACE is set: where the
// time from spawn to the first `ready` goes (milliseconds since the process started).
import { performance } from 'node:perf_hooks';

const enabled = !!process.env.MESH_LENS_TRACE;

/** Notes that a phase ended. */
export function trace(phase: string): void {
  if (!enabled) return;
  const now = performance.now();
  const cpu = process.cpuUsage();
  process.stderr.write(`[mesh-lens trace] ${now.toFixed(0)} ms ${phase} cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms rss ${(process.memoryUsage.rss() / 1e6).toFixed(0)} MB\n`);
}

export const tracing = enabled;
