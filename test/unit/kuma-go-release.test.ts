// The Go release each Kuma version is built with decides what its templates may do: range over
// an integer from Go 1.24, "else with" from Go 1.23. Each case is a workspace
// (test/fixtures/kuma-versions/go-release) resolved under Kuma versions on both sides of a change.
// Kuma 2.6 is built with Go 1.22, 2.7 with 1.26, 2.8 with 1.23, 2.10 with 1.24 (go.mod at their
// last patches; docs/kuma-versions.md).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, FileAnalysis, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { VirtualOutbound } from '../../server/src/engine/resources/model';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { templateFields } from '../../server/src/features/templates';
import { KUMA_VERSIONS, rulesFor } from '../../server/src/engine/versions/kumaVersion';
import { WorkspaceModel } from '../../server/src/engine/workspaceModel';

const dir = path.resolve(__dirname, '..', 'fixtures', 'kuma-versions', 'go-release');

function analyses(kumaVersion: string): FileAnalysis[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => analyzeFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), kumaVersion));
}

const options = (kumaVersion: string) => ({ settings: { ...DEFAULT_SETTINGS, kumaVersion } });

function resolveAt(kumaVersion: string): WorkspaceResult {
  return resolveWorkspace(analyses(kumaVersion), options(kumaVersion));
}

function hostnames(r: WorkspaceResult): string[] {
  return r.meshes
    .find((m) => m.name === 'default')!
    .view.entries.filter((e) => e.type === 'fqdn')
    .map((e) => `${e.name}:${e.outbounds.map((o) => o.port).join(',')}`);
}

function messages(r: WorkspaceResult, code: string): string[] {
  return r.diagnostics.filter((d) => d.code === code).map((d) => d.message);
}

describe('Kuma versions: the Go release each is built with', () => {
  it("follows the go directive of go.mod at each minor's last patch", () => {
    const want: Record<string, string> = {
      '2.1': '1.21',
      '2.2': '1.21',
      '2.3': '1.21',
      '2.4': '1.22',
      '2.5': '1.22',
      '2.6': '1.22',
      '2.7': '1.26',
      '2.8': '1.23',
      '2.9': '1.26',
      '2.10': '1.24',
      '2.11': '1.26',
      '2.12': '1.26',
      '2.13': '1.26',
      '2.14': '1.26',
    };
    assert.deepEqual(Object.fromEntries(KUMA_VERSIONS.map((v) => [v, rulesFor(v).goRelease])), want);
  });
});

describe('Kuma versions: range over an integer (Go 1.24)', () => {
  const refusals1_21 = [
    `conf.host: template pre evaluation failed with error='pre evaluation of template with parameters failed with error='template: :1:8: executing "" at <2>: range can't iterate over 2''`,
    `conf.port: template pre evaluation failed with error='pre evaluation of template with parameters failed with error='template: :1:8: executing "" at <1>: range can't iterate over 1''`,
  ];
  const refusalsQuoted = [
    String.raw`conf.host: template pre evaluation failed with error="pre evaluation of template with parameters failed with error=\"template: :1:8: executing \\\"\\\" at <2>: range can't iterate over 2\""`,
    String.raw`conf.port: template pre evaluation failed with error="pre evaluation of template with parameters failed with error=\"template: :1:8: executing \\\"\\\" at <1>: range can't iterate over 1\""`,
  ];

  it('2.1 (Go 1.21) refuses {{range 2}} in the host and {{range 1}} in the port', () => {
    const r = resolveAt('2.1');
    assert.deepEqual(messages(r, 'kuma-validation').slice(0, 2), refusals1_21);
    assert.ok(!hostnames(r).some((h) => h.startsWith('xx.') || h.startsWith('web.ports.')), hostnames(r).join(' '));
  });

  it('2.6 (Go 1.22) and 2.8 (Go 1.23) refuse them too, with %q quoting', () => {
    for (const v of ['2.6', '2.8']) {
      const r = resolveAt(v);
      assert.deepEqual(messages(r, 'kuma-validation').slice(0, 2), refusalsQuoted, v);
    }
  });

  it('2.7 (Go 1.26) and 2.10 (Go 1.24) iterate: the hostnames and the port render', () => {
    for (const v of ['2.7', '2.9', '2.10', '2.14']) {
      const r = resolveAt(v);
      assert.deepEqual(messages(r, 'kuma-validation'), [], v);
      assert.ok(hostnames(r).includes('xx.web.mesh:80'), `${v}: ${hostnames(r).join(' ')}`);
      assert.ok(hostnames(r).includes('web.ports.mesh:81'), `${v}: ${hostnames(r).join(' ')}`);
    }
  });

  it('a range reached only when rendering skips the hostname before Go 1.24 and renders from it', () => {
    const reason = String.raw`Kuma: pre evaluation of template with parameters failed with error="template: :1:43: executing \"\" at <1>: range can't iterate over 1".`;
    const skipped = messages(resolveAt('2.8'), 'render-skipped');
    assert.equal(skipped.length, 1);
    assert.ok(skipped[0]!.includes(reason), skipped[0]);
    assert.ok(!hostnames(resolveAt('2.8')).includes('v1.render.mesh:83'));

    assert.deepEqual(messages(resolveAt('2.10'), 'render-skipped'), []);
    assert.ok(hostnames(resolveAt('2.10')).includes('v1.render.mesh:83'));
  });

  it("2.1 words the render-time reason with '...'", () => {
    const skipped = messages(resolveAt('2.1'), 'render-skipped');
    assert.equal(skipped.length, 1);
    assert.ok(skipped[0]!.includes(`Kuma: pre evaluation of template with parameters failed with error='template: :1:43: executing "" at <1>: range can't iterate over 1'.`), skipped[0]);
  });
});

describe('Kuma versions: "else with" (Go 1.23)', () => {
  it('2.6 (Go 1.22) fails to compile it', () => {
    const r = resolveAt('2.6');
    assert.ok(
      messages(r, 'kuma-validation').includes(String.raw`conf.host: template pre evaluation failed with error="failed compiling gotemplate error=\"template: :1: unexpected <with> in else\""`),
      messages(r, 'kuma-validation').join('\n'),
    );
    assert.ok(!hostnames(r).includes('web.else.mesh:82'));
  });

  it("2.1 (Go 1.21) fails to compile it, quoted with '...'", () => {
    assert.ok(
      messages(resolveAt('2.1'), 'kuma-validation').includes(`conf.host: template pre evaluation failed with error='failed compiling gotemplate error='template: :1: unexpected <with> in else''`),
    );
  });

  it('2.8 (Go 1.23) and 2.7 (Go 1.26) take the else with branch', () => {
    for (const v of ['2.7', '2.8', '2.10']) {
      const r = resolveAt(v);
      assert.ok(!messages(r, 'kuma-validation').some((m) => m.includes('in else')), v);
      assert.ok(hostnames(r).includes('web.else.mesh:82'), `${v}: ${hostnames(r).join(' ')}`);
    }
  });
});

describe('Kuma versions: the incremental model renders again when only the Go release changes', () => {
  it('2.7 to 2.6 (both quote with %q) drops the hostname that ranges at render time, and 2.6 to 2.7 brings it back', () => {
    const files = analyses('2.7');
    const model = new WorkspaceModel();
    assert.ok(hostnames(model.update(files, [], options('2.7'))).includes('v1.render.mesh:83'));
    const at26 = model.update([], [], options('2.6'));
    assert.ok(!hostnames(at26).includes('v1.render.mesh:83'), hostnames(at26).join(' '));
    // The files were validated as 2.7, so the other Go 1.24 templates are skipped at render time too.
    assert.ok(
      messages(at26, 'render-skipped').some((m) => m.includes("at <1>: range can't iterate over 1")),
      messages(at26, 'render-skipped').join('\n'),
    );
    const back = model.update([], [], options('2.7'));
    assert.ok(hostnames(back).includes('v1.render.mesh:83'));
    assert.deepEqual(messages(back, 'render-skipped'), []);
  });

  it('every version gives what a fresh model gives', () => {
    const model = new WorkspaceModel();
    const files = analyses('2.14');
    model.update(files, [], options('2.14'));
    for (const v of KUMA_VERSIONS) {
      const incremental = model.update([], [], options(v));
      const fresh = resolveWorkspace(files, options(v));
      assert.deepEqual(hostnames(incremental), hostnames(fresh), v);
      assert.deepEqual(messages(incremental, 'render-skipped'), messages(fresh, 'render-skipped'), v);
    }
  });
});

describe('editor features read the fields of a template any Kuma version accepts', () => {
  it('the parameters an "else with" template reads are found, whatever the version', () => {
    const text = fs.readFileSync(path.join(dir, 'virtual-outbounds.yaml'), 'utf8');
    for (const v of ['2.1', '2.8']) {
      const vo = analyzeFile('virtual-outbounds.yaml', text, v).resources.find((r) => r.kind === 'VirtualOutbound' && r.name === 'else-with') as VirtualOutbound;
      assert.deepEqual(
        templateFields(vo, text).map((f) => `${f.field}:${f.name}`),
        ['host:service', 'host:service'],
        v,
      );
    }
  });
});

describe("mesh-lens resolve --kuma-version renders as that version's Go", () => {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  it('2.8 (Go 1.23) refuses {{range 2}}; 2.10 (Go 1.24) renders xx.web.mesh', () => {
    assert.ok(fs.existsSync(cli), 'build first: npm run build');
    const names = (v: string) => {
      const r = spawnSync(process.execPath, [cli, 'resolve', '--format', 'json', '--kuma-version', v, '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { meshes: { entries: { name: string }[] }[] }).meshes[0]!.entries.map((e) => e.name);
    };
    assert.deepEqual(names('2.8'), ['web', 'web.else.mesh']);
    assert.deepEqual(names('2.10'), ['web', 'v1.render.mesh', 'web.else.mesh', 'web.ports.mesh', 'xx.web.mesh']);
  });
});
