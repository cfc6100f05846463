// Analyses many files on worker threads: parsing is the cost of a cold start, and it splits across
// the machine's cores. Results equal `analyzeFile` on the main thread, which is also the fallback
// when workers cannot start.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { analyzeFile, FileAnalysis } from '../engine/analyze';
import { FileAnalysisData, fromData } from '../engine/transfer';
import { WorkspaceIndex } from './index';
import { trace, tracing } from './trace';

export interface FileToAnalyze {
  readonly file: string;
  readonly text: string;
  /** The Kuma version to analyse as; 2.1 when unset. */
  readonly kumaVersion?: string;
}

/** The worker script: the bundled one next to the server, or the TypeScript source under a loader. */
function workerScript(): string | undefined {
  for (const name of ['analysisWorker.js', 'analysisWorker.ts']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Each worker's heap limits. V8 sizes a heap's growth from its limit: with the default one (4 GB
 * on a 24 GB machine) a worker's heap grew to 100-130 MB, mostly garbage of batches already
 * answered, and two workers beside the main thread made the server's peak memory of a cold start.
 * 1 GB is room for any batch of ordinary files; one large document can take 100 times its text
 * while it is read (a 20 MB Dataplane, 2.2 GB), so the largest file raises the limit. A worker that
 * runs out anyway fails the pool, and the files are analysed on the main thread. A young generation
 * of 16 MB instead of the default cost no measurable CPU time on L (8 MB did).
 */
export function workerResourceLimits(largestFileBytes: number): ResourceLimits {
  return { maxOldGenerationSizeMb: Math.max(1024, Math.ceil((160 * largestFileBytes) / 1048576)), maxYoungGenerationSizeMb: 16 };
}

/** Below this many bytes, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const BATCH_BYTES = 256 * 1024;

function threadCount(): number {
  return Math.min(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length, 4);
}

/** The TypeScript source (tests, benchmarks) needs the tsx loader, registered inside the thread. */
function startWorker(script: string, resourceLimits: ResourceLimits = workerResourceLimits(0)): Worker {
  const options = { resourceLimits };
  return script.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, ...options }) : new Worker(script, options);
}

/**
 * Worker threads started ahead of the files, for a workspace of at least `bytes` (e.g. as the
 * folder walk finds them): a thread loads its code while this one still reads the files. Hand
 * them to `analyzeFiles`, which ends them; undefined when that would not use threads.
 */
export function startWorkers(bytes: number): Worker[] | undefined {
  if (bytes < PARALLEL_MIN_BYTES) return undefined;
  const threads = threadCount();
  const script = workerScript();
  if (threads < 2 || !script) return undefined;
  const workers = Array.from({ length: threads }, () => startWorker(script));
  trace(`workers started ahead: ${workers.length}`);
  return workers;
}

export async function analyzeFiles(files: readonly FileToAnalyze[], onProgress?: (done: number) => void, started?: Worker[]): Promise<FileAnalysis[]> {
  const total = files.reduce((n, f) => n + f.text.length, 0);
  const threads = threadCount();
  const script = workerScript();
  if (total < PARALLEL_MIN_BYTES || threads < 2 || !script) {
    if (started) await Promise.all(started.map((w) => w.terminate()));
    return analyzeHere(files, onProgress);
  }
  try {
    return await analyzeOnWorkers(files, threads, script, onProgress, started);
  } catch {
    return analyzeHere(files, onProgress);
  }
}

function analyzeHere(files: readonly FileToAnalyze[], onProgress?: (done: number) => void): FileAnalysis[] {
  return files.map((f, i) => {
    const a = analyzeFile(f.file, f.text, f.kumaVersion);
    onProgress?.(i + 1);
    return a;
  });
}

export async function analyzeOnWorkers(files: readonly FileToAnalyze[], threads: number, script: string, onProgress?: (done: number) => void, started: Worker[] = []): Promise<FileAnalysis[]> {
  const batches: { start: number; files: FileToAnalyze[] }[] = [];
  let current: { start: number; files: FileToAnalyze[] } | undefined;
  let size = 0;
  files.forEach((f, i) => {
    if (!current || size >= BATCH_BYTES) {
      current = { start: i, files: [] };
      batches.push(current);
      size = 0;
    }
    current.files.push(f);
    size += f.text.length;
  });
  const results: FileAnalysis[] = new Array(files.length);
  let done = 0;
  let next = 0;
  const wanted = Math.min(threads, batches.length);
  const limits = workerResourceLimits(files.reduce((n, f) => Math.max(n, f.text.length), 0));
  // Threads started ahead are used first, unless a large file needs more room than they were given;
  // any beyond what the batches need are ended.
  const usable = limits.maxOldGenerationSizeMb === workerResourceLimits(0).maxOldGenerationSizeMb ? started : [];
  const workers = usable.slice(0, wanted);
  for (const spare of started.filter((w) => !workers.includes(w))) void spare.terminate();
  while (workers.length < wanted) workers.push(startWorker(script, limits));
  trace(`workers started: ${workers.length}, ${batches.length} batches`);
  let rebuildMs = 0;
  let first = true;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= batches.length) return resolve();
              const id = next++;
              worker.postMessage({ id, files: batches[id]!.files });
            };
            worker.on('message', (msg: { id: number; results?: FileAnalysisData[]; error?: string }) => {
              if (!msg.results) return reject(new Error(msg.error ?? 'analysis worker failed'));
              const batch = batches[msg.id];
              if (!batch) return reject(new Error(`analysis worker answered for unknown batch ${msg.id}`));
              if (first) trace('first batch back');
              first = false;
              const t0 = tracing ? performance.now() : 0;
              msg.results.forEach((data, k) => (results[batch.start + k] = fromData(data, batch.files[k]!.text)));
              if (tracing) rebuildMs += performance.now() - t0;
              done += batch.files.length;
              onProgress?.(done);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`analysis worker exited with ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    trace(`workers done; rebuilding results on this thread took ${rebuildMs.toFixed(0)} ms`);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** Analyses, on worker threads, every file of the index whose current text has no analysis yet. */
export async function analyzePending(index: WorkspaceIndex, onProgress?: (done: number, total: number) => void, started?: Worker[]): Promise<void> {
  const todo = index.filesToAnalyze();
  const results = await analyzeFiles(todo, (done) => onProgress?.(done, todo.length), started);
  // analyzeFiles resolves once every batch has answered, so each file has its analysis.
  todo.forEach((t, i) => index.adopt(t.uri, results[i]!));
}
