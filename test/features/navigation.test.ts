import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { applyEdits, loadFixture } from '../helpers/lspFixture';
import { voFixture } from '../helpers/lspFixtures';

const ls = getLanguageService();

describe('navigation', () => {
  it('goes from {{.version}} to the parameter', () => {
    const f = loadFixture(voFixture('field'));
    const locs = ls.findDefinition(f.snapshot, f.uri, f.position)!;
    assert.equal(locs.length, 1);
    assert.equal(f.text.split('\n')[locs[0]!.range.start.line]!.trim(), '- name: version');
  });
  it('goes from a selector key to the inbounds that carry it', () => {
    const f = loadFixture(voFixture('selectorKey'));
    const locs = ls.findDefinition(f.snapshot, f.uri, f.position)!;
    assert.equal(locs.length, 2);
    assert.ok(locs.every((l) => l.uri === f.uriOf('dps.yaml')));
  });
  it('finds references of a tag key across files', () => {
    const f = loadFixture(voFixture('selectorKey'));
    const locs = ls.findReferences(f.snapshot, f.uri, f.position)!;
    const files = new Set(locs.map((l) => l.uri));
    assert.equal(files.size, 2);
    assert.equal(locs.length, 2 + 1 + 1, 'two inbounds, one selector key, one parameter tagKey');
  });
  for (const [style, host] of [
    ['plain', 'svc-{{.service}}.{{.version}}.mesh'],
    ['single-quoted', "'{{.service}}.{{ .version }}.mesh'"],
    ['double-quoted with escapes', '"\\u007b{.service}}.\\x7B{.version}}.mesh"'],
  ] as const) {
    it(`renames a parameter and its uses (${style})`, () => {
      const f = loadFixture(voFixture('param', host));
      const edit = ls.doRename(f.snapshot, f.uri, f.position, 'ver')!;
      const out = applyEdits(f.text, edit.changes![f.uri]!);
      const g = loadFixture(`//- vo.yaml\n${out}`);
      const vo = g.snapshot.result.resources.find((r) => r.kind === 'VirtualOutbound')!;
      assert.ok(vo.kind === 'VirtualOutbound');
      assert.deepEqual(
        vo.conf!.parameters.map((p) => p.name),
        ['service', 'ver'],
      );
      assert.ok(/\.ver\b/.test(vo.conf!.host) && !vo.conf!.host.includes('version'), vo.conf!.host);
    });
  }
});
