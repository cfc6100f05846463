// The built server's code cache: the server answers the same with the cache off, cold, warm, damaged
// and unwritable; a cold start leaves a cache that the next start reads, and a damaged one is not run.
import { strict as assert } from 'node:assert';
import { fork, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { RESOLVED_VIEW_REQUEST, ResolvedViewResult } from '../../shared/src/protocol';
import { LspClient, SERVER } from '../helpers/lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/lsp/basic');

let tmp: string;
let dir: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-server-cache-'));
  dir = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, dir, { recursive: true });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Start {
  /** The launcher's trace line: `code cache read`, `code cache cold` or `code cache off`. */
  cache: string;
  statuses: string;
  view: ResolvedViewResult;
  diagnostics: string;
}

/** Starts the built server with the cache in `xdg`, until ready; what it answered and what it said of its cache. */
async function start(xdg: string, env: Record<string, string> = {}): Promise<Start> {
  const client = await LspClient.start(dir, {}, { ...process.env, XDG_CACHE_HOME: xdg, MESH_LENS_TRACE: '1', ...env });
  try {
    await client.waitFor('first ready status', () => client.statuses.some((s) => s.state === 'ready'));
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    const diagnostics = JSON.stringify([...client.diagnostics].sort(([a], [b]) => a.localeCompare(b)).map(([uri, list]) => [uri.slice(client.rootUri.length), list]));
    const ready = client.statuses.find((s) => s.state === 'ready')!;
    return { cache: /\] \d+ ms (code cache \w+)/.exec(client.stderr)?.[1] ?? 'no trace', statuses: JSON.stringify(ready), view, diagnostics };
  } finally {
    await client.stop();
  }
}

const cacheFiles = (xdg: string) => {
  const d = path.join(xdg, 'mesh-lens');
  return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => /^server-[0-9a-f]{32}\.v8cache$/.test(f)) : [];
};

const sameAnswers = (a: Start, b: Start) => {
  assert.equal(a.statuses, b.statuses);
  assert.equal(a.diagnostics, b.diagnostics);
  assert.deepEqual(a.view, b.view);
};

describe('the built language server with a code cache', { skip: !fs.existsSync(path.join(path.dirname(SERVER), 'serverMain.js')) && 'not built (npm run build)' }, () => {
  it('answers the same with the cache off, cold and warm, and writes nothing when off', async () => {
    const off = path.join(tmp, 'xdg-off');
    const plain = await start(off, { MESH_LENS_CODE_CACHE: 'off' });
    assert.equal(plain.cache, 'code cache off');
    assert.equal(cacheFiles(off).length, 0);
    assert.ok(plain.diagnostics.includes('"message"'), 'the fixture has problems');

    const xdg = path.join(tmp, 'xdg');
    const cold = await start(xdg);
    assert.equal(cold.cache, 'code cache cold');
    assert.equal(cacheFiles(xdg).length, 1);
    const warm = await start(xdg);
    assert.equal(warm.cache, 'code cache read');
    sameAnswers(cold, plain);
    sameAnswers(warm, plain);
  });

  it('does not run a damaged cache, and replaces it', async () => {
    const xdg = path.join(tmp, 'xdg-damaged');
    const plain = await start(xdg);
    const [name] = cacheFiles(xdg);
    assert.ok(name);
    const file = path.join(xdg, 'mesh-lens', name);
    const bytes = fs.readFileSync(file);
    // Past V8's header, which V8 checks itself: the payload, which it does not.
    for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const damaged = await start(xdg);
    assert.equal(damaged.cache, 'code cache cold');
    sameAnswers(damaged, plain);
    assert.notDeepEqual(fs.readFileSync(file), bytes, 'rewritten');
    assert.equal((await start(xdg)).cache, 'code cache read');
  });

  it('works when the cache folder cannot be created', async () => {
    const xdg = path.join(tmp, 'xdg-blocked');
    fs.mkdirSync(xdg);
    fs.writeFileSync(path.join(xdg, 'mesh-lens'), 'a file where the folder would be');
    const first = await start(xdg);
    const second = await start(xdg);
    assert.equal(first.cache, 'code cache cold');
    assert.equal(second.cache, 'code cache cold');
    sameAnswers(second, first);
    assert.equal(fs.readFileSync(path.join(xdg, 'mesh-lens'), 'utf8'), 'a file where the folder would be');
  });

  it('answers over IPC, the transport VS Code starts it with', async () => {
    const child = fork(SERVER, ['--node-ipc'], { env: { ...process.env, XDG_CACHE_HOME: path.join(tmp, 'xdg-ipc') }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.listen();
    try {
      const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { serverInfo?: { name: string } };
      assert.equal(init.serverInfo?.name, 'mesh-lens');
      await conn.sendRequest('shutdown');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await conn.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      conn.dispose();
      child.kill();
    }
  });

  it('says the build is incomplete when the bundle is missing next to the launcher', () => {
    const alone = path.join(tmp, 'alone');
    fs.mkdirSync(alone);
    fs.copyFileSync(SERVER, path.join(alone, 'server.js'));
    const r = spawnSync(process.execPath, [path.join(alone, 'server.js'), '--stdio'], { encoding: 'utf8', input: '' });
    assert.equal(r.status, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^mesh-lens: .*serverMain\.js is missing: the build is incomplete \(npm run build\)\n$/);
  });
});
