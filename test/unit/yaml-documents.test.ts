import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseYamlFile, spanForPath } from '../../server/src/engine/yaml/documents';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

describe('YAML documents', () => {
  it('reads every --- document, and a syntax error stays in its own document', () => {
    const f = parseYamlFile('a.yaml', 'a: 1\n---\nb: [\n---\nc: 3\n');
    assert.equal(f.documents.length, 3);
    assert.equal(f.documents[0].errors.length, 0);
    assert.ok(f.documents[1].errors.length > 0);
    assert.equal(f.documents[2].errors.length, 0);
    assert.deepEqual(f.documents[2].ast.toJS(), { c: 3 });
  });

  it('finds the span of a field by path, starting on the key', () => {
    const text = 'conf:\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n';
    const f = parseYamlFile('a.yaml', text);
    const doc = f.documents[0];
    const span = spanForPath(doc, ['conf', 'parameters', 0, 'tagKey']);
    assert.equal(text.slice(span[0], span[1]), 'tagKey: kuma.io/service');
    const params = spanForPath(doc, ['conf', 'parameters']);
    assert.equal(f.lines.positionAt(params[0]).line, 1);
  });

  it('falls back to the nearest ancestor that exists', () => {
    const text = 'conf:\n  host: x\n';
    const doc = parseYamlFile('a.yaml', text).documents[0];
    const span = spanForPath(doc, ['conf', 'port']);
    assert.equal(text.slice(span[0], span[1]).startsWith('conf:'), true);
  });

  it('bounds alias expansion instead of exploding', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`);
    const f = parseYamlFile('bomb.yaml', bomb.join('\n'));
    assert.equal(f.documents.length, 1);
    assert.throws(() => f.documents[0].ast.toJS({ maxAliasCount: 100 }));
  });
});

describe('LineIndex', () => {
  it('maps offsets to UTF-16 positions and back, over LF and CRLF', () => {
    const text = 'ab\r\ncé\nx😀y';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('y')), { line: 2, character: 3 });
    assert.equal(idx.offsetAt({ line: 2, character: 3 }), text.indexOf('y'));
    assert.deepEqual(idx.positionAt(999), { line: 2, character: 4 });
  });
});
