// The incremental model must always equal a fresh resolve of the same files.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile, FileAnalysis, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { WorkspaceModel } from '../../server/src/engine/workspaceModel';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { toJsonView } from '../../server/src/report/resolvedView';

const dp = (name: string, svc: string, extra = '', mesh = 'default') =>
  `type: Dataplane\nmesh: ${mesh}\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${svc}\n${extra}`;
const vo = (name: string, host: string, params = '', match = '      kuma.io/service: "*"\n') =>
  `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n${match}conf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n${params}`;

const view = (r: WorkspaceResult) => JSON.stringify(toJsonView(r));

describe('WorkspaceModel', () => {
  it('equals a fresh resolve after every step of a sequence of edits', () => {
    const files = new Map<string, string>([
      ['a.yaml', `${dp('backend-1', 'backend', '        version: v1\n')}---\n${dp('backend-2', 'backend', '        version: v2\n')}`],
      ['b.yaml', vo('by-service', '{{.svc}}.mesh', '    - name: v\n      tagKey: version\n')],
      ['c.yaml', dp('web-1', 'web')],
    ]);
    const steps: Array<[string, string | undefined]> = [
      ['b.yaml', vo('by-service', '{{.svc}}.{{.v}}.mesh', '    - name: v\n      tagKey: version\n')],
      ['d.yaml', vo('second', '{{.svc}}.mesh')],
      ['d.yaml', vo('by-service', '{{.svc}}.dup')], // a duplicate name: shadowed by b.yaml
      ['b.yaml', undefined], // the first definition goes, the duplicate takes over
      ['c.yaml', dp('web-1', 'web', '', 'payments')], // moves to another mesh
      ['e.yaml', 'type: Config\nname: kuma-default-dns-vips\nconfig: \'{"0:web":{"address":"240.0.0.7"}}\'\n'],
      ['a.yaml', 'not: [valid'],
      ['a.yaml', dp('backend-1', 'backend')],
      ['e.yaml', undefined],
    ];
    const model = new WorkspaceModel();
    const analyses = new Map<string, FileAnalysis>();
    for (const [f, t] of files) analyses.set(f, analyzeFile(f, t));
    model.update([...analyses.values()]);
    for (const [file, text] of steps) {
      let result: WorkspaceResult;
      if (text === undefined) {
        files.delete(file);
        analyses.delete(file);
        result = model.update([], [file]);
      } else {
        files.set(file, text);
        const a = analyzeFile(file, text);
        analyses.set(file, a);
        result = model.update([a]);
      }
      const fresh = resolveWorkspace([...files].map(([f, t]) => analyzeFile(f, t)));
      assert.equal(view(result), view(fresh), `after editing ${file}`);
    }
  });

  it('equals a fresh resolve when edits add, change and remove external services and dataplanes of a mesh it already holds', () => {
    const es = (name: string, host: string, svc = name) => `type: ExternalService\nmesh: default\nname: ${name}\nnetworking:\n  address: ${host}:443\ntags:\n  kuma.io/service: ${svc}\n`;
    const files = new Map<string, string>([
      ['a.yaml', dp('web-1', 'web')],
      ['v.yaml', vo('names', '{{.svc}}.mesh')],
    ]);
    const steps: Array<[string, string | undefined]> = [
      ['x.yaml', es('httpbin', 'httpbin.org')],
      ['y.yaml', `${es('api', 'api.example.com')}---\n${dp('api-1', 'api')}`],
      ['x.yaml', es('httpbin', 'httpbin.example.com', 'web')], // its host and the service of a dataplane
      ['b.yaml', dp('web-2', 'web')],
      ['y.yaml', es('api', 'api.example.com')],
      ['x.yaml', undefined],
      ['b.yaml', `${dp('api-1', 'api')}---\n${es('late', 'api.example.com', 'api')}`], // the same host, later
    ];
    const model = new WorkspaceModel();
    model.update([...files].map(([f, t]) => analyzeFile(f, t)));
    for (const [file, text] of steps) {
      if (text === undefined) files.delete(file);
      else files.set(file, text);
      const result = text === undefined ? model.update([], [file]) : model.update([analyzeFile(file, text)]);
      const fresh = resolveWorkspace([...files].map(([f, t]) => analyzeFile(f, t)));
      assert.equal(view(result), view(fresh), `after editing ${file}`);
    }
  });

  it('keeps the result of an untouched mesh and re-renders only a changed VirtualOutbound', () => {
    const model = new WorkspaceModel();
    const first = model.update([analyzeFile('a.yaml', dp('web-1', 'web')), analyzeFile('p.yaml', dp('api-1', 'api', '', 'payments')), analyzeFile('v.yaml', vo('names', '{{.svc}}.mesh'))]);
    const second = model.update([analyzeFile('v.yaml', vo('names', '{{.svc}}.internal'))]);
    assert.equal(
      second.meshes.find((m) => m.name === 'payments'),
      first.meshes.find((m) => m.name === 'payments'),
    );
    assert.notEqual(
      second.meshes.find((m) => m.name === 'default'),
      first.meshes.find((m) => m.name === 'default'),
    );
    assert.ok(second.meshes[0]!.view.entries.some((e) => e.name === 'web.internal'));
  });

  it('applies changed settings to every mesh', () => {
    const model = new WorkspaceModel();
    model.update([analyzeFile('a.yaml', dp('web-1', 'web'))]);
    const r = model.update([], [], { settings: { ...DEFAULT_SETTINGS, cidr: '10.0.0.0/8' } });
    assert.equal(r.meshes[0]!.view.entries[0]!.vip, '10.0.0.0');
  });

  it('returns the same result when nothing changed', () => {
    const model = new WorkspaceModel();
    const a = analyzeFile('a.yaml', dp('web-1', 'web'));
    const r1 = model.update([a]);
    assert.equal(model.update([a]), r1);
    assert.equal(model.update([]), r1);
  });
});
