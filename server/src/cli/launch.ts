// The `mesh-lens` command: runs the CLI bundle (dist/cliMain.js) with V8's code cache, so that
// checking a small repository costs little more than starting Node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_CACHE_ENV, runWithCodeCache, userCacheDir } from './codeCache';

const bundle = path.join(__dirname, 'cliMain.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`mesh-lens: ${bundle} is missing: the build is incomplete (npm run build)\n`);
  process.exitCode = 3;
} else {
  runWithCodeCache(bundle, process.env[CODE_CACHE_ENV] === 'off' ? undefined : userCacheDir());
}
