// Neovim headless as an LSP client of dist/server.js, on a copy of examples/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, makeProfile, run } from '../lib.mjs';

const server = join(ROOT, 'dist', 'server.js');
if (!existsSync(server)) throw new Error('dist/server.js is missing: run npm run build');
const profile = makeProfile('mesh-lens-nvim-');
try {
  const env = {
    ...process.env,
    MESH_LENS_SERVER: server,
    MESH_LENS_ROOT: profile.workspace,
    XDG_CACHE_HOME: join(profile.dir, 'cache'),
    XDG_DATA_HOME: join(profile.dir, 'data'),
    XDG_STATE_HOME: join(profile.dir, 'state'),
    XDG_CONFIG_HOME: join(profile.dir, 'config'),
  };
  const file = join(profile.workspace, 'universal', 'virtual-outbounds.yaml');
  const { code, out } = await run('nvim', ['--headless', '--clean', '-c', `luafile ${join(ROOT, 'test', 'e2e', 'clients', 'nvim-check.lua')}`, file], env, { cwd: profile.workspace });
  process.stdout.write(out);
  if (code !== 0 && !/nvim: \d+ passed/.test(out)) console.log('nvim: 0 passed, 1 failed');
  process.exitCode = code === 0 ? 0 : 1;
} finally {
  profile.cleanup();
}
