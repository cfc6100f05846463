// MeshGateway and ZoneIngress entries in the mesh view, as Kuma 2.1.7's BuildVirtualOutboundMeshView
// adds them (cases of vips_allocator_test.go's outboundView table, written as workspaces), and
// their place in Kuma's order: dataplanes, ZoneIngresses, external services, MeshGateways.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ResolveOptions, WorkspaceResult } from '../../server/src/engine/analyze';
import { DEFAULT_SETTINGS, readCpConfig } from '../../server/src/engine/settings';
import { toJsonView } from '../../server/src/report/resolvedView';
import { toIndexOptions } from '../../server/src/workspace/settings';
import { resolveFixture } from '../helpers/fixture';

const withZone = (zone: string, more: Partial<typeof DEFAULT_SETTINGS> = {}): ResolveOptions => ({ settings: { ...DEFAULT_SETTINGS, cidr: '240.0.0.0/24', ...more, zone } });

/** Entries of one mesh as `type:name` -> outbounds `port tags origin`. */
function outbounds(r: WorkspaceResult, mesh: string): Record<string, string[]> {
  const m = r.meshes.find((x) => x.name === mesh);
  assert.ok(m, `mesh ${mesh} in the result`);
  const out: Record<string, string[]> = {};
  for (const e of m.view.entries) {
    out[`${e.type}:${e.name}`] = e.outbounds.map(
      (o) =>
        `${o.port} ${Object.keys(o.tags)
          .sort()
          .map((k) => `${k}=${o.tags[k]}`)
          .join(',')} ${o.origin}`,
    );
  }
  return out;
}

const gateways = `
//- gateways.yaml
type: Mesh
name: mesh1
---
type: MeshGateway
mesh: mesh1
name: gateway
selectors:
  - match:
      kuma.io/service: gateway
tags:
  gateway: prod
conf:
  listeners:
    - hostname: gateway1.mesh
      port: 80
      protocol: HTTP
      tags:
        listener: internal
    - hostname: "*"
      port: 80
      protocol: HTTP
      tags:
        listener: wildcard
---
type: MeshGateway
mesh: mesh2
name: gateway
selectors:
  - match:
      kuma.io/service: gateway
tags:
  gateway: prod
conf:
  listeners:
    - hostname: gateway2.mesh
      port: 80
      crossMesh: true
      protocol: HTTP
      tags:
        listener: internal
    - port: 81
      crossMesh: true
      protocol: HTTP
      tags:
        listener: internal2
    - hostname: "*"
      port: 80
      protocol: HTTP
      tags:
        listener: wildcard
`;

const ingress = (zone: string, extra = '') => `
//- ingress.yaml
type: ZoneIngress
name: ingress-1
zone: ${zone}
networking:
  address: 127.0.0.1
  advertisedAddress: 127.0.0.1
  port: 1000
  advertisedPort: 1000
availableServices:
  - mesh: other-mesh
    tags:
      kuma.io/service: srv1
    instances: 2
  - mesh: mesh
    tags:
      kuma.io/service: srv1
    instances: 2
  - mesh: mesh
    tags:
      kuma.io/service: srv2
    instances: 2
${extra}`;

const dp = (name: string, mesh: string, ...services: string[]) =>
  `type: Dataplane\nmesh: ${mesh}\nname: ${name}\nnetworking:\n  address: 127.0.0.1\n  inbound:\n${services.map((s) => `    - port: 8080\n      tags:\n        kuma.io/service: ${s}\n`).join('')}`;

describe("Kuma 2.1.7's outbound view: MeshGateways", () => {
  it('meshgateways of all meshes: every mesh gets the cross-mesh listeners, a wildcard or empty hostname becomes internal.<gateway>.<mesh>.<domain>', () => {
    const r = resolveFixture(gateways, withZone(''));
    const expected = {
      'fqdn:gateway2.mesh': ['80 gateway=prod,kuma.io/mesh=mesh2,kuma.io/service=gateway,listener=internal mesh-gateway:mesh2:gateway:gateway2.mesh'],
      'fqdn:internal.gateway.mesh2.mesh': ['81 gateway=prod,kuma.io/mesh=mesh2,kuma.io/service=gateway,listener=internal2 mesh-gateway:mesh2:gateway:internal.gateway.mesh2.mesh'],
    };
    assert.deepEqual(outbounds(r, 'mesh1'), expected);
    assert.deepEqual(outbounds(r, 'mesh2'), expected);
  });

  it('the generated hostname uses dnsServer.domain, and the selector wins over the gateway and listener tags', () => {
    const r = resolveFixture(
      `//- gw.yaml\ntype: MeshGateway\nmesh: edge\nname: gw\nselectors:\n  - match:\n      kuma.io/service: edge-gw\n      tier: selector\ntags:\n  tier: gateway\n  kind: gateway\nconf:\n  listeners:\n    - hostname: "*.example.com"\n      port: 8080\n      crossMesh: true\n      protocol: HTTP\n      tags:\n        kind: listener\n`,
      withZone('', { dnsDomain: 'kuma' }),
    );
    assert.deepEqual(outbounds(r, 'edge'), { 'fqdn:internal.gw.edge.kuma': ['8080 kind=listener,kuma.io/mesh=edge,kuma.io/service=edge-gw,tier=selector mesh-gateway:edge:gw:internal.gw.edge.kuma'] });
  });

  it('a MeshGateway Kuma refuses adds nothing', () => {
    const r = resolveFixture(
      `//- gw.yaml\ntype: MeshGateway\nmesh: edge\nname: gw\nselectors:\n  - match:\n      kuma.io/service: gw\nconf:\n  listeners:\n    - hostname: gw.mesh\n      port: 80\n      crossMesh: true\n      protocol: HTTPS\n`,
      withZone(''),
    );
    assert.deepEqual(outbounds(r, 'edge'), {});
    assert.ok(r.diagnostics.some((d) => d.code === 'kuma-validation' && d.message === 'conf.listeners[0].protocol: protocol is not supported with crossMesh'));
  });

  it('the Kubernetes form: mesh at the top, cluster-scoped name', () => {
    const r = resolveFixture(
      `//- gw.yaml\napiVersion: kuma.io/v1alpha1\nkind: MeshGateway\nmesh: default\nmetadata:\n  name: edge\nspec:\n  selectors:\n    - match:\n        kuma.io/service: edge\n  conf:\n    listeners:\n      - port: 80\n        crossMesh: true\n        protocol: HTTP\n`,
      withZone(''),
    );
    assert.deepEqual(outbounds(r, 'default'), { 'fqdn:internal.edge.default.mesh': ['80 kuma.io/mesh=default,kuma.io/service=edge mesh-gateway:default:edge:internal.edge.default.mesh'] });
  });
});

describe("Kuma 2.1.7's outbound view: ZoneIngresses", () => {
  it('zone ingress: the services of this mesh get a default entry, those of another mesh none', () => {
    const r = resolveFixture(`${ingress('zone2')}//- mesh.yaml\ntype: Mesh\nname: mesh\n`, withZone('zone1'));
    assert.deepEqual(outbounds(r, 'mesh'), { 'service:srv1': ['0 kuma.io/service=srv1 service'], 'service:srv2': ['0 kuma.io/service=srv2 service'] });
  });

  it('zone ingress from own zone is ignored', () => {
    const r = resolveFixture(`${ingress('zone1')}//- dp.yaml\n${dp('dp1', 'mesh', 'service1', 'service2')}`, withZone('zone1'));
    assert.deepEqual(outbounds(r, 'mesh'), { 'service:service1': ['0 kuma.io/service=service1 service'], 'service:service2': ['0 kuma.io/service=service2 service'] });
  });

  it('a ZoneIngress without a zone contributes nothing, whatever the local zone', () => {
    for (const local of ['', 'zone1']) {
      const r = resolveFixture(`${ingress('""')}//- mesh.yaml\ntype: Mesh\nname: mesh\n`, withZone(local));
      assert.deepEqual(outbounds(r, 'mesh'), {}, `local zone ${JSON.stringify(local)}`);
    }
  });

  it('outside a zone (no local zone name) every ZoneIngress with a zone is remote, as Kuma compares the names', () => {
    const r = resolveFixture(`${ingress('zone2')}//- mesh.yaml\ntype: Mesh\nname: mesh\n`, withZone(''));
    assert.deepEqual(Object.keys(outbounds(r, 'mesh')), ['service:srv1', 'service:srv2']);
  });

  it('without service VIPs only the VirtualOutbound renders remain', () => {
    const vo = `//- vo.yaml\ntype: VirtualOutbound\nmesh: mesh\nname: vo\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n`;
    const r = resolveFixture(`${ingress('zone2')}${vo}`, withZone('zone1', { serviceVipEnabled: false }));
    // The service of another mesh is rendered too: Kuma matches this mesh's VirtualOutbounds against every available service.
    assert.deepEqual(outbounds(r, 'mesh'), {
      'fqdn:srv1.mesh': ['80 kuma.io/service=srv1 virtual-outbound:vo'],
      'fqdn:srv2.mesh': ['80 kuma.io/service=srv2 virtual-outbound:vo'],
    });
    const records = r.meshes[0]!.view.renders.get(r.meshes[0]!.virtualOutbounds[0]!)!;
    assert.deepEqual(
      records.map((x) => `${x.source.resource.kind}:${x.source.resource.name}#${x.source.inboundIndex} ${x.status}`),
      ['ZoneIngress:ingress-1#0 won', 'ZoneIngress:ingress-1#1 deduped', 'ZoneIngress:ingress-1#2 won'],
    );
  });

  it('the Kubernetes form is read: namespaced, no mesh', () => {
    const r = resolveFixture(
      `//- zi.yaml\napiVersion: kuma.io/v1alpha1\nkind: ZoneIngress\nmetadata:\n  name: zi\n  namespace: kuma-system\nspec:\n  zone: east\n  networking:\n    address: 10.0.0.1\n    port: 10001\n  availableServices:\n    - mesh: default\n      tags:\n        kuma.io/service: web_ns_svc_80\n//- m.yaml\napiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n`,
      withZone('west'),
    );
    assert.deepEqual(outbounds(r, 'default'), { 'service:web_ns_svc_80': ['0 kuma.io/service=web_ns_svc_80 service'] });
    assert.deepEqual(
      r.meshes.map((m) => m.name),
      ['default'],
    );
  });
});

describe("Kuma's order across kinds: first write wins", () => {
  const vo = (host: string, port = '80', match = '"*"') =>
    `type: VirtualOutbound\nmesh: mesh\nname: vo\nselectors:\n  - match:\n      kuma.io/service: ${match}\nconf:\n  host: "${host}"\n  port: "${port}"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: v\n      tagKey: version\n`;
  const zi = (tags: string) => `type: ZoneIngress\nname: zi\nzone: east\nnetworking:\n  address: 10.0.0.9\n  port: 10001\navailableServices:\n  - mesh: mesh\n    tags:\n${tags}`;

  it('a dataplane claims before a ZoneIngress, whatever their names', () => {
    const r = resolveFixture(`//- a.yaml\n${zi('      kuma.io/service: web\n      version: v2\n')}---\n${vo('web.mesh')}---\n${dp('zz-last', 'mesh', 'web')}`, withZone(''));
    assert.deepEqual(outbounds(r, 'mesh')['fqdn:web.mesh'], ['80 kuma.io/service=web virtual-outbound:vo']);
    const conflict = r.diagnostics.find((d) => d.code === 'hostname-conflict' && d.message.includes('claimed it first'));
    assert.ok(conflict, 'the ZoneIngress service is told');
    assert.match(
      conflict.message,
      /^web\.mesh:80 rendered for this available service by VirtualOutbound vo is dropped: dataplane zz-last \(kuma\.io\/service=web\) claimed it first with other tags\. Kuma adds dataplanes, then the services of ZoneIngresses/,
    );
  });

  it('a ZoneIngress claims before an external service', () => {
    const es = `type: ExternalService\nmesh: mesh\nname: aa-first\ntags:\n  kuma.io/service: web\n  version: v9\nnetworking:\n  address: web.example.com:443\n`;
    const r = resolveFixture(`//- a.yaml\n${es}---\n${vo('web.mesh')}---\n${zi('      kuma.io/service: web\n      version: v2\n')}`, withZone(''));
    // The external service's tags are only its service: the ZoneIngress's version tag makes them differ.
    assert.deepEqual(outbounds(r, 'mesh')['fqdn:web.mesh'], ['80 kuma.io/service=web,version=v2 virtual-outbound:vo']);
  });

  it('a VirtualOutbound hostname claims before a MeshGateway listener of any mesh', () => {
    const gw = `type: MeshGateway\nmesh: aaa\nname: gw\nselectors:\n  - match:\n      kuma.io/service: gw\nconf:\n  listeners:\n    - hostname: web.mesh\n      port: 80\n      crossMesh: true\n      protocol: HTTP\n`;
    const r = resolveFixture(`//- a.yaml\n${gw}---\n${vo('web.mesh')}---\n${dp('web-1', 'mesh', 'web')}`, withZone(''));
    assert.deepEqual(outbounds(r, 'mesh')['fqdn:web.mesh'], ['80 kuma.io/service=web virtual-outbound:vo']);
    assert.deepEqual(outbounds(r, 'aaa')['fqdn:web.mesh'], ['80 kuma.io/mesh=aaa,kuma.io/service=gw mesh-gateway:aaa:gw:web.mesh']);
    const onVo = r.diagnostics.find((d) => d.code === 'hostname-conflict' && d.file === 'a.yaml' && d.message.startsWith('web.mesh:80 is claimed with different tags'));
    assert.ok(onVo);
    assert.match(
      onVo.message,
      /the outbound of MeshGateway gw of mesh aaa \(listener 0\) \(kuma\.io\/mesh=aaa, kuma\.io\/service=gw\) is dropped\..*Give the MeshGateway listener another hostname or port/,
    );
  });

  it('MeshGateways: by mesh name, then gateway name; the conflict is reported once, not once per mesh', () => {
    const gw = (mesh: string, name: string) =>
      `type: MeshGateway\nmesh: ${mesh}\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: ${name}-${mesh}\nconf:\n  listeners:\n    - hostname: shared.mesh\n      port: 80\n      crossMesh: true\n      protocol: HTTP\n`;
    const r = resolveFixture(`//- a.yaml\n${gw('b', 'a')}---\n${gw('a', 'z')}---\n${gw('a', 'b')}`, withZone(''));
    for (const mesh of ['a', 'b']) assert.deepEqual(outbounds(r, mesh)['fqdn:shared.mesh'], ['80 kuma.io/mesh=a,kuma.io/service=b-a mesh-gateway:a:b:shared.mesh']);
    const conflicts = r.diagnostics.filter((d) => d.code === 'hostname-conflict');
    assert.equal(conflicts.length, 2);
    assert.ok(conflicts.every((d) => d.message.includes('MeshGateways are processed by mesh, then by name.')));
  });
});

describe('no DNS names without a VIP (Kuma 2.1.7 VIPOutbounds skips entries without an address)', () => {
  it('an exhausted CIDR leaves the last entries without VIP, DNS names and listeners', () => {
    const r = resolveFixture(`//- dp.yaml\n${dp('dp1', 'default', 'a', 'b', 'c')}`, { settings: { ...DEFAULT_SETTINGS, cidr: '10.0.0.0/31' } });
    const entries = toJsonView(r).meshes[0]!.entries.map((e) => ({ name: e.name, vip: e.vip, dnsNames: e.dnsNames, listeners: e.listeners }));
    assert.deepEqual(entries, [
      { name: 'a', vip: '10.0.0.0', dnsNames: ['a.mesh'], listeners: ['outbound:10.0.0.0:80'] },
      { name: 'b', vip: '10.0.0.1', dnsNames: ['b.mesh'], listeners: ['outbound:10.0.0.1:80'] },
      { name: 'c', vip: null, dnsNames: [], listeners: [] },
    ]);
  });
});

describe('the local zone setting', () => {
  it('is read from the control-plane config (multizone.zone.name)', () => {
    assert.equal(readCpConfig('multizone:\n  zone:\n    name: zone-1\n').settings.zone, 'zone-1');
    assert.equal(readCpConfig('dnsServer:\n  domain: mesh\n').settings.zone, '');
    assert.deepEqual(readCpConfig('multizone:\n  zone:\n    name: 7\n').problems, [{ field: 'multizone.zone.name', message: 'must be a string' }]);
  });
  it('the editor setting meshLens.zone overrides the cpConfig file; left empty, the file decides', () => {
    const file = { file: 'kuma-cp.yaml', text: 'multizone:\n  zone:\n    name: zone-1\n' };
    assert.equal(toIndexOptions({ zone: 'zone-2' }, file).settings.zone, 'zone-2');
    assert.equal(toIndexOptions({ zone: '' }, file).settings.zone, 'zone-1');
    assert.equal(toIndexOptions({}).settings.zone, '');
  });
});
