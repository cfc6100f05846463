import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';
import { voFixture } from '../helpers/lspFixtures';

const ls = getLanguageService();

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

// Expected values worked out from Kuma's rules: mesh default has service backend and the fqdn
// entries backend.v1.mesh, backend.v2.mesh; a fresh control plane allocates by (type, name):
// 240.0.0.0 backend, 240.0.0.1 backend.v1.mesh, 240.0.0.2 backend.v2.mesh (kuma-semantics §6).
// Port 80 is the VirtualOutbound's port; the service entry listens on the service VIP port 80.
describe('hover', () => {
  it('shows what a VirtualOutbound renders per inbound, with VIPs and listeners', () => {
    const f = loadFixture(voFixture('name'));
    assert.equal(
      md(ls.doHover(f.snapshot, f.uri, f.position)),
      [
        '**VirtualOutbound versioned** (mesh default)',
        '',
        'Selects 2 inbounds: 2 render a hostname, 0 lose it, 0 skipped.',
        '',
        '| inbound | hostname | port | VIP | listener | status |',
        '| --- | --- | --- | --- | --- | --- |',
        '| dataplane backend-1 | backend.v1.mesh | 80 | 240.0.0.1 | outbound:240.0.0.1:80 | won |',
        '| dataplane backend-2 | backend.v2.mesh | 80 | 240.0.0.2 | outbound:240.0.0.2:80 | won |',
      ].join('\n'),
    );
  });
  it('shows the tag a template field reads and its values', () => {
    const f = loadFixture(voFixture('field'));
    assert.equal(
      md(ls.doHover(f.snapshot, f.uri, f.position)),
      '**Parameter version** reads tag `version`.\n\nValues on the selected inbounds: `v1` (1), `v2` (1)\n\nValues in the workspace: `v1` (1), `v2` (1)',
    );
  });
  it('shows the inbounds a selector matches with their rank', () => {
    const f = loadFixture(voFixture('selectorKey'));
    // Two wildcard tags, no exact value: rank (2 tags, 0 exact) for both inbounds.
    assert.equal(
      md(ls.doHover(f.snapshot, f.uri, f.position)),
      '**Selector 0** of versioned: kuma.io/service=\\*, version=\\*\n\nMatches 2 inbounds:\n\n- dataplane backend-1: rank 2 tags, 0 exact\n- dataplane backend-2: rank 2 tags, 0 exact',
    );
  });
  it('lists the hostnames that reach a dataplane inbound and transparent proxying', () => {
    const base = loadFixture(voFixture('none'));
    const file = base.snapshot.fileByUri(base.uriOf('dps.yaml'))!;
    const at = (offset: number) => md(ls.doHover(base.snapshot, base.uriOf('dps.yaml'), file.analysis.parsed.lines.positionAt(offset)));
    assert.equal(
      at(file.text.indexOf('port: 8080')),
      [
        '**Inbound 0** of dataplane backend-1 (port 8080): kuma.io/service=backend, version=v1',
        '',
        '| type | hostname | DNS names | port | VIP | listeners |',
        '| --- | --- | --- | --- | --- | --- |',
        '| service | backend | backend.mesh | 0 | 240.0.0.0 | outbound:240.0.0.0:80 |',
        '| fqdn (versioned) | backend.v1.mesh | backend.v1.mesh | 80 | 240.0.0.1 | outbound:240.0.0.1:80 |',
        '',
        'Transparent proxying is on: clients in the mesh reach these hostnames through their VIPs.',
      ].join('\n'),
    );
    const second = at(file.text.lastIndexOf('port: 8080'));
    assert.ok(second.includes('\n| fqdn (versioned) | backend.v2.mesh | backend.v2.mesh | 80 | 240.0.0.2 | outbound:240.0.0.2:80 |\n'), second);
    assert.ok(second.endsWith('\nTransparent proxying is off for this dataplane: it does not see VIP hostnames of other services (its own outbounds must be listed explicitly).'), second);
  });
  it('escapes resource names for Markdown', () => {
    // `_` would start emphasis, `<x>` an HTML tag, `*` emphasis: shown as written.
    const f = loadFixture(voFixture('selectorKey').replace('name: versioned', 'name: __init__<x>*'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.ok(text.startsWith('**Selector 0** of \\_\\_init\\_\\_\\<x\\>\\*: kuma.io/service=\\*, version=\\*\n'), text);
  });
  it('returns nothing outside Kuma resources', () => {
    const f = loadFixture('//- other.yaml\nservices:\n  w$0eb: {}\n');
    assert.equal(ls.doHover(f.snapshot, f.uri, f.position), null);
  });
});
