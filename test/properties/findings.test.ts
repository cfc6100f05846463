// Findings hold their shape whatever the workspace: no line carries two diagnostics of one code
// (Kuma's validator messages apart), no diagnostic lists more than MAX_RELATED related locations
// and a cut list says how many more there are; copies of a VirtualOutbound make one finding each,
// however many services they cover; and a storm of overlapping VirtualOutbounds, edited step by
// step, gives the findings a fresh resolve gives.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeFile, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { SEPARATE_ON_ONE_LINE } from '../../server/src/engine/oneDiagnosticPerLine';
import { expandPairs } from '../../server/src/engine/resolve/expand';
import { MAX_RELATED } from '../../server/src/engine/rules';
import { WorkspaceModel } from '../../server/src/engine/workspaceModel';
import { fcOptions, hangGuard, resolveFiles, stableView, workspace, WorkspaceFile } from '../helpers/arbitraries';

function assertFindingShape(result: WorkspaceResult): void {
  const seen = new Set<string>();
  for (const d of result.diagnostics) {
    const line = result.files.get(d.file)?.parsed.lines.positionAt(d.span[0]).line;
    if (!SEPARATE_ON_ONE_LINE.has(d.code)) {
      const key = `${d.file}:${line}:${d.code}`;
      assert.ok(!seen.has(key), `two ${d.code} diagnostics on ${d.file}:${line}`);
      seen.add(key);
    }
    assert.ok((d.related?.length ?? 0) <= MAX_RELATED, `${d.code} lists ${d.related?.length} related locations`);
    if (/more related locations? not listed/.test(d.message)) assert.equal(d.related?.length, MAX_RELATED, d.message);
  }
}

const dataplanes = (services: number, instances: number) =>
  Array.from({ length: services * instances }, (_, i) => {
    const s = i % services;
    return `type: Dataplane\nmesh: default\nname: dp-${i}\nnetworking:\n  address: 10.0.${i >> 8}.${i & 255}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: svc-${s}\n        version: v${i % 3}\n`;
  }).join('---\n');

const copy = (name: string, host: string, match: string, readsVersion: boolean) =>
  `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n${match}conf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n${readsVersion ? '    - name: version\n' : ''}`;

describe('finding properties', () => {
  it('no line carries two diagnostics of one code, and related lists stay short', { timeout: hangGuard(180_000) }, () => {
    fc.assert(
      fc.property(workspace, (files) => assertFindingShape(resolveFiles(files))),
      fcOptions(80, { seedOffset: 40 }),
    );
  });

  it('copies of one VirtualOutbound over any number of services make exactly one finding on each copy', { timeout: hangGuard(180_000) }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 5 }), (services, instances, copies) => {
        const vos = Array.from({ length: copies }, (_, i) => copy(`copy-${i}`, '{{.service}}.mesh', '      kuma.io/service: "*"\n', false));
        const result = resolveWorkspace([analyzeFile('dp.yaml', dataplanes(services, instances)), analyzeFile('vo.yaml', vos.join('---\n'))]);
        assertFindingShape(result);
        const lines = result.diagnostics.map((d) => `${d.code}@${result.files.get(d.file)!.parsed.lines.positionAt(d.span[0]).line}`);
        assert.equal(lines.length, copies, lines.join(' '));
        assert.ok(result.diagnostics.every((d) => d.code === 'ambiguous-priority' && d.file === 'vo.yaml'));
        assert.equal(new Set(lines).size, copies);
        // The detail: every copy but the first loses every instance's claim.
        assert.equal(expandPairs(result).length, services * instances * (copies - 1));
      }),
      fcOptions(40, { seedOffset: 41 }),
    );
  });

  it('a storm of overlapping VirtualOutbounds, edited step by step, gives what a fresh resolve gives', { timeout: hangGuard(300_000) }, () => {
    const hosts = ['{{.service}}.mesh', 'all.mesh', '{{.service}}.{{.version}}.mesh'];
    const matches = ['      kuma.io/service: "*"\n', '      kuma.io/service: "*"\n      version: "*"\n', '      kuma.io/service: svc-0\n'];
    const voText = fc
      .array(fc.record({ host: fc.constantFrom(...hosts), match: fc.constantFrom(...matches), readsVersion: fc.boolean(), name: fc.constantFrom('a', 'b', 'c', 'd', 'e') }), {
        minLength: 1,
        maxLength: 4,
      })
      .map((list) => {
        const names = new Set<string>();
        return list
          .filter((v) => !names.has(v.name) && names.add(v.name))
          .map((v) => copy(`vo-${v.name}`, v.host, v.match, v.readsVersion))
          .join('---\n');
      });
    const op = fc.oneof(
      fc.record({ path: fc.constant('dp.yaml'), text: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 })).map(([s, i]) => dataplanes(s, i)) }),
      fc.record({ path: fc.constantFrom('vo-1.yaml', 'vo-2.yaml', 'vo-3.yaml'), text: voText }),
      fc.record({ path: fc.constantFrom('vo-1.yaml', 'vo-2.yaml', 'vo-3.yaml'), text: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 10 }), (ops) => {
        const model = new WorkspaceModel();
        const texts = new Map<string, string>();
        for (const o of ops) {
          let result: WorkspaceResult;
          if (o.text) {
            texts.set(o.path, o.text);
            result = model.update([analyzeFile(o.path, o.text)], []);
          } else {
            texts.delete(o.path);
            result = model.update([], [o.path]);
          }
          assertFindingShape(result);
          const files: WorkspaceFile[] = [...texts].map(([path, text]) => ({ path, text }));
          assert.deepEqual(stableView(result), stableView(resolveFiles(files)));
        }
      }),
      fcOptions(40, { seedOffset: 42 }),
    );
  });
});
