// The live index after a sequence of edits equals a from-scratch index of the final texts.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { toJsonView } from '../../server/src/report/resolvedView';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { parseFixture } from '../helpers/fixture';
import { voFixture } from '../helpers/lspFixtures';

const ROOT = 'file:///ws';
const view = (index: WorkspaceIndex) => {
  const s = index.snapshot();
  return JSON.stringify({ view: toJsonView(s.result, s.diagnostics), files: [...s.files.keys()] });
};

describe('incremental index', () => {
  it('equals a from-scratch run after edits, opens, closes and deletes', () => {
    const { files } = parseFixture(voFixture('none'));
    const live = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
    for (const f of files) live.setDisk(`${ROOT}/${f.path}`, f.text);
    const first = view(live);
    const vo = files.find((f) => f.path === 'vo.yaml')!;
    const edits = [vo.text.replace('.mesh"', '.other"'), vo.text.replace('version: "*"', 'version: v1'), vo.text + '    - name: extra\n', vo.text.replace('port: "80"', 'port: "{{.version}}"')];
    live.setOpen(`${ROOT}/vo.yaml`, vo.text, 1);
    let changed = 0;
    for (const [i, text] of edits.entries()) {
      live.setOpen(`${ROOT}/vo.yaml`, text, i + 2);
      const fresh = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
      for (const f of files) fresh.setDisk(`${ROOT}/${f.path}`, f.path === 'vo.yaml' ? text : f.text);
      const v = view(live);
      assert.equal(v, view(fresh), `edit ${i}`);
      if (v !== first) changed++;
    }
    assert.ok(changed >= 3, 'the edits change the results');
    live.close(`${ROOT}/vo.yaml`);
    assert.equal(view(live), first, 'closing falls back to the disk text');
    live.deleteDisk(`${ROOT}/dps.yaml`);
    const fresh = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
    fresh.setDisk(`${ROOT}/vo.yaml`, vo.text);
    assert.equal(view(live), view(fresh));
  });
  it('re-analyses only the edited file', () => {
    const { files } = parseFixture(voFixture('none'));
    const live = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
    for (const f of files) live.setDisk(`${ROOT}/${f.path}`, f.text);
    live.snapshot();
    const before = live.analyzeCount;
    live.setOpen(`${ROOT}/vo.yaml`, files[1]!.text + '# comment\n', 1);
    live.snapshot();
    assert.equal(live.analyzeCount - before, 1);
  });
});
