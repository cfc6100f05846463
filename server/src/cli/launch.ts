// The `mesh-lens` command: runs the CLI bundle (dist/cliMain.js) with V8's code cache, so that
// checking a small repository costs little more than starting Node.
import * as path from 'node:path';
import { CODE_CACHE_ENV, runWithCodeCache, userCacheDir } from './codeCache';

runWithCodeCache(path.join(__dirname, 'cliMain.js'), process.env[CODE_CACHE_ENV] === 'off' ? undefined : userCacheDir());
