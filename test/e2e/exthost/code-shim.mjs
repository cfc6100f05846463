#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches. No
// desktop VS Code can be downloaded here, so this starts code-server (the same VS Code 1.100.3)
// and opens its workbench in Chromium with the `payload` that VS Code's own browser integration
// tests use: extensionDevelopmentPath + extensionTestsPath. The tests run in code-server's real
// Node extension host; their output arrives through window.codeAutomationLog and the result
// through window.codeAutomationExit(code), which becomes this process's exit code.
import { mkdirSync } from 'node:fs';
import { format } from 'node:util';
import { resolve } from 'node:path';
import { freePort, launchChromium, makeProfile, requireInstalled, startCodeServer } from '../lib.mjs';

// Workbench chatter that says nothing about the tests (set SHIM_VERBOSE=1 to see it).
const NOISE = /open-vsx\.org|connection token|Creating a socket|builtin extensions cache|Service Worker|ChatSessionStore|^\s+at .*\/workbench\.js/;
const TIMEOUT = Number(process.env.SHIM_TIMEOUT_MS ?? 120_000);
const opts = { folder: undefined, userDataDir: undefined, extensionsDir: undefined, dev: undefined, tests: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const [key, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => inline ?? argv[++i];
  switch (key) {
    case '--extensionDevelopmentPath':
      opts.dev = resolve(value());
      break;
    case '--extensionTestsPath':
      opts.tests = resolve(value());
      break;
    case '--user-data-dir':
      opts.userDataDir = resolve(value());
      break;
    case '--extensions-dir':
      opts.extensionsDir = resolve(value());
      break;
    default:
      if (!a.startsWith('-')) opts.folder = resolve(a); // other VS Code flags have no meaning here
  }
}
if (!opts.dev || !opts.tests) {
  console.error('code-shim: needs --extensionDevelopmentPath and --extensionTestsPath');
  process.exit(2);
}
requireInstalled();

const profile = makeProfile('mesh-lens-exthost-');
if (opts.userDataDir) {
  mkdirSync(opts.userDataDir, { recursive: true });
}
const port = await freePort();
const folder = opts.folder ?? profile.workspace;
let server;
let browser;
let exitCode = 1;
try {
  server = await startCodeServer(profile, { port, folder });
  browser = await launchChromium();
  const page = await browser.newPage();
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(opts.dev)],
    ['extensionTestsPath', remote(opts.tests)],
  ]);
  const done = new Promise((res) => {
    void page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.SHIM_VERBOSE && NOISE.test(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
  });
  page.on('pageerror', (e) => process.stderr.write(`code-shim: page error: ${e.message}\n`));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  const timer = new Promise((res) => setTimeout(() => res('timeout'), TIMEOUT).unref());
  const result = await Promise.race([done, timer]);
  if (result === 'timeout') {
    console.error(`code-shim: no result from the extension host within ${TIMEOUT} ms`);
    exitCode = 1;
  } else {
    exitCode = result;
  }
} catch (e) {
  console.error(`code-shim: ${e && e.stack ? e.stack : e}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  if (exitCode !== 0 && server) process.stderr.write(`--- code-server log ---\n${server.log.join('')}\n`);
  await server?.stop();
  profile.cleanup();
}
process.exit(exitCode);
