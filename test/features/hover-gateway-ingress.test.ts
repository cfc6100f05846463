// Hovers on MeshGateways and ZoneIngresses: the entries they add to each mesh's view, and the
// VirtualOutbound hover naming a ZoneIngress as the source of its renders.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

const gateway = (cursorOn: 'name' | 'listener1') => `
//- gw.yaml
type: MeshGateway
mesh: edge
name: ${cursorOn === 'name' ? 'g$0w' : 'gw'}
selectors:
  - match:
      kuma.io/service: edge-gw
conf:
  listeners:
    - hostname: web.mesh
      port: 80
      crossMesh: true
      protocol: HTTP
    - hostname: other.mesh
      ${cursorOn === 'listener1' ? 'po$0rt' : 'port'}: 81
      protocol: HTTP
//- dp.yaml
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
//- vo.yaml
type: VirtualOutbound
mesh: default
name: vo
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.svc}}.mesh"
  port: "80"
  parameters:
    - name: svc
      tagKey: kuma.io/service
`;

describe('MeshGateway hover', () => {
  it('on the name: per mesh, the entry of each cross-mesh listener, won or lost', () => {
    const f = loadFixture(gateway('name'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    const edge = f.snapshot.meshOf('edge')!.view.entries.find((e) => e.name === 'web.mesh')!;
    assert.ok(edge.vip);
    assert.ok(text.includes(`| 0 | web.mesh | 80 | edge | ${edge.vip} | outbound:${edge.vip}:80 | won |`), text);
    assert.match(text, /\| 0 \| web\.mesh \| 80 \| default \| — \| — \| lost to virtual-outbound:vo \(kuma\.io\/service=web\) \|/);
    assert.ok(!text.includes('other.mesh'), 'a listener that is not cross-mesh adds no entry');
  });
  it('on a listener that is not cross-mesh: says it adds nothing', () => {
    const f = loadFixture(gateway('listener1'));
    assert.match(md(ls.doHover(f.snapshot, f.uri, f.position)), /This listener is not cross-mesh, so it adds no entry/);
  });
});

const ingress = (zone: string) => `
//- zi.yaml
type: ZoneIngress
name: z$0i
zone: ${zone}
networking:
  address: 10.0.0.9
  port: 10001
availableServices:
  - mesh: default
    tags:
      kuma.io/service: web
      version: v2
//- vo.yaml
type: VirtualOutbound
mesh: default
name: vo
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.svc}}.{{.v}}.mesh"
  port: "80"
  parameters:
    - name: svc
      tagKey: kuma.io/service
    - name: v
      tagKey: version
`;

describe('ZoneIngress hover', () => {
  it('of another zone: the entries each available service feeds', () => {
    const f = loadFixture(ingress('east'), { settings: { ...DEFAULT_SETTINGS, zone: 'west' } });
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, /Of another zone \(the local zone is west\)/);
    assert.match(text, /mesh default: service web:0 VIP 240\.0\.0\.0 \(web\.mesh\)/);
    assert.match(text, /mesh default: fqdn web\.v2\.mesh:80 VIP 240\.0\.0\.1 \(web\.v2\.mesh\) through VirtualOutbound vo/);
  });
  it('of the local zone: adds nothing, and says why', () => {
    const f = loadFixture(ingress('west'), { settings: { ...DEFAULT_SETTINGS, zone: 'west' } });
    assert.match(md(ls.doHover(f.snapshot, f.uri, f.position)), /Adds nothing to the view: its zone is the local zone \(west\)/);
  });
  it('the VirtualOutbound hover names the ZoneIngress as the source of its renders', () => {
    const f = loadFixture(ingress('east').replace('name: z$0i', 'name: zi').replace('name: vo', 'name: v$0o'), { settings: { ...DEFAULT_SETTINGS, zone: 'west' } });
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, /\| zone ingress zi \(web of mesh default, zone east\) \| web\.v2\.mesh \| 80 \| 240\.0\.0\.1 \| outbound:240\.0\.0\.1:80 \| won \|/);
  });
});
