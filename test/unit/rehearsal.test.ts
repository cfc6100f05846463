// Rehearsed edits (what the server runs once it is idle after its cold start, so that the first
// real edits run optimised code) go through the edit path and leave the snapshot as it was: the
// same result, diagnostics and files as before, and as an index built from the same texts.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { rehearsalVariant, WorkspaceIndex } from '../../server/src/workspace/index';
import { rehearseEdits } from '../../server/src/workspace/rehearsal';
import { Snapshot } from '../../server/src/workspace/snapshot';
import { indexPicture } from '../helpers/indexPicture';

const FOLDER = { uri: 'file:///ws', name: 'ws' };

const universalDataplane = (name: string, address: string) =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: ${address}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n        version: v2\n`;
const universalVirtualOutbound = (host: string) =>
  `type: VirtualOutbound\nmesh: default\nname: hosts\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n`;
const k8sDataplane = (name: string, address: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  networking:\n    address: ${address}\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web\n          version: v1\n`;
const k8sVirtualOutbound = (host: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: hosts\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "${host}"\n    port: "80"\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n`;

/** Two scopes, each with Dataplanes and a VirtualOutbound, and problems (a duplicate address, a bad host), so that there are diagnostics to keep. */
const FILES: Record<string, string> = {
  'mesh-lens.yaml': 'scopes:\n  - name: k8s\n    files: [k8s/]\n  - name: uni\n    files: [uni/]\n',
  'k8s/dataplanes.yaml': `${k8sDataplane('web-1', '10.0.0.1')}---\n${k8sDataplane('web-2', '10.0.0.2')}`,
  'k8s/vo.yaml': k8sVirtualOutbound('{{.service}}.mesh'),
  'uni/dataplanes.yaml': `${universalDataplane('web-1', '10.0.0.1')}---\n${universalDataplane('web-2', '10.0.0.1')}`,
  'uni/vo.yaml': universalVirtualOutbound('{{.service}}..mesh'),
  'uni/notes.yaml': 'plain: yaml\n',
};

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex([FOLDER]);
  for (const [path, text] of Object.entries(files)) index.setDisk(`${FOLDER.uri}/${path}`, text);
  return index;
}

describe('rehearsed edits', () => {
  it('changes one digit or letter of an address, a version tag or a host, the round-th such line', () => {
    const text = universalDataplane('web-1', '10.0.0.1');
    assert.equal(rehearsalVariant(text, 0), text.replace('address: 10.0.0.1', 'address: 10.0.0.2'));
    assert.equal(rehearsalVariant(text, 1), text.replace('version: v2', 'version: v1'));
    assert.equal(rehearsalVariant(text, 2), rehearsalVariant(text, 0));
    const vo = universalVirtualOutbound('{{.service}}.mesh');
    assert.equal(rehearsalVariant(vo, 0), vo.replace('.mesh"', '.mesa"'));
    assert.equal(rehearsalVariant('plain: yaml\nversion: "*"\n', 0), undefined);
  });

  it('are rehearsed on a Dataplane file of each scope', () => {
    const index = indexOf(FILES);
    index.snapshot();
    assert.deepEqual(
      index.rehearsalFiles().sort(),
      ['k8s/dataplanes.yaml', 'uni/dataplanes.yaml'].map((p) => `${FOLDER.uri}/${p}`),
    );
  });

  it('leave out a scope holding more VirtualOutbound claims than the bound, whose edits are no warm-up', () => {
    const index = indexOf(FILES);
    index.snapshot();
    // k8s: two Dataplanes with one inbound each, under one VirtualOutbound selecting both (two
    // claims); uni: its VirtualOutbound is invalid (an empty DNS label), so it claims nothing.
    assert.deepEqual(
      index.rehearsalFiles(1).sort(),
      ['uni/dataplanes.yaml'].map((p) => `${FOLDER.uri}/${p}`),
    );
    assert.equal(index.rehearsalFiles(2).length, 2);
    const one = indexOf({ 'dataplanes.yaml': FILES['uni/dataplanes.yaml']!, 'vo.yaml': universalVirtualOutbound('{{.service}}.mesh') });
    one.snapshot();
    assert.deepEqual(one.rehearsalFiles(1), []);
    assert.equal(one.rehearsalFiles(2).length, 1);
  });

  it('are at most four files, however many scopes there are', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files: Record<string, string> = { 'mesh-lens.yaml': `scopes:\n${names.map((n) => `  - name: ${n}\n    files: [${n}/]\n`).join('')}` };
    for (const n of names) {
      files[`${n}/dataplanes.yaml`] = universalDataplane('web-1', '10.0.0.1');
      files[`${n}/vo.yaml`] = universalVirtualOutbound('{{.service}}.mesh');
    }
    const index = indexOf(files);
    index.snapshot();
    assert.equal(index.rehearsalFiles().length, 4);
  });

  it('take the edit path and leave the snapshot equal to the one before and to a fresh index', () => {
    const index = indexOf(FILES);
    const before = indexPicture(index);
    assert.ok((before as { whole: { diagnostics: unknown[] } }).whole.diagnostics.length > 0);
    const analyzed = index.analyzeCount;
    const reads = index.editPathReads;
    const uris = index.rehearsalFiles();
    for (let round = 0; round < 3; round++) for (const uri of uris) assert.equal(index.rehearseEdit(uri, round), true);
    // The edit and its undo, each one file read again on the edit path.
    assert.equal(index.analyzeCount - analyzed, 2 * 3 * uris.length);
    assert.equal(index.editPathReads - reads, 2 * 3 * uris.length);
    assert.deepEqual(indexPicture(index), before);
    assert.deepEqual(indexPicture(index), indexPicture(indexOf(FILES)));
    // And the index goes on as before: a real edit after the rehearsal gives what a fresh index gives.
    const edited = { ...FILES, 'uni/vo.yaml': universalVirtualOutbound('{{.service}}.mesh') };
    index.setOpen(`${FOLDER.uri}/uni/vo.yaml`, edited['uni/vo.yaml'], 2);
    const fresh = indexOf(FILES);
    fresh.setOpen(`${FOLDER.uri}/uni/vo.yaml`, edited['uni/vo.yaml'], 2);
    assert.deepEqual(indexPicture(index), indexPicture(fresh));
  });

  it('do nothing while a change is pending', () => {
    const index = indexOf(FILES);
    index.snapshot();
    const uri = `${FOLDER.uri}/uni/dataplanes.yaml`;
    index.setOpen(uri, universalDataplane('web-1', '10.0.0.7'), 2);
    const analyzed = index.analyzeCount;
    assert.equal(index.rehearseEdit(uri), false);
    assert.equal(index.analyzeCount, analyzed);
    assert.equal(index.dirty, true);
  });

  it('stop as soon as the server is no longer idle', async () => {
    const index = indexOf(FILES);
    index.snapshot();
    const before = indexPicture(index);
    let checks = 0;
    const done = await rehearseEdits(index, { idle: () => ++checks <= 3, rounds: 3 });
    assert.equal(done, 3);
    assert.deepEqual(indexPicture(index), before);
    const converted: Snapshot[] = [];
    assert.equal(await rehearseEdits(index, { idle: () => true, rounds: 2, after: (s) => converted.push(s) }), 2 * index.rehearsalFiles().length);
    assert.equal(converted.length, 2 * index.rehearsalFiles().length);
    assert.deepEqual(indexPicture(index), before);
  });
});
