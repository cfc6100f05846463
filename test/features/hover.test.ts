import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { loadFixture } from '../helpers/lspFixture';
import { voFixture } from '../helpers/lspFixtures';

const md = (h: ReturnType<typeof hover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

describe('hover', () => {
  it('shows what a VirtualOutbound renders per inbound, with VIPs and listeners', () => {
    const f = loadFixture(voFixture('name'));
    const text = md(hover(f.snapshot, f.uri, f.position));
    const mesh = f.snapshot.result.meshes[0];
    const fqdns = mesh.view.entries.filter((e) => e.type === 'fqdn');
    assert.equal(fqdns.length, 2);
    for (const e of fqdns) {
      assert.ok(text.includes(e.name), e.name);
      assert.ok(text.includes(`outbound:${e.vip}:80`), `listener of ${e.name}`);
    }
    assert.match(text, /dataplane backend-1/);
    assert.match(text, /\| won \|/);
  });
  it('shows the tag a template field reads and its values', () => {
    const f = loadFixture(voFixture('field'));
    const text = md(hover(f.snapshot, f.uri, f.position));
    assert.match(text, /reads tag `version`/);
    assert.ok(text.includes('`v1`') && text.includes('`v2`'));
  });
  it('shows the inbounds a selector matches with their rank', () => {
    const f = loadFixture(voFixture('selectorKey'));
    const text = md(hover(f.snapshot, f.uri, f.position));
    assert.match(text, /Matches 2 inbounds/);
    assert.match(text, /rank 2 tags, 0 exact/);
  });
  it('lists the hostnames that reach a dataplane inbound and transparent proxying', () => {
    const base = loadFixture(voFixture('none'));
    const text = base.snapshot.fileByUri(base.uriOf('dps.yaml'))!.text;
    const at = text.indexOf('port: 8080');
    const pos = base.snapshot.fileByUri(base.uriOf('dps.yaml'))!.analysis.parsed.lines.positionAt(at);
    const h = md(hover(base.snapshot, base.uriOf('dps.yaml'), pos));
    assert.ok(h.includes('backend.v1.mesh'));
    assert.ok(!h.includes('backend.v2.mesh'), 'only the hostnames of this inbound');
    assert.match(h, /Transparent proxying is on/);
    const at2 = text.lastIndexOf('port: 8080');
    const h2 = md(hover(base.snapshot, base.uriOf('dps.yaml'), base.snapshot.fileByUri(base.uriOf('dps.yaml'))!.analysis.parsed.lines.positionAt(at2)));
    assert.match(h2, /Transparent proxying is off/);
  });
  it('returns nothing outside Kuma resources', () => {
    const f = loadFixture('//- other.yaml\nservices:\n  w$0eb: {}\n');
    assert.equal(hover(f.snapshot, f.uri, f.position), null);
  });
});
