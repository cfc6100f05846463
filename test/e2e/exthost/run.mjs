// Runs the extension-host tests with the standard @vscode/test-electron runner; the VS Code
// executable is the code-server shim (no desktop VS Code can be downloaded here).
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ROOT } from '../lib.mjs';

const shim = join(ROOT, 'test', 'e2e', 'exthost', 'code-shim.mjs');
try {
  const code = await runTests({
    vscodeExecutablePath: shim,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test', 'e2e', 'exthost', 'suite', 'index.cjs'),
  });
  process.exitCode = code;
} catch (e) {
  console.error(`exthost: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
}
