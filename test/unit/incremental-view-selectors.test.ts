// VirtualOutbounds with several selectors (exact values, wildcards only, none at all) added,
// replaced and removed while dataplanes come and go: the incremental view finds the inbounds an
// edit can change through its tag index, and must still equal a view built from scratch.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeFile } from '../../server/src/engine/analyze';
import { Dataplane, VirtualOutbound } from '../../server/src/engine/resources/model';
import { IncrementalMeshView } from '../../server/src/engine/resolve/incrementalView';
import { buildMeshView, MeshView, RenderCache, Source } from '../../server/src/engine/resolve/view';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { byteOrder } from '../../server/src/engine/validate/selectors';
import { fcOptions } from '../helpers/arbitraries';

const SERVICES = ['api', 'web', 'db'];
const tagArb = fc.record({
  service: fc.constantFrom(...SERVICES),
  version: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
  team: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});
const dataplaneText = (name: string, inbounds: { service: string; version?: string; team?: string }[]) =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n` +
  inbounds
    .map((t, i) => `    - port: ${8080 + i}\n      tags:\n        kuma.io/service: ${t.service}\n${t.version ? `        version: ${t.version}\n` : ''}${t.team ? `        team: ${t.team}\n` : ''}`)
    .join('');

const SELECTORS = ['kuma.io/service: "*"', 'kuma.io/service: api', 'version: "*"', 'team: a', 'kuma.io/service: web\n      version: "*"', 'team: "*"\n      version: v2', '{}'];
const voText = (name: string, selectors: string[], host: string) =>
  `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n${selectors.map((s) => (s === '{}' ? '  - match: {}\n' : `  - match:\n      ${s}\n`)).join('')}conf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: v\n      tagKey: version\n`;

type Op =
  | { kind: 'dp'; slot: number; inbounds: { service: string; version?: string; team?: string }[] }
  | { kind: 'vo'; slot: number; selectors: string[]; host: string }
  | { kind: 'drop'; slot: number; vo: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('dp' as const), slot: fc.nat(5), inbounds: fc.array(tagArb, { minLength: 1, maxLength: 2 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('vo' as const),
      slot: fc.nat(3),
      selectors: fc.array(fc.constantFrom(...SELECTORS), { minLength: 1, maxLength: 3 }),
      host: fc.constantFrom('{{.svc}}.mesh', '{{.svc}}.{{.v}}.mesh', 'shared.mesh'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), slot: fc.nat(5), vo: fc.boolean() }) },
);

const keyOf = (r: { doc: { file: string; index: number } }) => `${r.doc.file}#${r.doc.index}`;
const src = (s: Source) => `${keyOf(s.resource)}:${s.inboundIndex ?? '-'}:${s.match ? keyOf(s.match.vo) : '-'}`;
const plain = (view: MeshView) => ({
  entries: view.entries.map((e) => ({ id: `${e.type}:${e.name}`, outbounds: e.outbounds.map((o) => ({ key: o.key, sources: o.sources.map(src) })) })),
  dropped: view.dropped.map((d) => ({ entry: d.entry.name, key: d.outbound.key, source: src(d.source), winner: d.winner.key })),
  renders: [...view.renders].map(([vo, records]) => [keyOf(vo), records.map((r) => `${r.status} ${src(r.source)} ${r.host ?? r.reason}`)]),
});

describe('incremental mesh view, VirtualOutbounds of several selectors', () => {
  it('equals a from-scratch view after every edit', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 14 }), (ops) => {
        const view = new IncrementalMeshView(new RenderCache(), DEFAULT_SETTINGS);
        const dataplanes = new Map<number, Dataplane>();
        const vos = new Map<number, VirtualOutbound>();
        for (const op of ops) {
          if (op.kind === 'dp') dataplanes.set(op.slot, analyzeFile(`dp${op.slot}.yaml`, dataplaneText(`dp-${op.slot}`, op.inbounds)).resources[0] as Dataplane);
          else if (op.kind === 'vo') vos.set(op.slot, analyzeFile(`vo${op.slot}.yaml`, voText(`vo-${op.slot}`, op.selectors, op.host)).resources[0] as VirtualOutbound);
          else if (op.vo) vos.delete(op.slot);
          else dataplanes.delete(op.slot);
          const dps = [...dataplanes.values()].sort((a, b) => byteOrder(a.name, b.name));
          const list = [...vos.values()].filter((v) => v.valid).sort((a, b) => byteOrder(a.doc.file, b.doc.file));
          const got = view.update({ mesh: 'default', dataplanes: new Set(dps), externalServices: new Set(), virtualOutbounds: list, persisted: [] });
          const want = buildMeshView({ mesh: 'default', dataplanes: dps, externalServices: [], virtualOutbounds: list, serviceVipEnabled: DEFAULT_SETTINGS.serviceVipEnabled });
          assert.deepEqual(plain(got.view), plain(want));
        }
      }),
      fcOptions(150, { seedOffset: 83 }),
    );
  });

  it('orders the claims as from scratch when an edited VirtualOutbound moves in the list (the priority order is not transitive)', () => {
    // Equal ranks: a creation time decides only between two that have one, else the name does.
    const vo = (file: string, name: string, time: string, host: string) =>
      analyzeFile(
        file,
        `type: VirtualOutbound\nmesh: default\nname: ${name}\n${time ? `creationTime: "${time}"\n` : ''}selectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n`,
      ).resources[0] as VirtualOutbound;
    const dp = analyzeFile('dp.yaml', dataplaneText('dp-1', [{ service: 'api' }])).resources[0] as Dataplane;
    const broad = vo('b.yaml', 'broad', '', '{{.svc}}.same.mesh');
    const newer = vo('c.yaml', 'zzz-new', '2024-01-02T00:00:00Z', '{{.svc}}.same.mesh');
    const steps = [
      [vo('a.yaml', 'aaa-old', '2024-01-01T00:00:00Z', '{{.svc}}.same.mesh'), broad, newer],
      // Edited in its template only, and now last in location order.
      [broad, newer, vo('d.yaml', 'aaa-old', '2024-01-01T00:00:00Z', '{{ .svc }}.same.mesh')],
    ];
    const view = new IncrementalMeshView(new RenderCache(), DEFAULT_SETTINGS);
    for (const [step, list] of steps.entries()) {
      const got = view.update({ mesh: 'default', dataplanes: new Set([dp]), externalServices: new Set(), virtualOutbounds: list, persisted: [] });
      const want = buildMeshView({ mesh: 'default', dataplanes: [dp], externalServices: [], virtualOutbounds: list, serviceVipEnabled: DEFAULT_SETTINGS.serviceVipEnabled });
      assert.deepEqual(plain(got.view), plain(want), `step ${step}`);
    }
  });
});
