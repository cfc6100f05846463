import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Scalar } from 'yaml';
import { nodeAt, packSpan, parseYamlFile, ParsedFile, rememberKeySpans, spanForPath, unpackSpan, YamlPath } from '../../server/src/engine/yaml/documents';
import { sourceOffset } from '../../server/src/engine/yaml/scalarOffsets';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

describe('YAML documents', () => {
  it('reads every --- document, and a syntax error stays in its own document', () => {
    const f = parseYamlFile('a.yaml', 'a: 1\n---\nb: [\n---\nc: 3\n');
    assert.equal(f.documents.length, 3);
    assert.equal(f.documents[0]!.errors.length, 0);
    assert.ok(f.documents[1]!.errors.length > 0);
    assert.equal(f.documents[2]!.errors.length, 0);
    assert.deepEqual(f.documents[2]!.ast.toJS(), { c: 3 });
  });

  it('finds the span of a field by path, starting on the key', () => {
    const text = 'conf:\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n';
    const f = parseYamlFile('a.yaml', text);
    const doc = f.documents[0]!;
    const span = spanForPath(doc, ['conf', 'parameters', 0, 'tagKey']);
    assert.equal(text.slice(span[0], span[1]), 'tagKey: kuma.io/service');
    const params = spanForPath(doc, ['conf', 'parameters']);
    assert.equal(f.lines.positionAt(params[0]).line, 1);
  });

  it('falls back to the nearest ancestor that exists', () => {
    const text = 'conf:\n  host: x\n';
    const doc = parseYamlFile('a.yaml', text).documents[0]!;
    const span = spanForPath(doc, ['conf', 'port']);
    assert.equal(text.slice(span[0], span[1]).startsWith('conf:'), true);
  });

  it('remembers spans packed into one number, and gives back each span exactly', () => {
    const spans: [number, number][] = [
      [0, 0],
      [0, 1],
      [1, 0 + 1],
      [5, 9],
      [9, 5 + 9],
      [2 ** 26 - 1, 2 ** 26],
      [2 ** 26, 2 ** 26 + 3],
      [123456, 2 ** 27],
      [20 * 1048576, 20 * 1048576 + 65535],
    ];
    const packed = spans.map(packSpan);
    // Different spans never share a packed value, and each unpacks to itself.
    assert.equal(new Set(packed.map((p) => (typeof p === 'number' ? p : `[${p.join(',')}]`))).size, new Set(spans.map((p) => p.join(','))).size);
    spans.forEach((span, i) => assert.deepEqual(unpackSpan(packed[i]!), span));
  });

  it('gives the same span when asked again, and after the document is rebuilt from its parts', () => {
    const text = 'type: Dataplane\nname: web\nnetworking:\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: web\n';
    const f = parseYamlFile('a.yaml', text);
    const doc = f.documents[0]!;
    const paths: (string | number)[][] = [['name'], ['networking', 'inbound', 0, 'port'], ['networking', 'inbound', 0, 'tags', 'kuma.io/service']];
    const first = paths.map((p) => spanForPath(doc, p, 'value'));
    assert.deepEqual(
      first.map(([a, b]) => text.slice(a, b)),
      ['web', '80', 'web'],
    );
    assert.deepEqual(
      paths.map((p) => spanForPath(doc, p, 'value')),
      first,
    );
    const rebuilt = new ParsedFile('a.yaml', text, structuredClone(f.parts())).documents[0]!;
    assert.equal(rebuilt.spans.size, paths.length);
    assert.deepEqual(
      paths.map((p) => spanForPath(rebuilt, p, 'value')),
      first,
    );
  });

  it('remembers key spans found from the map once as spanForPath finds each key on its own', () => {
    const text = [
      'spec:',
      '  inbound:',
      '    - tags: {a: 1}',
      '    - tags:',
      '        app: web',
      '        app: api',
      '        zone: "east"',
      '        7: seven',
      '      port: 80',
      'base: &base {inherited: x}',
      'merged:',
      '  <<: *base',
      '  own: y',
      'scalar: s',
      '---',
      'spec:',
      '  inbound:',
      '    - tags: {b: 2}',
      '    - tags:',
      '        zone: west',
      '',
    ].join('\n');
    const cases: [number, YamlPath, string[]][] = [
      [0, ['spec', 'inbound', 1, 'tags'], ['app', 'zone', '7', 'missing']],
      [0, ['spec', 'inbound', 0, 'tags'], ['a']],
      [0, ['merged'], ['inherited', 'own']],
      [0, ['scalar'], ['x']],
      [0, ['spec', 'inbound', 5, 'tags'], ['app']],
      [0, [], ['spec', 'scalar', 'nope']],
      [1, ['spec', 'inbound', 1, 'tags'], ['zone', 'app']],
      [1, ['spec', 'inbound', 0, 'tags'], ['b']],
    ];
    for (const reader of ['block', 'composed'] as const) {
      // Each key asked of spanForPath alone, on a file of its own, so nothing remembered is reused.
      const expected = parseYamlFile('a.yaml', text, reader);
      for (const [d, mapPath, keys] of cases) for (const key of keys) spanForPath(expected.documents[d]!, [...mapPath, key], 'key');
      const actual = parseYamlFile('a.yaml', text, reader);
      for (const [d, mapPath, keys] of cases) rememberKeySpans(actual.documents[d]!, mapPath, keys);
      for (const d of [0, 1]) assert.deepEqual([...actual.documents[d]!.spans], [...expected.documents[d]!.spans], `${reader}, document ${d}`);
      // The last of duplicate keys, and each document's own span for the same path.
      const [app] = [...actual.documents[0]!.spans].filter(([k]) => k.endsWith('\u0000app') && k.includes('\u00001\u0000'));
      assert.equal(text.slice(...unpackSpan(app![1])), 'app', reader);
      assert.equal(unpackSpan(app![1])[0], text.indexOf('app: api'), reader);
      const zone0 = spanForPath(actual.documents[0]!, ['spec', 'inbound', 1, 'tags', 'zone'], 'key');
      const zone1 = spanForPath(actual.documents[1]!, ['spec', 'inbound', 1, 'tags', 'zone'], 'key');
      assert.equal(zone0[0], text.indexOf('zone: "east"'), reader);
      assert.equal(zone1[0], text.indexOf('zone: west'), reader);
    }
  });

  it('does not look again for a key span that is already remembered', () => {
    const text = 'tags:\n  app: web\n';
    const doc = parseYamlFile('a.yaml', text).documents[0]!;
    const first = spanForPath(doc, ['tags', 'app'], 'key');
    assert.equal(text.slice(...first), 'app');
    const [key] = [...doc.spans.keys()];
    doc.spans.set(key!, packSpan([0, 4]));
    rememberKeySpans(doc, ['tags'], ['app']);
    assert.deepEqual(spanForPath(doc, ['tags', 'app'], 'key'), [0, 4]);
  });

  it('bounds alias expansion instead of exploding', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(97 + i))
          .join(',')}]`,
      );
    const f = parseYamlFile('bomb.yaml', bomb.join('\n'));
    assert.equal(f.documents.length, 1);
    assert.throws(() => f.documents[0]!.ast.toJS({ maxAliasCount: 100 }));
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

describe('YAML documents read as go-yaml reads them', () => {
  const patch = ['kind: ContainerPatch', 'spec:', '  sidecarPatch:', '    - op: add', "      value: '{", '        "cpu": "500m"', "      }'", '      path: /resources', ''].join('\n');

  it('keeps exact positions after a quoted value re-read across under-indented lines', () => {
    const f = parseYamlFile('p.yaml', patch);
    const doc = f.documents[0]!;
    assert.deepEqual(doc.errors, []);
    const span = spanForPath(doc, ['spec', 'sidecarPatch', 0, 'path'], 'value');
    assert.equal(patch.slice(span[0], span[1]), '/resources');
    const value = nodeAt(doc.ast.contents, ['spec', 'sidecarPatch', 0, 'value']) as Scalar;
    assert.equal(value.value, '{ "cpu": "500m" }');
    // The decoded `c` of "cpu" sits on the value's second line of source.
    const c = sourceOffset(value, patch, (value.value as string).indexOf('cpu'));
    assert.equal(patch.slice(c, c + 3), 'cpu');
  });

  it('reports an unclosed quote at the quote, in its own document, and reads the next document', () => {
    const text = 'a: 1\nb: "open\nc: 2\n---\nd: 3\n';
    const f = parseYamlFile('q.yaml', text);
    assert.equal(f.documents.length, 2);
    assert.equal(f.documents[0]!.errors.length, 1);
    assert.equal(f.documents[0]!.errors[0]!.span[0], text.indexOf('"'));
    assert.deepEqual(f.documents[1]!.errors, []);
    assert.deepEqual(f.documents[1]!.ast.toJS(), { d: 3 });
  });

  it('types plain scalars as YAML 1.1, as go-yaml does', () => {
    const doc = parseYamlFile('t.yaml', 'a: on\nb: 0777\nc: 1.10\nd: "on"\n').documents[0]!;
    assert.deepEqual(doc.ast.toJS(), { a: true, b: 511, c: 1.1, d: 'on' });
  });

  it('reads a file of 2 000 stray quotes to a syntax error', () => {
    const f = parseYamlFile('many.yaml', 'a: "x\n'.repeat(2_000));
    assert.equal(f.documents.length, 1);
    assert.ok(f.documents[0]!.errors.length > 0);
  });
});
