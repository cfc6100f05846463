// The language server's entry (dist/server.js, started by the editors): runs the server bundle
// (dist/serverMain.js) with V8's code cache, so that a start after the first does not compile the
// bundle again. The process, its arguments (--stdio, --node-ipc) and its streams are the server's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_CACHE_ENV, runWithCodeCache, userCacheDir } from './cli/codeCache';
import { trace } from './workspace/trace';

const bundle = path.join(__dirname, 'serverMain.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`mesh-lens: ${bundle} is missing: the build is incomplete (npm run build)\n`);
  process.exitCode = 3;
} else {
  const run = runWithCodeCache(bundle, process.env[CODE_CACHE_ENV] === 'off' ? undefined : userCacheDir(), 'server');
  trace(run.usedCache ? 'code cache read' : run.cacheFile ? 'code cache cold' : 'code cache off');
}
