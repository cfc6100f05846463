// Shared helpers for the end-to-end tests: code-server (VS Code 1.100.3 in the browser) started
// on a free loopback port with throw-away profile folders, and Debian's Chromium through
// playwright-core. Install both with scripts/e2e-setup.sh.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const VSIX = join(ROOT, `mesh-lens-${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}.vsix`);
export const CODE_SERVER = process.env.CODE_SERVER_BIN ?? join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function requireInstalled() {
  const missing = [CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run scripts/e2e-setup.sh`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** A fresh profile: user-data dir with quiet settings, extensions dir, config file. */
export function makeProfile(prefix = 'mesh-lens-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'workbench.enableExperiments': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'security.workspace.trust.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        'git.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'editor.hover.delay': 100,
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
        'files.autoSave': 'off',
        'files.hotExit': 'off',
      },
      null,
      2,
    ),
  );
  // Tests edit files: they work on a copy of the examples, never on the repository's own.
  const workspace = join(dir, 'examples');
  cpSync(EXAMPLES, workspace, { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  // A server the editor left behind may still be writing its code cache into the profile as it
  // exits: try again for a few seconds, giving it time between tries.
  const cleanup = () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        if (attempt === 25) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      }
    }
  };
  return { dir, userData, extensions, config, workspace, cleanup };
}

export function codeServerArgs(profile, port) {
  return [
    '--config',
    profile.config,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userData,
    '--extensions-dir',
    profile.extensions,
  ];
}

function env(profile) {
  return { ...process.env, XDG_CONFIG_HOME: join(profile.dir, 'xdg-config'), XDG_DATA_HOME: join(profile.dir, 'xdg-data') };
}

/** `code-server --install-extension <vsix>` into the profile's extensions dir. */
export async function installExtension(profile, vsix) {
  const args = ['--config', profile.config, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix];
  const { code, out } = await run(CODE_SERVER, args, env(profile));
  if (code !== 0 || !/successfully installed/i.test(out)) throw new Error(`--install-extension failed (${code}):\n${out}`);
  return out;
}

export function run(cmd, args, environment = process.env, options = {}) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => res({ code, out }));
    child.on('error', (e) => res({ code: -1, out: out + String(e) }));
  });
}

/** Starts code-server; resolves once /healthz answers. `log` collects its output. */
export async function startCodeServer(profile, { folder, port } = {}) {
  port ??= await freePort();
  const args = codeServerArgs(profile, port);
  if (folder) args.push(folder);
  const child = spawn(CODE_SERVER, args, { env: env(profile), stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const log = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in 30 s:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    log,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A tiny TAP-less reporter: `✔ name (ms)` / `✖ name` and a final summary line. */
export function reporter(suite) {
  const results = [];
  return {
    results,
    async step(name, fn) {
      const t0 = Date.now();
      try {
        await fn();
        results.push({ name, ok: true });
        console.log(`  ✔ ${suite}: ${name} (${Date.now() - t0} ms)`);
        return true;
      } catch (e) {
        results.push({ name, ok: false, error: e });
        console.log(
          `  ✖ ${suite}: ${name} (${Date.now() - t0} ms)\n    ${String(e && e.stack ? e.stack : e)
            .split('\n')
            .slice(0, 8)
            .join('\n    ')}`,
        );
        return false;
      }
    },
    summary() {
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      console.log(`${suite}: ${passed} passed, ${failed} failed`);
      return failed === 0 && passed > 0;
    },
  };
}
