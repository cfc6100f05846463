// The built server re-scopes the workspace when mesh-lens.yaml or a kustomization.yaml changes on
// disk, and says which scopes there are in its status.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RESOLVED_VIEW_REQUEST, ResolvedViewResult } from '../../shared/src/protocol';
import { LspClient } from '../helpers/lspClient';

const kMesh = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n';
const kustomization = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

describe('language server: scopes', () => {
  let dir: string;
  let client: LspClient;
  const lastStatus = () => client.statuses[client.statuses.length - 1];
  const scopes = () => (lastStatus()?.state === 'ready' ? (lastStatus()!.scopes ?? []).join(',') : '(not ready)');
  const writeAndNotify = async (rel: string, text: string | undefined) => {
    const file = path.join(dir, rel);
    if (text === undefined) fs.rmSync(file);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rel), type: text === undefined ? 3 : 2 }] });
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-lsp-scopes-'));
    // Two overlays of one base, each with its own copy of a Mesh: no duplicate between them.
    fs.mkdirSync(path.join(dir, 'base'));
    fs.mkdirSync(path.join(dir, 'dev'));
    fs.mkdirSync(path.join(dir, 'prod'));
    fs.writeFileSync(path.join(dir, 'base', 'kustomization.yaml'), kustomization([]));
    fs.writeFileSync(path.join(dir, 'dev', 'kustomization.yaml'), kustomization(['../base', 'mesh.yaml']));
    fs.writeFileSync(path.join(dir, 'dev', 'mesh.yaml'), kMesh);
    fs.writeFileSync(path.join(dir, 'prod', 'kustomization.yaml'), kustomization(['../base', 'mesh.yaml']));
    fs.writeFileSync(path.join(dir, 'prod', 'mesh.yaml'), kMesh);
    client = await LspClient.start(dir);
    await client.waitFor('first ready status', () => client.statuses.some((s) => s.state === 'ready'));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with one scope per overlay and no duplicate', async () => {
    assert.equal(scopes(), 'dev,prod');
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    assert.deepEqual(
      view.meshes.map((m) => `${m.scope}/${m.name}`),
      ['dev/default', 'prod/default'],
    );
    assert.equal((client.diagnostics.get(client.uri('prod/mesh.yaml')) ?? []).length, 0);
  });

  it('re-scopes when mesh-lens.yaml appears: one control plane, and the copies are duplicates', async () => {
    await writeAndNotify('mesh-lens.yaml', 'scopes:\n  - name: one\n    files: [dev/, prod/]\n');
    const dup = () => (client.diagnostics.get(client.uri('prod/mesh.yaml')) ?? []).filter((d) => d.code === 'duplicate-resource');
    await client.waitFor('the duplicate', () => dup().length === 1);
    assert.match(String(dup()[0]!.message), /dev\/ and prod\/ look like alternatives: if they go to different control planes, declare them as scopes in mesh-lens\.yaml/);
    await client.waitFor('one scope: the status names none', () => scopes() === '');
  });

  it('reports a broken config on it and falls back to the overlays', async () => {
    await writeAndNotify('mesh-lens.yaml', 'scopes:\n  - name: one\n');
    const onConfig = () => client.diagnostics.get(client.uri('mesh-lens.yaml')) ?? [];
    await client.waitFor('the config problem', () => onConfig().some((d) => d.code === 'invalid-scope-config'));
    await client.waitFor('overlay scopes again', () => scopes() === 'dev,prod');
    assert.equal((client.diagnostics.get(client.uri('prod/mesh.yaml')) ?? []).length, 0);
  });

  it('re-scopes when a kustomization.yaml changes', async () => {
    await writeAndNotify('mesh-lens.yaml', undefined);
    // dev now builds on prod: prod is a base, no longer an overlay, and its Mesh duplicates dev's.
    await writeAndNotify('dev/kustomization.yaml', kustomization(['../prod', 'mesh.yaml']));
    await client.waitFor('one overlay', () => scopes() === '' && lastStatus()!.state === 'ready');
    const view = await client.request<ResolvedViewResult>(RESOLVED_VIEW_REQUEST, {});
    assert.equal(view.scopes, undefined);
    await client.waitFor('the duplicate within dev', () => (client.diagnostics.get(client.uri('prod/mesh.yaml')) ?? []).some((d) => d.code === 'duplicate-resource'));
  });
});
