// Edits that list and unlist many entries at once (a VirtualOutbound whose host template changes
// renames one host per service) keep the view's entries in Kuma's order, as a view built from
// scratch has them, and a VirtualOutbound edited in its templates only keeps its claims' places.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { Dataplane, VirtualOutbound } from '../../server/src/engine/resources/model';
import { IncrementalMeshView } from '../../server/src/engine/resolve/incrementalView';
import { buildMeshView, MeshView, RenderCache } from '../../server/src/engine/resolve/view';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';

const dataplane = (i: number) =>
  analyzeFile(
    `dp${i}.yaml`,
    `type: Dataplane\nmesh: default\nname: dp-${String(i).padStart(3, '0')}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: svc-${(i * 37) % 150}\n        version: v${i % 3}\n`,
  ).resources[0] as Dataplane;
const virtualOutbound = (name: string, host: string, selector = 'kuma.io/service: "*"') =>
  analyzeFile(
    `${name}.yaml`,
    `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      ${selector}\nconf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: v\n      tagKey: version\n`,
  ).resources[0] as VirtualOutbound;

const plain = (view: MeshView) => ({
  entries: view.entries.map((e) => `${e.type}:${e.name}:${e.outbounds.map((o) => `${o.key}/${o.sources.length}`).join(',')}`),
  renders: [...view.renders].map(([vo, records]) => [vo.name, records.map((r) => `${r.status} ${r.source.resource.name} ${r.host ?? r.reason}`)]),
});

describe('incremental mesh view, many entries at once', () => {
  it('keeps the entry order through edits that rename a hundred hosts', () => {
    const dataplanes = Array.from({ length: 200 }, (_, i) => dataplane(i));
    const view = new IncrementalMeshView(new RenderCache(), DEFAULT_SETTINGS);
    const steps = [
      [virtualOutbound('a', '{{.svc}}.mesh'), virtualOutbound('b', 'zz.{{.v}}.mesh', 'version: "*"')],
      [virtualOutbound('a', 'm-{{.svc}}.{{.v}}.mesh'), virtualOutbound('b', 'zz.{{.v}}.mesh', 'version: "*"')],
      [virtualOutbound('a', '{{.svc}}.mesh'), virtualOutbound('b', 'aa-{{.svc}}.mesh', 'version: "*"')],
      [virtualOutbound('a', '{{.svc}}.mesh', 'version: "*"'), virtualOutbound('b', 'aa-{{.svc}}.mesh', 'version: "*"')],
    ];
    for (const [step, vos] of steps.entries()) {
      const got = view.update({ mesh: 'default', dataplanes: new Set(dataplanes), externalServices: new Set(), virtualOutbounds: vos, persisted: [] });
      const want = buildMeshView({ mesh: 'default', dataplanes, externalServices: [], virtualOutbounds: vos, serviceVipEnabled: true });
      assert.deepEqual(plain(got.view), plain(want), `step ${step}`);
    }
  });
});
