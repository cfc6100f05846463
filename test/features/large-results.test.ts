// On a large mesh, a hover lists a bounded number of rows and says how many more there are, and a
// definition over a wildcard lists a bounded number of places; what they show is computed once per
// snapshot.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const COUNT = ls.limits.hoverRows + ls.limits.definitions + 7;

function fixture(cursorIn: 'name' | 'selector'): string {
  const dps = Array.from(
    { length: COUNT },
    (_, i) =>
      `type: Dataplane\nmesh: default\nname: web-${i}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n        kuma.io/instance: web-${i}\n`,
  ).join('---\n');
  const name = cursorIn === 'name' ? 'per-$0instance' : 'per-instance';
  const key = cursorIn === 'selector' ? 'kuma.io/ins$0tance' : 'kuma.io/instance';
  return `//- dps.yaml\n${dps}//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: "*"\n      ${key}: "*"\nconf:\n  host: "{{.inst}}.web.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: inst\n      tagKey: kuma.io/instance\n`;
}

/**
 * The table rows as Kuma decides them, written out independently of the engine: dataplanes in
 * name order (the Postgres store's), each rendering `<instance>.web.mesh:80`; a fresh control
 * plane gives VIPs from 240.0.0.0 in (type, name) order, so the service entry `web` takes
 * 240.0.0.0 and the hostnames, sorted byte-wise, take 240.0.0.1 onwards. No claim is contested.
 */
function expectedRows(): string[] {
  const names = Array.from({ length: COUNT }, (_, i) => `web-${i}`).sort();
  const hostnames = names.map((n) => `${n}.web.mesh`).sort();
  return names.map((n) => {
    const k = hostnames.indexOf(`${n}.web.mesh`) + 1;
    const vip = `240.${k >> 16}.${(k >> 8) & 255}.${k & 255}`;
    return `| dataplane ${n} | ${n}.web.mesh | 80 | ${vip} | outbound:${vip}:80 | won |`;
  });
}

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

describe('large results', () => {
  it('a VirtualOutbound hover shows the first rows, counts them all, and says how many more there are', () => {
    const f = loadFixture(fixture('name'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, new RegExp(`Selects ${COUNT} inbounds: ${COUNT} render a hostname, 0 lose it, 0 skipped`));
    assert.deepEqual(
      text.split('\n').filter((l) => l.startsWith('| dataplane ')),
      expectedRows().slice(0, ls.limits.hoverRows),
    );
    assert.match(text, new RegExp(`… and ${COUNT - ls.limits.hoverRows} more inbounds`));
    // Asked again, the snapshot's memo gives the same text.
    assert.equal(md(ls.doHover(f.snapshot, f.uri, f.position)), text);
  });

  it('a definition over a wildcard lists at most ls.limits.definitions places', () => {
    const f = loadFixture(fixture('selector'));
    const locations = ls.findDefinition(f.snapshot, f.uri, f.position) ?? [];
    assert.equal(locations.length, ls.limits.definitions);
    assert.ok(locations.every((l) => l.uri.endsWith('/dps.yaml')));
  });
});
