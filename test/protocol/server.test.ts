// The built server over stdio, driven as an editor would drive it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { RESOLVED_CLAIMS_REQUEST, RESOLVED_VIEW_REQUEST, ResolvedClaimsResult, ResolvedViewResult } from '../../shared/src/protocol';
import { LspClient } from '../helpers/lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/lsp/basic');

function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-lsp-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture has ${needle}`);
  const before = text.slice(0, at + delta);
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

describe('language server over stdio', () => {
  let dir: string;
  let client: LspClient;
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

  before(async () => {
    dir = copyFixture();
    client = await LspClient.start(dir);
    await client.waitFor('first ready status', () => client.statuses.some((s) => s.state === 'ready'));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the folder, honouring files.exclude', async () => {
    const ready = client.statuses.find((s) => s.state === 'ready')!;
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    assert.deepEqual(
      view.meshes.map((m) => m.name),
      ['default'],
    );
    assert.equal(ready.files, 4, 'four YAML files outside the excluded folder');
    assert.ok(view.meshes[0]!.entries.every((e) => e.outbounds.every((o) => o.locations.every((l) => l.uri.startsWith(client.rootUri)))));
  });

  it("answers the compact view and one hostname's claims", async () => {
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, { compact: true });
    const { strings, rows } = view.compact!;
    const full = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    assert.deepEqual(
      rows.map((r) => r[2]),
      full.meshes[0]!.entries.map((e) => e.name),
    );
    const row = rows.find((r) => strings[r[1]] === 'fqdn')!;
    const claims = await client.request<ResolvedClaimsResult>(RESOLVED_CLAIMS_REQUEST, { mesh: strings[row[0]], type: 'fqdn', hostname: row[2] });
    assert.equal(claims.found, true);
    assert.equal(claims.total, row[7]);
    assert.equal(claims.claims[0]!.status, 'won');
    assert.equal(claims.claims[0]!.location.uri, client.uri('dataplanes.yaml'));
    const missing = await client.request<ResolvedClaimsResult>(RESOLVED_CLAIMS_REQUEST, null);
    assert.equal(missing.found, false);
  });

  it('publishes diagnostics for files that were never opened', async () => {
    const uri = client.uri('team.yaml');
    await client.waitFor('diagnostics of team.yaml', () => (client.diagnostics.get(uri) ?? []).length > 0);
    const d = client.diagnostics.get(uri)!.find((x) => x.code === 'host-outside-dns-domain');
    assert.ok(d, JSON.stringify(client.diagnostics.get(uri)));
    assert.equal(d.source, 'mesh-lens');
    assert.match(d.codeDescription!.href, /^file:\/\/.*\/docs\/rules\.md#host-outside-dns-domain$/);
  });

  it('raises a conflict in another file after an edit and clears it when the edit is undone', async () => {
    const teamUri = client.uri('team.yaml');
    const dpUri = client.uri('dataplanes.yaml');
    const original = read('team.yaml');
    client.open(teamUri, original);
    const conflictIn = (uri: string) => (client.diagnostics.get(uri) ?? []).filter((d) => d.code === 'hostname-conflict');
    assert.equal(conflictIn(dpUri).length, 0);
    // Reading `version` without using it in the host makes backend-1 and backend-2 claim one hostname with different tags.
    client.change(teamUri, original + '    - name: version\n');
    await client.waitFor('conflict on the dataplane file', () => conflictIn(dpUri).length > 0);
    const d = conflictIn(dpUri)[0]!;
    assert.equal(d.severity, 2);
    assert.match(d.message, /checkout\.backend:80/);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri === dpUri));
    client.change(teamUri, original);
    await client.waitFor('conflict cleared', () => client.diagnostics.has(dpUri) && conflictIn(dpUri).length === 0);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: teamUri } });
  });

  it('hovers a VirtualOutbound with its hostnames and VIPs', async () => {
    const uri = client.uri('virtual-outbounds.yaml');
    const text = read('virtual-outbounds.yaml');
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'versioned', 2) });
    const fqdns = view.meshes[0]!.entries.filter((e) => e.type === 'fqdn' && e.outbounds.some((o) => o.origin === 'virtual-outbound:versioned'));
    assert.equal(fqdns.length, 2);
    for (const e of fqdns) {
      assert.ok(hover.contents.value.includes(e.name), e.name);
      assert.ok(e.vip && hover.contents.value.includes(e.vip), `VIP ${e.vip}`);
      assert.ok(hover.contents.value.includes(`outbound:${e.vip}:80`));
    }
  });

  it('completes tag keys of the workspace in a selector', async () => {
    const uri = client.uri('new.yaml');
    const text = 'type: VirtualOutbound\nmesh: default\nname: fresh\nselectors:\n  - match:\n      \n';
    client.open(uri, text);
    const list = await client.request<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 6 } });
    const labels = list.items.map((i) => i.label);
    for (const key of ['kuma.io/service', 'version', 'team']) assert.ok(labels.includes(key), `${key} in ${labels}`);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('goes from {{.version}} to its parameter and renames it', async () => {
    const uri = client.uri('virtual-outbounds.yaml');
    const text = read('virtual-outbounds.yaml');
    const locs = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, '.version}}', 2) });
    assert.equal(locs.length, 1);
    assert.equal(locs[0]!.range.start.line, positionOf(text, '- name: version').line);
    const edit = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', {
      textDocument: { uri },
      position: positionOf(text, '.version}}', 2),
      newName: 'ver',
    });
    const edits = edit.changes[uri]!;
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.newText === 'ver'));
  });

  it('honours cancellation', async () => {
    const uri = client.uri('virtual-outbounds.yaml');
    const params = { textDocument: { uri }, position: positionOf(read('virtual-outbounds.yaml'), 'versioned', 2) };
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('textDocument/hover', params, source.token);
    source.cancel();
    // A request cancelled in flight either ends as RequestCancelled or, when the server answered
    // first, with the full answer: never anything else, and the server keeps answering.
    const outcome = await pending.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const answer = await client.request<{ contents: { value: string } }>('textDocument/hover', params);
    assert.match(answer.contents.value, /\*\*VirtualOutbound versioned\*\*/);
    if ('error' in outcome) {
      assert.ok(outcome.error instanceof ResponseError, String(outcome.error));
      assert.equal(outcome.error.code, -32800);
    } else {
      assert.deepEqual(outcome.value, answer);
    }
  });

  it('answers every request at every position, YAML or not', async () => {
    const docs: { uri: string; text: string; languageId: string }[] = [
      { uri: client.uri('virtual-outbounds.yaml'), text: read('virtual-outbounds.yaml'), languageId: 'yaml' },
      { uri: client.uri('dataplanes.yaml'), text: read('dataplanes.yaml').split('---')[0]!, languageId: 'yaml' },
      { uri: client.uri('notes.txt'), text: 'not yaml: {{ [ }\n\t"unterminated\n', languageId: 'plaintext' },
      { uri: client.uri('broken.yaml'), text: 'type: VirtualOutbound\nconf:\n  host: "{{.a\n  - x: [\n', languageId: 'yaml' },
    ];
    const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename'];
    let answered = 0;
    for (const d of docs) {
      client.open(d.uri, d.text, d.languageId);
      const lines = d.text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character++) {
          const position = { line, character };
          await Promise.all(
            methods.map(async (m) => {
              const params = m === 'textDocument/references' ? { textDocument: { uri: d.uri }, position, context: { includeDeclaration: true } } : { textDocument: { uri: d.uri }, position };
              await client.request(m, params);
              answered++;
            }),
          );
        }
      }
      for (const m of ['textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/semanticTokens/full']) await client.request(m, { textDocument: { uri: d.uri } });
      await client.request('textDocument/inlayHint', { textDocument: { uri: d.uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
    }
    assert.ok(answered > 500);
    assert.equal(client.proc.exitCode, null, 'the server is still running');
  });
});
