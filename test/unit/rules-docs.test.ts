// docs/rules.md is what every diagnostic links to: it must document every rule of the registry.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/engine/rules';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

describe('docs/rules.md', () => {
  for (const rule of ALL_RULES) {
    it(`documents ${rule.code} with its section and default severity`, () => {
      assert.match(doc, new RegExp(`^## ${rule.code}$`, 'm'));
      assert.ok(doc.includes(`| [\`${rule.code}\`](#${rule.code}) | ${rule.severity} |`), `table row for ${rule.code}`);
    });
  }
  it('documents no rule the registry does not have', () => {
    const codes = new Set(ALL_RULES.map((r) => r.code));
    const sections = [...doc.matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]);
    assert.deepEqual(sections.filter((s) => !codes.has(s)), []);
  });
});
