// Code lens, inlay hints, symbols, semantic tokens and the scalar offset map they rely on.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseDocument, Scalar } from 'yaml';
import { scalarOffsetMap } from '../../server/src/engine/yaml/scalarOffsets';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';
import { voFixture } from '../helpers/lspFixtures';

const ls = getLanguageService();

describe('presentation features', () => {
  it('code lens counts inbounds, hostnames and conflicts', () => {
    const f = loadFixture(voFixture('none'));
    assert.deepEqual(
      ls.getCodeLenses(f.snapshot, f.uriOf('vo.yaml')).map((l) => l.command!.title),
      ['selects 2 inbounds · 2 hostnames · 0 conflicts'],
    );
    const g = loadFixture(voFixture('none', '"{{.service}}.other"'));
    assert.deepEqual(
      ls.getCodeLenses(g.snapshot, g.uriOf('vo.yaml')).map((l) => l.command!.title),
      ['selects 2 inbounds · 1 hostname · 1 conflict'],
    );
  });
  it('inlay hint only where a single inbound is selected', () => {
    const f = loadFixture(voFixture('none'));
    assert.equal(ls.getInlayHints(f.snapshot, f.uriOf('vo.yaml')).length, 0);
    const g = loadFixture(voFixture('none').replace('version: "*"', 'version: v2'));
    assert.deepEqual(
      ls.getInlayHints(g.snapshot, g.uriOf('vo.yaml')).map((h) => h.label),
      ['→ backend.v2.mesh:80'],
    );
  });
  it('symbols per resource and across the workspace', () => {
    const f = loadFixture(voFixture('none'));
    assert.deepEqual(
      ls.findDocumentSymbols(f.snapshot, f.uriOf('dps.yaml')).map((s) => `${s.name} ${s.detail}`),
      ['backend-1 Dataplane · mesh default', 'backend-2 Dataplane · mesh default'],
    );
    assert.deepEqual(
      ls.findWorkspaceSymbols(f.snapshot, 'versi').map((s) => s.name),
      ['versioned'],
    );
  });
  it('semantic tokens cover the template parts at their source columns', () => {
    const f = loadFixture(voFixture('none', '"\\x7B{.service}}-{{ .version | printf \\"%s\\" }}"'));
    const data = ls.getSemanticTokens(f.snapshot, f.uriOf('vo.yaml')).data;
    const text = f.textOf('vo.yaml');
    const lines = text.split('\n');
    const tokens: string[] = [];
    let line = 0;
    let ch = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      ch = data[i] === 0 ? ch + data[i + 1]! : data[i + 1]!;
      tokens.push(`${ls.semanticTokensLegend.tokenTypes[data[i + 3]!]}:${lines[line]!.slice(ch, ch + data[i + 2]!)}`);
    }
    assert.deepEqual(tokens, ['operator:\\x7B{', 'property:.service', 'operator:}}', 'operator:{{', 'property:.version', 'operator:|', 'function:printf', 'string:\\"%s\\"', 'operator:}}']);
  });
  it('maps decoded offsets to the source through escapes, quotes and folding', () => {
    for (const src of ['"a\\u00e9b\\"c\\\\d\\te"', "'it''s a ''test'''", '"one\n  two\\\n  three"', 'plain text']) {
      const doc = parseDocument(`k: ${src}\n`);
      const s = (doc.contents as { items: { value: Scalar }[] }).items[0]!.value;
      const raw = `k: ${src}\n`.slice(s.range![0], s.range![1]);
      const map = scalarOffsetMap(raw, s.type as 'PLAIN');
      const value = String(s.value);
      assert.equal(map.length, value.length + 1, src);
      for (let i = 0; i < value.length; i++) {
        const c = raw[map[i]!];
        // A character written as itself maps onto itself; an escape maps onto its backslash; a fold onto the line break.
        assert.ok(c === value[i] || c === '\\' || c === "'" || (value[i] === ' ' && c === '\n'), `${JSON.stringify(src)}[${i}] ${value[i]} -> ${c}`);
      }
    }
  });
});
