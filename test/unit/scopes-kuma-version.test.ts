// A scope's kumaVersion is the version of its control plane: its files are read, validated and
// resolved by that version's rules, also where a shared file sits in scopes of different versions.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { SCOPE_CONFIG_NAME } from '../../server/src/engine/scopes/config';
import { fileForm, planScopes } from '../../server/src/engine/scopes/plan';
import { resolveScopes } from '../../server/src/engine/scopes/resolve';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { getLanguageService } from '../../server/src/features/languageService';
import { WorkspaceIndex } from '../../server/src/workspace/index';

// `labels` came in Kuma 2.6; an inbound's `state` in 2.5 (before, it is not read and the inbound stays in the view).
const DATAPLANE =
  'type: Dataplane\nmesh: default\nname: web-1\nlabels:\n  team: shop\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n    - port: 8081\n      state: Ignored\n      tags:\n        kuma.io/service: admin\n';
const MESH = 'type: Mesh\nname: default\n';
const CONFIG = 'scopes:\n  - name: old\n    files: [base/]\n    kumaVersion: "2.4"\n  - name: new\n    files: [base/]\n    kumaVersion: "2.9"\n';
const FILES: Record<string, string> = { 'base/mesh.yaml': MESH, 'base/dp.yaml': DATAPLANE, [SCOPE_CONFIG_NAME]: CONFIG };

// What Kuma 2.4 says of the file; 2.9 knows both fields.
const UNKNOWN_IN_24 = [
  'labels: unknown field "labels" in Kuma 2.4 (added in Kuma 2.6): Kuma ignores it on apply',
  'networking.inbound[1].state: unknown field "state" in Kuma 2.4 (added in Kuma 2.5): Kuma ignores it on apply',
];
const unknownFields = (diagnostics: readonly { code: string; message: string }[]) =>
  diagnostics
    .filter((d) => d.code === 'unknown-field')
    .map((d) => d.message)
    .sort();
const scoped = (names: string) => UNKNOWN_IN_24.map((m) => `${m} [scope ${names}]`);

/** What one control plane of that version, given only the base files, finds: the oracle for each scope. */
function alone(kumaVersion: string) {
  const analyses = ['base/dp.yaml', 'base/mesh.yaml'].map((f) => analyzeFile(f, FILES[f]!, kumaVersion));
  return resolveWorkspace(analyses, { settings: { ...DEFAULT_SETTINGS, kumaVersion } });
}

const hostnames = (r: { meshes: readonly { view: { entries: readonly { name: string }[] } }[] }) => r.meshes.flatMap((m) => m.view.entries.map((e) => e.name));

describe('per-scope Kuma versions', () => {
  it('the two versions really differ on these files (else the tests below prove nothing)', () => {
    assert.deepEqual(unknownFields(alone('2.4').diagnostics), UNKNOWN_IN_24);
    assert.deepEqual(unknownFields(alone('2.9').diagnostics), []);
    assert.deepEqual(hostnames(alone('2.4')), ['admin', 'web']);
    assert.deepEqual(hostnames(alone('2.9')), ['web']);
  });

  it('resolves each scope as its own version: analysis, diagnostics and view', () => {
    // The workspace's files are analysed as 2.1, the CLI's default; each scope reads them again as its version.
    const analyses = Object.entries(FILES).map(([f, t]) => analyzeFile(f, t, '2.1'));
    const plan = planScopes(
      analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })),
      [SCOPE_CONFIG_NAME],
    );
    const { scopes, result } = resolveScopes(analyses, plan, {});
    const byName = new Map(scopes.map((s) => [s.scope.name, s.result]));
    assert.equal(byName.get('old')!.settings.kumaVersion, '2.4');
    assert.equal(byName.get('new')!.settings.kumaVersion, '2.9');
    assert.deepEqual(hostnames(byName.get('old')!), hostnames(alone('2.4')));
    assert.deepEqual(hostnames(byName.get('new')!), hostnames(alone('2.9')));
    assert.deepEqual(unknownFields(result.diagnostics), scoped('old'));
  });

  it('the live index gives each scope its version, and an edit is read again as each version', () => {
    const root = 'file:///ws';
    const live = new WorkspaceIndex([{ uri: root, name: 'ws' }]);
    for (const [f, t] of Object.entries(FILES)) live.setDisk(`${root}/${f}`, t);
    const s = live.snapshot();
    assert.deepEqual(
      s.scopes.map((x) => [x.scopeName, x.result.settings.kumaVersion, hostnames(x.result)]),
      [
        ['old', '2.4', ['admin', 'web']],
        ['new', '2.9', ['web']],
      ],
    );
    assert.deepEqual(unknownFields(s.diagnostics), scoped('old'));
    // Each scope's snapshot holds the file as its version read it (what hover and completion look at).
    const dp = `${root}/base/dp.yaml`;
    assert.deepEqual(
      s.scopesOf(dp).map((x) => x.files.get(dp)!.analysis.kumaVersion),
      ['2.4', '2.9'],
    );

    live.setOpen(dp, DATAPLANE.replace('labels:\n  team: shop\n', ''), 1);
    assert.deepEqual(unknownFields(live.snapshot().diagnostics), scoped('old').slice(1));
    live.setOpen(dp, DATAPLANE, 2);
    assert.deepEqual(unknownFields(live.snapshot().diagnostics), scoped('old'));
  });

  it('completion offers the inbound fields every scope of the file knows', () => {
    // Inbound `state` came in 2.5, `name` in 2.8: the file is in a 2.4 scope, a 2.9 one, or both.
    const text = 'type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      \n';
    const fields = (config: string) => {
      const live = new WorkspaceIndex([{ uri: 'file:///ws', name: 'ws' }]);
      live.setDisk('file:///ws/mesh-lens.yaml', config);
      live.setDisk('file:///ws/base/mesh.yaml', MESH);
      live.setDisk('file:///ws/base/dp.yaml', text);
      const items = getLanguageService().doComplete(live.snapshot(), 'file:///ws/base/dp.yaml', { line: 7, character: 6 }).items;
      return items
        .map((i) => i.label)
        .filter((l) => l === 'state' || l === 'name')
        .sort();
    };
    // A first scope of another version without the file: its version must not count.
    const only = (version: string) => `scopes:\n  - name: other\n    files: [base/mesh.yaml]\n    kumaVersion: "2.14"\n  - name: a\n    files: [base/]\n    kumaVersion: "${version}"\n`;
    assert.deepEqual(fields(only('2.4')), []);
    assert.deepEqual(fields(only('2.9')), ['name', 'state']);
    assert.deepEqual(fields(CONFIG), [], 'the 2.4 scope knows neither');
  });

  describe('over the CLI', () => {
    const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
    let dir: string;
    before(() => {
      assert.ok(fs.existsSync(cli), 'build first: npm run build');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-scope-versions-'));
      for (const [f, t] of Object.entries(FILES)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), t);
      }
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const resolve = (version: string) => {
      const r = spawnSync(process.execPath, [cli, 'resolve', '.', '--format', 'json', '--kuma-version', version], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { meshes: { name: string; scope?: string; entries: { name: string }[] }[]; diagnostics: { code: string; message: string }[] };
    };

    it('a scope version wins over --kuma-version, which applies to the scopes without one', () => {
      // A third scope of the same files with no version of its own.
      fs.writeFileSync(path.join(dir, SCOPE_CONFIG_NAME), `${CONFIG}  - name: rest\n    files: [base/]\n`);
      const recent = resolve('2.14');
      assert.deepEqual(
        recent.meshes.map((m) => [m.scope, m.entries.map((e) => e.name)]),
        [
          ['old', ['admin', 'web']],
          ['new', ['web']],
          ['rest', ['web']],
        ],
      );
      assert.deepEqual(unknownFields(recent.diagnostics), scoped('old'));
      const early = resolve('2.4');
      assert.deepEqual(
        early.meshes.map((m) => [m.scope, m.entries.map((e) => e.name)]),
        [
          ['old', ['admin', 'web']],
          ['new', ['web']],
          ['rest', ['admin', 'web']],
        ],
      );
      assert.deepEqual(unknownFields(early.diagnostics), scoped('old, rest'));
    });
  });
});
