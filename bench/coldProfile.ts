// Where a cold run's time goes: one extra cold run on the main thread (no worker threads, so every
// sample lands in this profile), split into phases by the clock and, inside each phase, into kinds
// of work by a sampling CPU profile of that phase. The kinds follow the source file a sample's
// function comes from (the `yaml` lexer, its CST parser, its composer, the engine's block reader,
// the engine's resource reading, resolution, diagnostics, the LSP conversion).
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { analyzeFile } from '../server/src/engine/analyze';
import { workspaceDiagnostics } from '../server/src/features/diagnostics';
import { WorkspaceIndex } from '../server/src/workspace/index';

export type Kind = 'read' | 'lex' | 'parse' | 'compose' | 'block' | 'resources' | 'resolve' | 'diagnose' | 'publish' | 'gc' | 'other';
export const KINDS: readonly Kind[] = ['read', 'lex', 'parse', 'compose', 'block', 'resources', 'resolve', 'diagnose', 'publish', 'gc', 'other'];

export interface PhaseProfile {
  phase: 'read' | 'analyze' | 'resolve' | 'publish';
  wallMs: number;
  /** The phase's wall time split by the share of profiler samples per kind of work, in ms. */
  kinds: Partial<Record<Kind, number>>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The kind of work a sampled function does, from where it is defined. */
export function kindOf(functionName: string, url: string): Kind {
  if (functionName === '(garbage collector)') return 'gc';
  const u = url.replace(/\\/g, '/');
  if (/\/yaml\/dist\/parse\/lexer\.js$/.test(u)) return 'lex';
  if (/\/yaml\/dist\/parse\//.test(u)) return 'parse';
  if (/\/yaml\/dist\//.test(u)) return 'compose';
  // Trees built from the lexer's tokens without the CST parser and composer (yaml/blockReader.ts).
  if (/\/server\/src\/engine\/yaml\/blockReader\.ts$/.test(u)) return 'block';
  if (/^node:(fs|internal\/fs)/.test(u) || /^(readFileSync|tryReadSync|readSync)$/.test(functionName)) return 'read';
  if (/\/server\/src\/features\/|\/vscode-languageserver/.test(u)) return 'publish';
  if (/\/server\/src\/engine\/(resolve\/(diagnose|advice|explain)|rules|suppress)\.ts$/.test(u)) return 'diagnose';
  if (/\/server\/src\/engine\/(resolve|vips|render|gotemplate|kubernetes)\/|\/server\/src\/engine\/(workspaceModel|multizone)\.ts$|\/server\/src\/workspace\//.test(u)) return 'resolve';
  if (/\/server\/src\/engine\//.test(u)) return 'resources';
  return 'other';
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** Native file-system bindings, which carry no source file. */
const FS_BINDINGS = /^(read|open|close|fstat|stat|lstat|opendir|readdir|readFileUtf8|realpath)$/;

/**
 * The phase's wall time split by the share of samples per kind. Sample counts, not the time between
 * samples: on a busy machine the sampling thread is starved and single gaps grow long.
 */
function summarise(p: Profile, wallMs: number, own: Kind): Partial<Record<Kind, number>> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Regular expressions and other built-ins have no source file: they count for their caller.
  const kindCache = new Map<number, Kind | null>();
  const kindOfNode = (id: number): Kind | null => {
    const cached = kindCache.get(id);
    if (cached !== undefined) return cached;
    const n = byId.get(id)!;
    const { functionName: name, url } = n.callFrame;
    let k: Kind | null;
    // The profiler's own round trips and time with nothing on the stack are not the run's.
    if (name === '(idle)' || name === '(program)' || name === '(root)' || (name === 'dispatch' && !url)) k = null;
    else if (!url && FS_BINDINGS.test(name)) k = 'read';
    else if (/\/bench\/coldProfile\.ts$/.test(url)) k = own;
    else if (!url && name !== '(garbage collector)') {
      const up = parent.get(id);
      k = up === undefined ? 'other' : (kindOfNode(up) ?? 'other');
    } else k = kindOf(name, url);
    kindCache.set(id, k);
    return k;
  };
  const counts: Partial<Record<Kind, number>> = {};
  let total = 0;
  for (const id of p.samples) {
    const k = kindOfNode(id);
    if (!k) continue;
    counts[k] = (counts[k] ?? 0) + 1;
    total++;
  }
  // Too short for a sample: all of it is the phase's own kind of work.
  if (total === 0) return { [own]: wallMs };
  const out: Partial<Record<Kind, number>> = {};
  for (const k of KINDS) if (counts[k]) out[k] = (wallMs * counts[k]!) / total;
  return out;
}

/** One profiled cold run of the live index over `files` in `dir` (URIs under `root`). */
export async function profileCold(dir: string, root: string, files: readonly string[]): Promise<PhaseProfile[]> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  const phases: PhaseProfile[] = [];
  const phase = async <T>(name: PhaseProfile['phase'], own: Kind, fn: () => T): Promise<T> => {
    await post(session, 'Profiler.start');
    const t0 = performance.now();
    const r = fn();
    const wallMs = performance.now() - t0;
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
    phases.push({ phase: name, wallMs, kinds: summarise(profile, wallMs, own) });
    return r;
  };
  try {
    const index = new WorkspaceIndex([{ uri: root, name: path.basename(dir) }]);
    const texts = await phase('read', 'read', () => files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
    files.forEach((f, i) => index.setDisk(`${root}/${f}`, texts[i]!));
    await phase('analyze', 'resources', () => {
      for (const t of index.filesToAnalyze()) index.adopt(t.uri, analyzeFile(t.file, t.text, t.kumaVersion));
    });
    const snapshot = await phase('resolve', 'resolve', () => {
      const s = index.snapshot();
      if (s.diagnostics.length === 0) throw new Error('profiled cold run found no diagnostics');
      return s;
    });
    // As the server publishes: LSP diagnostics per file, compared by their JSON text.
    await phase('publish', 'publish', () => {
      let bytes = 0;
      for (const list of workspaceDiagnostics(snapshot, 'https://example.invalid/rules').values()) bytes += JSON.stringify(list).length;
      return bytes;
    });
  } finally {
    session.disconnect();
  }
  return phases;
}
