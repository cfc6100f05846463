// Emacs (Debian emacs-nox + elpa-eglot) headless as an LSP client of dist/server.js, on a copy of
// examples/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, makeProfile, run } from '../lib.mjs';

const server = join(ROOT, 'dist', 'server.js');
if (!existsSync(server)) throw new Error('dist/server.js is missing: run npm run build');
const profile = makeProfile('mesh-lens-emacs-');
try {
  const env = { ...process.env, MESH_LENS_SERVER: server, MESH_LENS_ROOT: profile.workspace, HOME: profile.dir };
  const file = join(profile.workspace, 'universal', 'virtual-outbounds.yaml');
  const { code, out } = await run('emacs', ['--batch', '-l', join(ROOT, 'test', 'e2e', 'clients', 'emacs-check.el'), file], env, { cwd: profile.workspace });
  process.stdout.write(
    out
      .split('\n')
      .filter((l) => !/^\[eglot\]|^Loading|^Wrote |^Package cl is deprecated/.test(l))
      .join('\n'),
  );
  if (code !== 0 && !/emacs: \d+ passed/.test(out)) console.log('emacs: 0 passed, 1 failed');
  process.exitCode = code === 0 ? 0 : 1;
} finally {
  profile.cleanup();
}
