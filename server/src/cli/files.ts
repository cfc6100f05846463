// The YAML files named on the command line: files as they are, folders through the walker the
// language server uses (same names, same skips, same size limit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkYamlFiles, withinSizeLimit } from '../workspace/walk';

export class UsageError extends Error {}

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Path shown to the user, with `/` separators. */
  readonly display: string;
}

export async function collectFiles(paths: readonly string[], cwd: string): Promise<{ files: FoundFile[]; notes: string[]; base: string }> {
  const notes: string[] = [];
  const files = new Map<string, FoundFile>();
  const resolved = paths.map((p) => path.resolve(cwd, p));
  for (const p of resolved) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${path.relative(cwd, p) || p}`);
  // Paths are shown relative to the folder given when there is exactly one, else to the working folder.
  const single = resolved.length === 1 ? resolved[0]! : undefined;
  const base = single !== undefined && fs.statSync(single).isDirectory() ? single : cwd;
  const describe = (file: string) => path.relative(base, file);
  const options = { note: (m: string) => notes.push(m), describe, visited: new Set<string>() };
  const add = (file: string) => {
    const display = describe(file).split(path.sep).join('/') || path.basename(file);
    files.set(file, { path: file, display });
  };
  for (const p of resolved) {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const f of await walkYamlFiles(p, options)) add(f);
    else if (withinSizeLimit(p, stat.size, options)) add(p);
  }
  return { files: [...files.values()], notes, base };
}
