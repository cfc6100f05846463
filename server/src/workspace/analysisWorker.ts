// A worker thread that analyses files for the pool in analysisPool.ts: text in, plain data out
// (without the text: the pool still holds it).
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../engine/analyze';
import { toData } from '../engine/transfer';

export interface AnalysisRequest {
  readonly id: number;
  readonly files: readonly { file: string; text: string; kumaVersion?: string }[];
}

parentPort?.on('message', (req: AnalysisRequest) => {
  try {
    parentPort!.postMessage({ id: req.id, results: req.files.map((f) => toData(analyzeFile(f.file, f.text, f.kumaVersion), false)) });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: String((e as Error).stack ?? e) });
  }
});
