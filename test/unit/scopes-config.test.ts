// mesh-lens.yaml: the reader and the JSON schema that vscode-yaml users complete against agree,
// and every problem is reported on the config, at the value it is about.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { KUMA_VERSIONS } from '../../server/src/engine/kubernetes';
import { readScopeConfig } from '../../server/src/engine/scopes/config';

const schemaPath = path.resolve(__dirname, '..', '..', 'schemas', 'mesh-lens.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv = require('ajv');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The text under each problem's span, with its message. */
function problems(text: string): { at: string; message: string }[] {
  return readScopeConfig('mesh-lens.yaml', text).problems.map((p) => ({ at: text.slice(p.span[0], p.span[1]), message: p.message }));
}

const VALID = [
  'scopes:\n  - name: prod\n    files: [k8s/, base/]\n',
  'scopes:\n  - name: a\n    files: ["a/**"]\n    exclude: ["a/old/**"]\n    cpConfig: cp/a.yaml\n    kumaVersion: "2.6"\n    environment: kubernetes\n  - name: b\n    files: [b/]\n    environment: universal\n    kumaVersion: \'2.9\'\n',
  'scopes: []\n',
];

const INVALID: { text: string; at: string; start?: number; message: RegExp }[] = [
  { text: 'scopes:\n  - name: a\n    files: a/\n', at: 'a/', message: /scopes\[0\]\.files: must be a non-empty list of globs/ },
  { text: 'scopes:\n  - name: a\n    files: []\n', at: '[]', message: /must be a non-empty list/ },
  { text: 'scopes:\n  - files: [a/]\n', at: 'files: [a/]\n', message: /scopes\[0\]: missing `name`/ },
  { text: 'scopes:\n  - name: a\n', at: 'name: a\n', message: /missing `files`/ },
  { text: 'scopes:\n  - name: a\n    files: [a/]\n  - name: a\n    files: [b/]\n', at: 'a', message: /scope "a" is already declared/ },
  { text: 'scopes:\n  - name: a\n    files: [a/]\n    environment: docker\n', at: 'docker', message: /environment: must be kubernetes or universal/ },
  { text: 'scopes:\n  - name: a\n    files: [a/]\n    kumaVersion: "1.8"\n', at: '"1.8"', message: /kumaVersion: must be one of 2\.1, / },
  { text: 'scopes:\n  - name: a\n    files: [a/]\n    kumaVersion: 2.10\n', at: '2.10', message: /kumaVersion: must be a string such as "2\.6"/ },
  { text: 'scopes:\n  - name: a\n    files: [a/]\n    domain: x\n', at: 'domain', message: /unknown field "domain"/ },
  { text: 'scopes:\n  - name: a\n    files: [a/, 3]\n', at: '3', message: /files\[1\]: must be a non-empty string/ },
  { text: 'scope:\n  - name: a\n', at: 'scope', message: /unknown field "scope"/ },
  { text: 'scopes: yes\n', at: 'yes', message: /`scopes` must be a list/ },
  { text: '- a\n', at: '- a\n', message: /must be a mapping/ },
  { text: 'scopes:\n  - name: [a\n', at: '', message: /not valid YAML/ },
  { text: 'scopes: []\nscopes: []\n', at: '', start: 11, message: /not valid YAML/ },
];

describe('mesh-lens.yaml', () => {
  for (const text of VALID) {
    it(`accepts, as the schema does: ${JSON.stringify(text)}`, () => {
      assert.deepEqual(problems(text), []);
      assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
    });
  }

  for (const c of INVALID) {
    it(`reports ${c.message} on ${JSON.stringify(c.at)}`, () => {
      const found = problems(c.text);
      assert.ok(found.length >= 1, `no problem for ${JSON.stringify(c.text)}`);
      const p = found.find((x) => c.message.test(x.message));
      assert.ok(p, JSON.stringify(found));
      if (c.at) assert.equal(p.at.trimEnd(), c.at.trimEnd());
      if (c.start !== undefined) assert.equal(readScopeConfig('mesh-lens.yaml', c.text).problems[0]!.span[0], c.start, 'at the second key');
      let value: unknown;
      try {
        value = parse(c.text, { uniqueKeys: true });
      } catch {
        return; // not YAML: nothing for the schema to say
      }
      // The schema cannot see the duplicate name; every other problem it refuses too.
      if (!/already declared/.test(c.message.source)) assert.equal(validate(value), false, `schema accepts ${JSON.stringify(c.text)}`);
    });
  }

  it('reads the scope fields', () => {
    const config = readScopeConfig('team/mesh-lens.yaml', VALID[1]!);
    assert.equal(config.dir, 'team/');
    assert.deepEqual(
      config.scopes.map((s) => [s.name, s.files, s.exclude, s.cpConfig, s.kumaVersion, s.environment]),
      [
        ['a', ['a/**'], ['a/old/**'], 'cp/a.yaml', '2.6', 'kubernetes'],
        ['b', ['b/'], [], undefined, '2.9', 'universal'],
      ],
    );
  });

  it('keeps the valid scopes of a config with an invalid one', () => {
    const config = readScopeConfig('mesh-lens.yaml', 'scopes:\n  - name: a\n    files: [a/]\n  - name: b\n    files: b/\n');
    assert.deepEqual(
      config.scopes.map((s) => s.name),
      ['a'],
    );
    assert.equal(config.problems.length, 1);
  });

  it('offers the Kuma versions the engine knows', () => {
    const versions = schema.properties.scopes.items.properties.kumaVersion.enum;
    assert.deepEqual(versions, [...KUMA_VERSIONS]);
  });

  it('is contributed to vscode-yaml for mesh-lens.yaml and shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: 'mesh-lens.yaml', url: './schemas/mesh-lens.schema.json' }]);
    assert.ok(pkg.files.includes('schemas/mesh-lens.schema.json'), 'the package files list ships the schema');
  });
});
