// docs/rules.md is what every diagnostic links to: it must document every rule of the registry.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES, FINDING_UNITS } from '../../server/src/engine/rules';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

describe('docs/rules.md', () => {
  for (const rule of ALL_RULES) {
    it(`documents ${rule.code} with its section and default severity`, () => {
      assert.match(doc, new RegExp(`^## ${rule.code}$`, 'm'));
      assert.ok(doc.includes(`| [\`${rule.code}\`](#${rule.code}) | ${rule.severity} |`), `table row for ${rule.code}`);
    });
  }
  it('every rule has a unit of report, in the code and in its section and table row', () => {
    const units: Record<string, string> = FINDING_UNITS;
    assert.deepEqual(Object.keys(units).sort(), ALL_RULES.map((r) => r.code).sort());
    for (const rule of ALL_RULES) {
      const unit = units[rule.code]!;
      assert.ok(unit.length > 0, `unit of ${rule.code}`);
      const section = doc.slice(doc.indexOf(`## ${rule.code}\n`));
      const body = section.slice(0, section.indexOf('\n<a id=') >= 0 ? section.indexOf('\n<a id=') : undefined);
      assert.ok(body.includes(`Unit of report: ${unit}.`), `section of ${rule.code} states its unit`);
      assert.ok(doc.includes(`| \`${rule.code}\` | ${unit} |`), `units table row for ${rule.code}`);
    }
  });
  it('documents no rule the registry does not have', () => {
    const codes = new Set(ALL_RULES.map((r) => r.code));
    const sections = [...doc.matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      sections.filter((s) => !codes.has(s!)),
      [],
    );
  });
});
