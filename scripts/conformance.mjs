// Runs the shared Kuma conformance cases when the folder beside the project has them (CI lays it
// out that way); elsewhere it says so and passes, since the cases are not part of this repository.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = process.env.MESH_LENS_CONFORMANCE ?? path.join(root, '..', 'shared', 'conformance', 'run');
if (!existsSync(runner)) {
  console.log(`conformance: ${runner} not found; skipping the shared Kuma conformance cases`);
  process.exit(0);
}
const r = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
