// Collects the YAML files under the paths given on the command line: files as they are, folders
// recursively (`*.yaml`, `*.yml`), skipping node_modules, .git and symlink loops.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SKIPPED_DIRS = new Set(['node_modules', '.git']);
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export class UsageError extends Error {}

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Path shown to the user, with `/` separators. */
  readonly display: string;
}

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export function collectFiles(paths: readonly string[], cwd: string): { files: FoundFile[]; notes: string[]; base: string } {
  const notes: string[] = [];
  const files = new Map<string, FoundFile>();
  const resolved = paths.map((p) => path.resolve(cwd, p));
  for (const p of resolved) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p === path.resolve(cwd, p) ? path.relative(cwd, p) || p : p}`);
  // Paths are shown relative to the folder given when there is exactly one, else to the working folder.
  const base = resolved.length === 1 && fs.statSync(resolved[0]).isDirectory() ? resolved[0] : cwd;
  const visited = new Set<string>();
  const add = (file: string) => {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      notes.push(`skipped ${path.relative(base, file)}: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit`);
      return;
    }
    const display = path.relative(base, file).split(path.sep).join('/') || path.basename(file);
    files.set(file, { path: file, display });
  };
  const walk = (dir: string) => {
    const real = fs.realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        notes.push(`skipped ${path.relative(base, full)}: cannot be read (broken link?)`);
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (stat.isFile() && isYamlName(entry.name)) add(full);
    }
  };
  for (const p of resolved) {
    if (fs.statSync(p).isDirectory()) walk(p);
    else add(p);
  }
  return { files: [...files.values()], notes, base };
}
