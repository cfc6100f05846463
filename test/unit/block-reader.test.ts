// The block reader (server/src/engine/yaml/blockReader.ts) against the composed path it stands in
// for: on every YAML text the repository has (tests, examples, fixtures, the go-yaml oracle table,
// generated bench workspaces, fast-check files and block YAML with comments and blank lines at any
// column), a file analysed with the block reader must give exactly what the composed path gives
// (documents, syntax errors, resources with every field, diagnostics with their spans, remembered
// spans), its trees must equal the composed trees node for node, and the clean files must actually
// take the block reader.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import { generate } from '../../bench/generate';
import { analyzeFile, FileAnalysis } from '../../server/src/engine/analyze';
import { readBlockYaml } from '../../server/src/engine/yaml/blockReader';
import { MAX_DOCUMENTS, parseYamlFile, YamlDocument } from '../../server/src/engine/yaml/documents';
import { fcOptions, fileText, GOOD_FILE, NON_MESH_CORPUS } from '../helpers/arbitraries';

const ROOT = join(__dirname, '..', '..');

/** Everything an analysis holds, documents by their index. */
function fingerprint(a: FileAnalysis): string {
  const docs = a.parsed.documents.map((d) => ({ index: d.index, span: d.span, errors: d.errors, text: d.text, spans: [...d.spans].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)) }));
  const replacer = (_key: string, value: unknown) => (value instanceof YamlDocument ? `document ${value.index}` : value);
  return JSON.stringify({ docs, truncatedAt: a.parsed.truncatedAt, resources: a.resources, kubernetesObjects: a.kubernetesObjects, diagnostics: a.diagnostics, kumaVersion: a.kumaVersion }, replacer);
}

/** A node as the composer leaves it: kind, value, source, style, tag and ranges, children in order. */
function shape(node: unknown): unknown {
  if (isScalar(node)) {
    const s = node as Scalar;
    return { scalar: typeof s.value === 'number' && Number.isNaN(s.value) ? 'NaN' : s.value, type: typeof s.value, source: s.source, style: s.type, tag: s.tag, range: s.range };
  }
  if (isMap(node)) return { map: node.items.map((p) => (isPair(p) ? [shape(p.key), shape(p.value)] : 'not a pair')), tag: node.tag, range: node.range };
  if (isSeq(node)) return { seq: node.items.map(shape), tag: node.tag, range: node.range };
  return node === null ? null : 'other';
}

interface Counts {
  block: number;
  composed: number;
}

/** Asserts parity on one text; returns which reader the block path took. */
function checkParity(name: string, text: string, kumaVersion?: string): 'block' | 'composed' {
  const composed = analyzeFile(name, text, kumaVersion, 'composed');
  const block = analyzeFile(name, text, kumaVersion, 'block');
  assert.equal(composed.parsed.readBy, 'composed');
  assert.equal(fingerprint(block), fingerprint(composed), `${name}: the block reader's analysis differs`);
  const trees = readBlockYaml(text, MAX_DOCUMENTS);
  if (block.parsed.readBy === 'block') {
    assert.ok(trees, name);
    const reference = parseYamlFile(name, text, 'composed');
    assert.equal(trees.length, reference.documents.length, `${name}: documents`);
    trees.forEach((t, i) => {
      assert.deepEqual(t.span, reference.documents[i]!.span, `${name}: span of document ${i}`);
      assert.deepEqual(shape(t.contents), shape(reference.documents[i]!.ast.contents), `${name}: tree of document ${i}`);
    });
  }
  return block.parsed.readBy as 'block' | 'composed';
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out.sort();
}

function tally(counts: Counts, readBy: 'block' | 'composed'): void {
  counts[readBy]++;
}

describe('block reader', () => {
  it('reads the repository YAML files exactly as the composed path, and most of them itself', () => {
    const counts: Counts = { block: 0, composed: 0 };
    const files = [...yamlFilesUnder(join(ROOT, 'test')), ...yamlFilesUnder(join(ROOT, 'examples'))];
    assert.ok(files.length > 100, `found ${files.length} files`);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      tally(counts, checkParity(f, text));
      // The same file with Windows line endings.
      if (!text.includes('\r')) tally(counts, checkParity(f, text.replace(/\n/g, '\r\n')));
    }
    for (const f of [...NON_MESH_CORPUS, GOOD_FILE]) tally(counts, checkParity(f.path, f.text));
    // The clean majority must take the fast path, or this test proves nothing about it.
    assert.ok(counts.block > counts.composed, JSON.stringify(counts));
  });

  it('reads the go-yaml oracle table exactly as the composed path', () => {
    const table = JSON.parse(readFileSync(join(ROOT, 'test', 'oracles', 'goyaml.json'), 'utf8')) as { rows: { name: string; yaml: string }[] };
    const counts: Counts = { block: 0, composed: 0 };
    for (const row of table.rows) tally(counts, checkParity(row.name, row.yaml));
    assert.ok(counts.block > 0 && counts.composed > 0, JSON.stringify(counts));
  });

  it('reads every file of generated S and M bench workspaces itself but those with a flow collection, with the same analysis', () => {
    const counts: Counts = { block: 0, composed: 0 };
    for (const size of ['S', 'M'] as const) {
      const ws = generate(size, 7);
      for (const [path, text] of ws.files) {
        const readBy = checkParity(path, text);
        tally(counts, readBy);
        // The generator writes a few wrongly typed values as flow collections (`port: [9090]`).
        if (!/(:|^ *-) [[{]/m.test(text)) assert.equal(readBy, 'block', `${size} ${path}`);
      }
    }
    assert.ok(counts.block > 10 * counts.composed, JSON.stringify(counts));
  });

  it('reads generated files (resources, mutations, hostile bytes) exactly as the composed path', () => {
    const counts: Counts = { block: 0, composed: 0 };
    fc.assert(
      fc.property(fileText, (text) => {
        tally(counts, checkParity('a.yaml', text));
      }),
      fcOptions(300),
    );
    assert.ok(counts.block > 0 && counts.composed > 0, JSON.stringify(counts));
  });

  it('reads block YAML with comments, blank lines and compact sequences at any column exactly as the composed path', () => {
    const counts: Counts = { block: 0, composed: 0 };
    fc.assert(
      fc.property(blockText, fc.constantFrom('2.1', '2.9', '2.14'), fc.boolean(), (text, version, crlf) => {
        tally(counts, checkParity('b.yaml', crlf ? text.replace(/\n/g, '\r\n') : text, version));
      }),
      fcOptions(600, { seedOffset: 13 }),
    );
    assert.ok(counts.block > counts.composed / 4, JSON.stringify(counts));
  });

  it('leaves to the composer what it does not read exactly', () => {
    const left = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: {b: 1}\n',
      'a: |\n  text\n',
      'a: "x\\ty"\n',
      'a: b\n  c\n',
      'a:\nb: 1\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: 1\n...\n',
      'a: 1\n\tb: 2\n',
      'a: 1\rb: 2\r',
      'name: {{ name }}\n',
      '<<: {a: 1}\n',
      'a: .inf\n',
      'a:\n  b: 1\n    # deeper than the next line\nc: 2\n',
      'a:\n  - b: 1\n  # as deep as the closing sequence\nc: 2\n',
      '---\n# only a comment\n---\na: 1\n',
      `${'k'.repeat(1025)}: 1\n`,
    ];
    for (const text of left) assert.equal(checkParity('c.yaml', text), 'composed', JSON.stringify(text));
    // Just inside what it reads.
    for (const text of [`${'k'.repeat(1024)}: 1\n`, '---\n---\na: 1\n---\n']) assert.equal(checkParity('d.yaml', text), 'block', JSON.stringify(text));
  });
});

// ---- block YAML with comments, blank lines, compact and indented sequences ----

type Value = string | Value[] | { [k: string]: Value };

const scalarText = fc.constantFrom(
  'backend',
  'kuma.io/service',
  '"say \\"hi\\""',
  '"back\\\\slash"',
  '"{{.service}}.mesh"',
  '8080',
  '0777',
  '1e3',
  'yes',
  'No',
  'null',
  '~',
  "'quoted'",
  "'it''s'",
  '"double"',
  '"a # b"',
  'a#b',
  'x: y',
  '-1',
  '0x1F',
  '1_000',
  '.5',
  'true',
);
const keyText = fc.constantFrom(
  'type',
  'mesh',
  'name',
  'networking',
  'address',
  'inbound',
  'port',
  'tags',
  'kuma.io/service',
  '"quoted key"',
  "'k'",
  '1',
  'yes',
  'conf',
  'host',
  'selectors',
  'match',
  'spec',
  'metadata',
  'two words',
  'ünï',
);

const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: scalarText },
    { weight: 1, arbitrary: fc.array(tie('v'), { minLength: 1, maxLength: 3 }) },
    { weight: 2, arbitrary: fc.dictionary(keyText, tie('v'), { minKeys: 1, maxKeys: 4 }) },
  ),
})).v;

interface Style {
  indent: number;
  compact: boolean;
  /** Spaces after a `-` and after a `:`. */
  dashGap: number;
  colonGap: number;
}

function render(v: Value, column: number, style: Style, lines: string[], prefix: string): void {
  const pad = ' '.repeat(column);
  const dash = '-' + ' '.repeat(style.dashGap);
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const head = i === 0 ? prefix : pad;
      if (typeof item === 'string') lines.push(`${head}${dash}${item}`);
      else render(item, column + dash.length, style, lines, `${head}${dash}`);
    });
  } else if (typeof v === 'object') {
    Object.entries(v).forEach(([k, item], i) => {
      const head = i === 0 ? prefix : pad;
      if (typeof item === 'string') lines.push(`${head}${k}:${' '.repeat(style.colonGap)}${item}`);
      else if (Array.isArray(item)) {
        lines.push(`${head}${k}:`);
        render(item, style.compact ? column : column + style.indent, style, lines, ' '.repeat(style.compact ? column : column + style.indent));
      } else {
        lines.push(`${head}${k}:`);
        render(item, column + style.indent, style, lines, ' '.repeat(column + style.indent));
      }
    });
  } else lines.push(`${prefix}${v}`);
}

/** Comment lines, blank lines and trailing comments inserted between rendered lines, at any column. */
const blockText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.tuple(fc.dictionary(keyText, value, { minKeys: 1, maxKeys: 5 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('blank', 'comment', 'trailing', 'spaces', 'trailing spaces'), fc.nat({ max: 10 })), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([docs, inserts, finalNewline]) => {
    const lines: string[] = [];
    docs.forEach(([root, indent, compact, marker, dashGap, colonGap], i) => {
      if (i > 0 || marker) lines.push('---');
      // Now and then an empty document before this one.
      if (marker && indent === 4) lines.push('---');
      render(root, 0, { indent, compact, dashGap, colonGap }, lines, '');
    });
    for (const [at, what, column] of inserts) {
      const n = at % (lines.length + 1);
      if (what === 'blank') lines.splice(n, 0, '');
      else if (what === 'spaces') lines.splice(n, 0, ' '.repeat(column));
      else if (what === 'comment') lines.splice(n, 0, `${' '.repeat(column)}# note`);
      else if (what === 'trailing spaces') {
        if (n < lines.length) lines[n] += ' '.repeat(column + 1);
      } else if (n < lines.length && lines[n] !== '---') lines[n] += ' # trailing';
    }
    return lines.join('\n') + (finalNewline ? '\n' : '');
  });
