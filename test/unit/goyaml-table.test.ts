// The project's YAML reader against go-yaml itself: test/oracles/goyaml.json was recorded from
// sigs.k8s.io/yaml (go-yaml v2, as kubectl and kumactl read a file) by scripts/oracles/goyaml.
// A document go-yaml accepts gets no syntax error and go-yaml's value; a document it rejects gets
// an error on the line of the construct that causes it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { parseYamlFile, YamlDocument } from '../../server/src/engine/yaml/documents';
import { AliasResolver, any, decode } from '../../server/src/engine/resources/schema';
import { analyzeFile } from '../../server/src/engine/analyze';

interface Reading {
  ok: boolean;
  json?: unknown;
  error?: string;
  line?: number;
}
interface Row {
  name: string;
  yaml: string;
  openAt?: number;
  docs: { firstLine: number; lastLine: number; sigs: Reading; v3: Reading }[];
}

const table = JSON.parse(readFileSync(join(__dirname, '../oracles/goyaml.json'), 'utf8')) as { rows: Row[] };

/** A document's value as the engine reads it (aliases, merge keys, last of duplicate keys). */
function valueOf(doc: YamlDocument): unknown {
  const ast = doc.ast;
  return JSON.parse(JSON.stringify(decode(ast.contents, any, [], [], new AliasResolver(ast))));
}

describe('YAML read as go-yaml reads it (recorded table)', () => {
  it('has rows of both verdicts', () => {
    const verdicts = table.rows.flatMap((r) => r.docs.map((d) => d.sigs.ok));
    assert.ok(verdicts.filter((v) => v).length >= 40 && verdicts.filter((v) => !v).length >= 10, String(verdicts.length));
  });

  for (const row of table.rows) {
    it(row.name, () => {
      const file = parseYamlFile('case.yaml', row.yaml);
      const lineOf = (offset: number) => file.lines.positionAt(offset).line + 1;
      for (const chunk of row.docs) {
        const docs = file.documents.filter((d) => {
          const first = lineOf(d.span[0]);
          const last = lineOf(Math.max(d.span[0], d.span[1] - 1));
          return first <= chunk.lastLine && last >= chunk.firstLine && d.text.trim() !== '';
        });
        assert.ok(docs.length > 0, `no document on lines ${chunk.firstLine}-${chunk.lastLine}`);
        const errors = docs.flatMap((d) => d.errors);
        if (chunk.sigs.ok) {
          assert.deepEqual(
            errors.map((e) => e.message),
            [],
            `go-yaml accepts lines ${chunk.firstLine}-${chunk.lastLine}`,
          );
          assert.deepEqual(valueOf(docs[0]!), JSON.parse(JSON.stringify(chunk.sigs.json)));
          // Anything else on these lines (after a `...`) is not read by go-yaml.
          for (const extra of docs.slice(1)) assert.equal(valueOf(extra), null, `lines ${chunk.firstLine}-${chunk.lastLine}: a second document`);
        } else {
          assert.ok(errors.length > 0, `go-yaml rejects lines ${chunk.firstLine}-${chunk.lastLine}: ${chunk.sigs.error}`);
          const line = lineOf(errors[0]!.span[0]);
          const named = row.openAt !== undefined ? [row.openAt] : [chunk.sigs.line, chunk.v3.line].filter((l): l is number => l !== undefined);
          if (named.length > 0) assert.ok(named.includes(line), `error "${errors[0]!.message}" on line ${line}, go-yaml names ${named.join(' or ')}`);
          else assert.ok(line >= chunk.firstLine && line <= chunk.lastLine, `error on line ${line}`);
        }
      }
    });
  }
});

describe('YAML 1.1 values where Kuma reads them', () => {
  it('refuses `on` and `1.10` as tag values, as Kuma does: go-yaml reads a boolean and a number', () => {
    const text = [
      'type: VirtualOutbound',
      'mesh: default',
      'name: vo',
      'selectors:',
      '  - match:',
      '      kuma.io/service: "*"',
      '      canary: on',
      '      version: 1.10',
      '      quoted: "on"',
      'conf:',
      '  host: "{{.svc}}.mesh"',
      '  port: "80"',
      '  parameters:',
      '    - name: svc',
      '      tagKey: kuma.io/service',
      '',
    ].join('\n');
    const wrong = analyzeFile('vo.yaml', text).diagnostics.filter((d) => d.code === 'wrong-type');
    assert.deepEqual(
      wrong.map((d) => [text.slice(d.span[0], d.span[1]), d.message.split(' (')[0]]),
      [
        ['on', 'selectors[0].match.canary: json: cannot unmarshal bool into Go value of type string'],
        ['1.10', 'selectors[0].match.version: json: cannot unmarshal number into Go value of type string'],
      ],
    );
  });
});
