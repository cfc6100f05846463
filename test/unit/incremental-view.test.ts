// The incremental mesh view must equal a view built from scratch (`buildMeshView`, `allocateVips`,
// `diagnoseMeshView`) after every step of random edit sequences: conflicts across dataplanes and
// within an inbound, equal ranks, several ports, external services (host clashes), skipped renders,
// hosts outside the domain, serviceVipEnabled false, persisted VIPs (good and bad), an exhausted CIDR,
// ZoneIngresses of this and other zones, and the MeshGateways of this and other meshes.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { Dataplane, ExternalService, MeshGateway, PersistedEntry, VirtualOutbound, ZoneIngress } from '../../server/src/engine/resources/model';
import { diagnoseMeshView } from '../../server/src/engine/resolve/diagnose';
import { IncrementalMeshView } from '../../server/src/engine/resolve/incrementalView';
import { buildMeshView, MeshView, RenderCache, RenderRecord, Source } from '../../server/src/engine/resolve/view';
import { cidrOf, ControlPlaneSettings, DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { byteOrder } from '../../server/src/engine/validate/selectors';
import { allocateVips } from '../../server/src/engine/vips/allocate';
import { EngineDiagnostic } from '../../server/src/engine/rules';

type Item = Dataplane | ExternalService | VirtualOutbound | ZoneIngress | MeshGateway;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(rnd: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const services = ['api', 'web', 'db'];
  const inbound = () => {
    const tags: string[] = [`kuma.io/service: ${pick(services)}`];
    if (rnd() < 0.7) tags.push(`version: ${pick(['v1', 'v2'])}`);
    if (rnd() < 0.3) tags.push(`team: ${pick(['a', 'b'])}`);
    return `    - port: ${pick([8080, 9090])}\n      tags:\n${tags.map((t) => `        ${t}\n`).join('')}`;
  };
  const dataplane = (name: string) => `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n${inbound()}${rnd() < 0.3 ? inbound() : ''}`;
  const external = (name: string) =>
    `type: ExternalService\nmesh: default\nname: ${name}\ntags:\n  kuma.io/service: ${pick(['ext', 'api', 'pay'])}\nnetworking:\n  address: ${pick(['a.com', 'b.com', '10.1.1.1'])}:${pick([443, 80])}\n${rnd() < 0.2 ? '  disableHostDNSEntry: true\n' : ''}`;
  const virtualOutbound = (name: string) => {
    const match = pick([{ 'kuma.io/service': '*' }, { 'kuma.io/service': 'api' }, { 'kuma.io/service': '*', version: '*' }, { version: 'v1' }, { team: '*' }]);
    const [host, params] = pick([
      ['{{.svc}}.mesh', [['svc', 'kuma.io/service']]],
      [
        '{{.svc}}.{{.v}}.mesh',
        [
          ['svc', 'kuma.io/service'],
          ['v', 'version'],
        ],
      ],
      [
        '{{.svc}}.mesh',
        [
          ['svc', 'kuma.io/service'],
          ['v', 'version'],
        ],
      ],
      ['shared.mesh', [['svc', 'kuma.io/service']]],
      ['{{.svc}}.example.org', [['svc', 'kuma.io/service']]],
      ['{{.v}}.mesh', [['v', 'version']]],
    ] as Array<[string, string[][]]>);
    const time = rnd() < 0.5 ? `creationTime: "2024-01-0${1 + Math.floor(rnd() * 3)}T00:00:00Z"\n` : '';
    return (
      `type: VirtualOutbound\nmesh: default\nname: ${name}\n${time}selectors:\n  - match:\n${Object.entries(match)
        .map(([k, v]) => `      ${k}: "${v}"\n`)
        .join('')}conf:\n  host: "${host}"\n  port: "${pick(['80', '8080', '{{.p}}'])}"\n  parameters:\n` + params.map(([n, k]) => `    - name: ${n}\n      tagKey: ${k}\n`).join('')
    );
  };
  const zoneIngress = (name: string) => {
    const service = () => `  - mesh: ${pick(['default', 'default', 'other'])}\n    tags:\n      kuma.io/service: ${pick(services)}\n${rnd() < 0.5 ? `      version: ${pick(['v1', 'v2'])}\n` : ''}`;
    return `type: ZoneIngress\nname: ${name}\n${rnd() < 0.9 ? `zone: ${pick(['east', 'west'])}\n` : ''}networking:\n  address: 10.0.0.9\n  port: 10001\navailableServices:\n${service()}${rnd() < 0.5 ? service() : ''}`;
  };
  const meshGateway = (name: string) => {
    const listener = () =>
      `    - ${pick(['hostname: api.mesh\n      ', 'hostname: shared.mesh\n      ', 'hostname: "*"\n      ', ''])}port: ${pick([80, 8080])}\n      protocol: HTTP\n${rnd() < 0.8 ? '      crossMesh: true\n' : ''}${rnd() < 0.4 ? `      tags:\n        version: ${pick(['v1', 'v2'])}\n` : ''}`;
    return `type: MeshGateway\nmesh: ${pick(['default', 'other', 'a'])}\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: ${pick(services)}\nconf:\n  listeners:\n${listener()}${rnd() < 0.4 ? listener() : ''}`;
  };
  return { pick, dataplane, external, virtualOutbound, zoneIngress, meshGateway };
}

const keyOf = (r: { doc: { file: string; index: number } }) => `${r.doc.file}#${r.doc.index}`;
const src = (s: Source) => `${keyOf(s.resource)}:${s.inboundIndex ?? '-'}:${s.match ? keyOf(s.match.vo) : '-'}`;

function plain(view: MeshView, diagnostics: readonly EngineDiagnostic[]): unknown {
  return {
    entries: view.entries.map((e) => ({
      type: e.type,
      name: e.name,
      address: e.address,
      vip: e.vip,
      outbounds: e.outbounds.map((o) => ({ port: o.port, tags: { ...o.tags }, origin: o.origin, key: o.key, sources: o.sources.map(src) })),
    })),
    dropped: view.dropped.map((d) => ({ entry: `${d.entry.type}:${d.entry.name}`, outbound: { ...d.outbound, tags: { ...d.outbound.tags } }, source: src(d.source), winner: d.winner.key })),
    renders: plainRenders(view.renders),
    diagnostics,
  };
}

function plainRenders(renders: Iterable<readonly [VirtualOutbound, readonly RenderRecord[]]>): unknown {
  return [...renders].map(([vo, records]) => [keyOf(vo), records.map((r) => ({ ...r, source: src(r.source), entry: r.entry && `${r.entry.type}:${r.entry.name}`, winner: r.winner?.key }))]);
}

function fromScratch(items: Iterable<Item>, settings: ControlPlaneSettings, persisted: readonly PersistedEntry[]): unknown {
  const all = [...items];
  const store = (a: Item, b: Item) => byteOrder(a.name, b.name) || byteOrder(a.doc.file, b.doc.file) || a.doc.index - b.doc.index;
  const dataplanes = all.filter((r): r is Dataplane => r.kind === 'Dataplane').sort(store);
  const externalServices = all.filter((r): r is ExternalService => r.kind === 'ExternalService').sort(store);
  const zoneIngresses = all.filter((r): r is ZoneIngress => r.kind === 'ZoneIngress' && !r.rejected).sort(store);
  const meshGateways = all.filter((r): r is MeshGateway => r.kind === 'MeshGateway' && !r.rejected).sort((a, b) => byteOrder(a.mesh, b.mesh) || store(a, b));
  const virtualOutbounds = all.filter((r): r is VirtualOutbound => r.kind === 'VirtualOutbound' && r.valid).sort((a, b) => byteOrder(a.doc.file, b.doc.file) || a.doc.index - b.doc.index);
  const view = buildMeshView({
    mesh: 'default',
    dataplanes,
    externalServices,
    zoneIngresses,
    meshGateways,
    virtualOutbounds,
    serviceVipEnabled: settings.serviceVipEnabled,
    zone: settings.zone,
    dnsDomain: settings.dnsDomain,
  });
  const problems = allocateVips(cidrOf(settings), view.entries, persisted);
  return { problems, view: plain(view, diagnoseMeshView(view, settings, dataplanes.length + externalServices.length + zoneIngresses.length > 0)) };
}

describe('incremental mesh view', () => {
  const cases: Array<{ name: string; settings: ControlPlaneSettings; persisted: PersistedEntry[] }> = [
    { name: 'defaults', settings: DEFAULT_SETTINGS, persisted: [] },
    { name: 'no service VIPs', settings: { ...DEFAULT_SETTINGS, serviceVipEnabled: false }, persisted: [] },
    {
      name: 'persisted VIPs, one outside the CIDR and one twice',
      settings: DEFAULT_SETTINGS,
      persisted: [
        { type: 'service', name: 'web', address: '240.0.0.3' },
        { type: 'fqdn', name: 'api.mesh', address: '240.0.0.0' },
        { type: 'fqdn', name: 'shared.mesh', address: '10.0.0.1' },
        { type: 'service', name: 'db', address: '240.0.0.3' },
      ],
    },
    { name: 'an exhausted CIDR', settings: { ...DEFAULT_SETTINGS, cidr: '10.0.0.0/29' }, persisted: [{ type: 'service', name: 'api', address: '10.0.0.2' }] },
    { name: 'IPv6', settings: { ...DEFAULT_SETTINGS, cidr: 'fd00::/126' }, persisted: [] },
    { name: 'in zone west', settings: { ...DEFAULT_SETTINGS, zone: 'west' }, persisted: [] },
    { name: 'in zone east, no service VIPs, another domain', settings: { ...DEFAULT_SETTINGS, zone: 'east', serviceVipEnabled: false, dnsDomain: 'kuma' }, persisted: [] },
  ];
  for (const c of cases) {
    it(`equals a from-scratch view after every edit (${c.name})`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const rnd = random(seed * 7919 + c.name.length);
        const g = generator(rnd);
        const items = new Map<string, Item>();
        const texts = new Map<string, string>();
        const view = new IncrementalMeshView(new RenderCache(), c.settings);
        const slots = [...Array(19).keys()].map((i) => (i < 8 ? `dp${i}` : i < 10 ? `es${i}` : i < 14 ? `vo${i}` : i < 16 ? `zi${i}` : `gw${i}`));
        let version = 0;
        for (let step = 0; step < 40; step++) {
          // Several changes per step, as one file edit or a cold start brings.
          const changes = step === 0 ? 10 : 1 + Math.floor(rnd() * 3);
          for (let k = 0; k < changes; k++) {
            const slot = g.pick(slots);
            if (items.has(slot) && rnd() < 0.25) {
              items.delete(slot);
              continue;
            }
            // Same names across slots make look-alikes; a new file version makes a new object, and
            // re-reading an unchanged text makes a twin.
            const name = `${slot.slice(0, 2)}-${g.pick(['a', 'b', 'c', slot])}`;
            const again = texts.get(slot);
            const make = { dp: g.dataplane, es: g.external, vo: g.virtualOutbound, zi: g.zoneIngress, gw: g.meshGateway }[slot.slice(0, 2) as 'dp'];
            const text = again !== undefined && rnd() < 0.3 ? again : make(name);
            texts.set(slot, text);
            const r = analyzeFile(`${slot}.yaml`, text).resources[0] as Item;
            version++;
            items.set(slot, r);
          }
          const names = new Set<string>();
          const live = [...items.entries()]
            .sort((a, b) => byteOrder(a[0], b[0]))
            .map(([, r]) => r)
            .filter((r) => {
              // One resource per kind and name, as the workspace model keeps them.
              const key = `${r.kind}:${r.mesh}:${r.name}`;
              if (names.has(key)) return false;
              names.add(key);
              return true;
            });
          const virtualOutbounds = live.filter((r): r is VirtualOutbound => r.kind === 'VirtualOutbound' && r.valid).sort((a, b) => byteOrder(a.doc.file, b.doc.file));
          const update = view.update({
            mesh: 'default',
            dataplanes: new Set(live.filter((r): r is Dataplane => r.kind === 'Dataplane')),
            externalServices: new Set(live.filter((r): r is ExternalService => r.kind === 'ExternalService')),
            zoneIngresses: new Set(live.filter((r): r is ZoneIngress => r.kind === 'ZoneIngress' && !r.rejected)),
            meshGateways: new Set(live.filter((r): r is MeshGateway => r.kind === 'MeshGateway' && !r.rejected)),
            virtualOutbounds,
            persisted: c.persisted,
          });
          // Each VirtualOutbound's records as a request asks for them, one at a time (on every
          // other step after its claims were put in order ahead of requests), before `renders` is.
          if (step % 2) update.view.orderClaims!();
          const asked = virtualOutbounds.map((vo) => [vo, update.view.rendersOf!(vo)!] as const);
          const got = { problems: update.reservationProblems, view: plain(update.view, update.diagnostics) };
          const want = fromScratch(live, c.settings, c.persisted) as { view: { renders: unknown } };
          assert.deepEqual(got, want, `seed ${seed}, step ${step} (version ${version})`);
          assert.deepEqual(plainRenders(asked), want.view.renders, `records asked for, seed ${seed}, step ${step}`);
        }
      }
    });
  }
});
