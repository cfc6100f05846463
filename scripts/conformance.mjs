// Runs the shared Kuma conformance cases from the folder beside the project (CI lays it out that
// way; MESH_LENS_CONFORMANCE names another runner). The cases are not part of this repository:
// elsewhere the run is skipped, loudly, and under CI=true a missing folder is a failure.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = process.env.MESH_LENS_CONFORMANCE ?? path.join(root, '..', 'shared', 'conformance', 'run');
if (!existsSync(runner)) {
  const inCi = process.env.CI === 'true';
  const banner = '*'.repeat(72);
  console.error(banner);
  console.error(`conformance: SKIPPED: ${runner} not found, so no Kuma conformance case ran.`);
  console.error(inCi ? 'conformance: CI=true: a missing conformance folder is a failure.' : 'conformance: set MESH_LENS_CONFORMANCE to the runner, or lay out ../shared/conformance.');
  console.error(banner);
  process.exit(inCi ? 1 : 0);
}
const r = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (r.error) {
  console.error(`conformance: cannot run ${runner}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
