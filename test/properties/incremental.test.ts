// Incremental equals from scratch: re-analysing only the files an edit changed and updating one
// WorkspaceModel gives what a fresh resolve of the final files gives; the live index, driven
// by random edits, opens, closes and deletions, agrees with an index built from the final state.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeFile } from '../../server/src/engine/analyze';
import { WorkspaceModel } from '../../server/src/engine/workspaceModel';
import { sortDiagnostics, toJsonDiagnostic } from '../../server/src/report/resolvedView';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { Snapshot } from '../../server/src/workspace/snapshot';
import { fcOptions, fileText, hangGuard, resolveFiles, stableView, WorkspaceFile } from '../helpers/arbitraries';

const PATHS = ['a.yaml', 'b.yaml', 'dir/c.yml', 'd.yaml'];

type EngineOp = { op: 'set'; path: string; text: string } | { op: 'delete'; path: string };
const engineOp: fc.Arbitrary<EngineOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...PATHS), text: fileText }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }) },
);

describe('incremental properties', () => {
  it('re-analysing only the changed file, resolving incrementally, equals a fresh resolve', { timeout: hangGuard(180_000) }, () => {
    fc.assert(
      fc.property(fc.array(engineOp, { minLength: 1, maxLength: 8 }), (ops) => {
        const incremental = new WorkspaceModel();
        const texts = new Map<string, string>();
        for (const o of ops) {
          let result;
          if (o.op === 'set') {
            texts.set(o.path, o.text);
            result = incremental.update([analyzeFile(o.path, o.text)], []);
          } else {
            texts.delete(o.path);
            result = incremental.update([], [o.path]);
          }
          const files: WorkspaceFile[] = [...texts].map(([path, text]) => ({ path, text }));
          assert.deepEqual(stableView(result), stableView(resolveFiles(files)), `after ${o.op} ${o.path}`);
        }
      }),
      fcOptions(60, { seedOffset: 20 }),
    );
  });

  it('the live index, after random edits, opens, closes and deletions, equals an index built from the final state', { timeout: hangGuard(180_000) }, () => {
    const FOLDER = { uri: 'file:///ws', name: 'ws' };
    const uri = fc.constantFrom(...PATHS.map((p) => `${FOLDER.uri}/${p}`));
    type IndexOp = { op: 'disk'; uri: string; text: string } | { op: 'deleteDisk'; uri: string } | { op: 'open'; uri: string; text: string } | { op: 'close'; uri: string } | { op: 'snapshot' };
    const indexOp: fc.Arbitrary<IndexOp> = fc.oneof(
      fc.record({ op: fc.constant('disk' as const), uri, text: fileText }),
      fc.record({ op: fc.constant('deleteDisk' as const), uri }),
      fc.record({ op: fc.constant('open' as const), uri, text: fileText }),
      fc.record({ op: fc.constant('close' as const), uri }),
      fc.constant({ op: 'snapshot' as const }),
    );
    const view = (s: Snapshot) => ({
      ...stableView(s.result),
      shown: sortDiagnostics(s.diagnostics.map((d) => toJsonDiagnostic(s.result, d))),
      files: [...s.files.values()].map((f) => [f.uri, f.file, f.text, f.version]).sort(),
    });
    fc.assert(
      fc.property(fc.array(indexOp, { minLength: 1, maxLength: 12 }), (ops) => {
        const live = new WorkspaceIndex([FOLDER]);
        const disk = new Map<string, string>();
        const open = new Map<string, { text: string; version: number }>();
        let version = 0;
        for (const o of ops) {
          switch (o.op) {
            case 'disk':
              live.setDisk(o.uri, o.text);
              disk.set(o.uri, o.text);
              break;
            case 'deleteDisk':
              live.deleteDisk(o.uri);
              disk.delete(o.uri);
              break;
            case 'open':
              live.setOpen(o.uri, o.text, ++version);
              open.set(o.uri, { text: o.text, version });
              break;
            case 'close':
              live.close(o.uri);
              open.delete(o.uri);
              break;
            case 'snapshot':
              live.snapshot();
              break;
          }
        }
        const fresh = new WorkspaceIndex([FOLDER]);
        for (const [u, t] of disk) fresh.setDisk(u, t);
        for (const [u, s] of open) fresh.setOpen(u, s.text, s.version);
        assert.deepEqual(view(live.snapshot()), view(fresh.snapshot()));
        for (const u of live.uris()) assert.equal(live.textOf(u), open.get(u)?.text ?? disk.get(u));
      }),
      fcOptions(60, { seedOffset: 21 }),
    );
  });

  it('closing a document whose text equals its disk copy drops its version from the snapshot', () => {
    const index = new WorkspaceIndex([{ uri: 'file:///ws', name: 'ws' }]);
    index.setDisk('file:///ws/a.yaml', 'type: Mesh\nname: a\n');
    index.setOpen('file:///ws/a.yaml', 'type: Mesh\nname: b\n', 1);
    index.setOpen('file:///ws/a.yaml', 'type: Mesh\nname: a\n', 2);
    index.snapshot();
    index.close('file:///ws/a.yaml');
    assert.equal(index.snapshot().fileByUri('file:///ws/a.yaml')?.version, null);
  });
});
