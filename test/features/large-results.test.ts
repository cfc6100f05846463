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
    (_, i) => `type: Dataplane\nmesh: default\nname: web-${i}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n        kuma.io/instance: web-${i}\n`,
  ).join('---\n');
  const name = cursorIn === 'name' ? 'per-$0instance' : 'per-instance';
  const key = cursorIn === 'selector' ? 'kuma.io/ins$0tance' : 'kuma.io/instance';
  return `//- dps.yaml\n${dps}//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: "*"\n      ${key}: "*"\nconf:\n  host: "{{.inst}}.web.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n    - name: inst\n      tagKey: kuma.io/instance\n`;
}

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

describe('large results', () => {
  it('a VirtualOutbound hover shows the first rows, counts them all, and says how many more there are', () => {
    const f = loadFixture(fixture('name'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, new RegExp(`Selects ${COUNT} inbounds: ${COUNT} render a hostname, 0 lose it, 0 skipped`));
    assert.equal(text.split('\n').filter((l) => l.startsWith('| dataplane web-')).length, ls.limits.hoverRows);
    assert.match(text, new RegExp(`… and ${COUNT - ls.limits.hoverRows} more inbounds`));
    // The same text again, from the snapshot's memo.
    assert.equal(md(ls.doHover(f.snapshot, f.uri, f.position)), text);
  });

  it('a definition over a wildcard lists at most ls.limits.definitions places', () => {
    const f = loadFixture(fixture('selector'));
    const locations = ls.findDefinition(f.snapshot, f.uri, f.position) ?? [];
    assert.equal(locations.length, ls.limits.definitions);
    assert.ok(locations.every((l) => l.uri.endsWith('/dps.yaml')));
  });
});
