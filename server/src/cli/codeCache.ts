// Runs a CommonJS bundle with V8's code cache, so that a second start of the CLI, the language server
// or its analysis worker does not parse and compile the bundle's functions again: for a small
// repository, compiling the code costs more than checking the files. The cache is V8's own serialised
// code, written once the bundle has run its cold path (so it holds the functions that ran compiled
// too), named by the bundle's content, Node's version and the architecture, and kept in the user's
// cache folder. Anything that goes wrong with the cache only means the bundle is compiled as usual.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { threadId } from 'node:worker_threads';

/** Set to `off` to run without the cache. */
export const CODE_CACHE_ENV = 'MESH_LENS_CODE_CACHE';

/** Where a launcher leaves the function that writes its bundle's cache, for the bundle to call. */
const WRITE_HOOK = Symbol.for('mesh-lens.writeCodeCache');

/** V8 checks a cache's header but not its payload: a damaged file is caught by this digest instead. */
const DIGEST_BYTES = 32;

/** The per-user cache folder: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | undefined {
  if (platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'mesh-lens', 'cache') : undefined;
  if (platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'mesh-lens') : undefined;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : undefined;
  return base ? path.join(base, 'mesh-lens') : undefined;
}

/**
 * The cache file for one bundle text: V8 checks only the source's length, so the name carries a hash
 * of the content; `name` tells the bundles apart (each keeps only its newest cache).
 */
export function cacheFileFor(source: string, cacheDir: string, name = 'cli'): string {
  const key = createHash('sha256').update(process.version).update('\0').update(process.arch).update('\0').update(source).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${name}-${key}.v8cache`);
}

export interface CodeCacheRun {
  /** Whether compiled code was read from the cache and accepted by V8. */
  readonly usedCache: boolean;
  /** Where the cache is (or would be) kept; undefined when disabled. */
  readonly cacheFile?: string;
}

/**
 * Loads `file` as the CommonJS module it is (its own `require`, `module`, `__dirname`), with V8's
 * compiled code from `cacheDir` when there is a usable cache. When there is none, writes one when the
 * bundle calls `writeCodeCache` (once its cold path has run) or else when the process exits.
 */
export function runWithCodeCache(file: string, cacheDir: string | undefined, name = 'cli'): CodeCacheRun {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheDir ? cacheFileFor(source, cacheDir, name) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheFile && !usedCache) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCache(cacheFile, script, name);
    };
    (globalThis as Record<symbol, unknown>)[WRITE_HOOK] = write;
    process.once('exit', write);
  }
  const mod = new Module(file, require.main ?? undefined);
  mod.filename = file;
  mod.loaded = true;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  return { usedCache, cacheFile };
}

/**
 * Called by a bundle once its cold path has run (the server after its first `ready`): writes the cache
 * now, with the functions compiled so far, when the launcher asked for one; else does nothing.
 */
export function writeCodeCache(): void {
  const write = (globalThis as Record<symbol, unknown>)[WRITE_HOOK];
  if (typeof write === 'function') (write as () => void)();
}

/** The cached code when the file is whole (its digest matches), else undefined. */
function readCache(cacheFile: string): Buffer | undefined {
  try {
    const file = fs.readFileSync(cacheFile);
    if (file.length <= DIGEST_BYTES) return undefined;
    const data = file.subarray(DIGEST_BYTES);
    return createHash('sha256').update(data).digest().equals(file.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Written under a temporary name and renamed, so that a concurrent run reads a whole file or none. */
function writeCache(cacheFile: string, script: vm.Script, name: string): void {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
    fs.writeFileSync(temp, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
    // Caches of earlier bundles or Node versions are never read again.
    const stale = new RegExp(`^${name}-[0-9a-f]{32}\\.v8cache$`);
    for (const entry of fs.readdirSync(path.dirname(cacheFile))) {
      if (stale.test(entry) && entry !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), entry), { force: true });
    }
  } catch {
    // A read-only or full disk: the next run compiles as this one did.
  }
}
