// One build script, seven bundles: the VS Code client, the language server (a launcher, its bundle
// and its analysis worker thread), the CLI (a launcher and its bundle) and the preview webview's script.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Smaller bundles load faster in the editor; names are kept for readable stack traces.
  minify: true,
  keepNames: true,
};
/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The language server is a small launcher (what the editors start) that runs its bundle with V8's code cache.
  { ...common, entryPoints: ['server/src/serverLaunch.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/serverMain.js' },
  { ...common, entryPoints: ['server/src/workspace/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  // The `mesh-lens` command is a small launcher that runs the CLI bundle with V8's code cache.
  { ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cliMain.js' },
  // The preview's script, run inside its webview (a browser).
  { ...common, entryPoints: ['client/src/preview/webview.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife', target: 'es2020', keepNames: false },
];
if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
