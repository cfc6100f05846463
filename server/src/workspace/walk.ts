// The one folder walker, for the language server and the CLI: every `*.yaml` / `*.yml` file under
// a folder, in name order, skipping node_modules, .git, symlink loops and files over the size
// limit, so both see the same files.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export interface WalkOptions {
  /** Leaves a file or folder out (its absolute path). */
  readonly exclude?: (absolute: string) => boolean;
  /** Why something was skipped, with the path as given by `describe`. */
  readonly note: (message: string) => void;
  /** How a path is named in notes; the absolute path by default. */
  readonly describe?: (absolute: string) => string;
  /** Real paths of folders already walked, shared across roots. */
  readonly visited?: Set<string>;
  /** Called with each file found and its size, as the walk goes. */
  readonly onFile?: (absolute: string, bytes: number) => void;
}

/** True when the file may be read: under the size limit (a note says why not). */
export function withinSizeLimit(file: string, size: number, options: Pick<WalkOptions, 'note' | 'describe'>): boolean {
  if (size <= MAX_FILE_BYTES) return true;
  options.note(`skipped ${(options.describe ?? String)(file)}: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit`);
  return false;
}

/** The YAML files under `dir`, absolute paths in walk order. */
export async function walkYamlFiles(dir: string, options: WalkOptions): Promise<string[]> {
  const found: string[] = [];
  const visited = options.visited ?? new Set<string>();
  const describe = options.describe ?? String;
  const walk = async (folder: string): Promise<void> => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = await fs.promises.realpath(folder);
      if (visited.has(real)) return;
      visited.add(real);
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch {
      options.note(`skipped ${describe(folder)}: cannot be read`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(folder, e.name);
      if (options.exclude?.(full)) continue;
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(full);
      } catch {
        options.note(`skipped ${describe(full)}: cannot be read (broken link?)`);
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await walk(full);
      } else if (stat.isFile() && isYamlName(e.name) && withinSizeLimit(full, stat.size, options)) {
        found.push(full);
        options.onFile?.(full, stat.size);
      }
    }
  };
  await walk(dir);
  return found;
}
