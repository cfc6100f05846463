// The template engine against Go itself: test/oracles/gotemplate.json was recorded from Go's
// text/template and fmt by scripts/oracles/gotemplate (texts that changed before Go 1.21, the
// release Kuma 2.1.7 is built with, are Go 1.21's), so every row runs as Go 1.21. Every row: the
// parse tree as Go prints it, the output, or Go's error text.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeString, parseTemplate } from '../../server/src/engine/gotemplate/index';

interface Row {
  template: string;
  tree?: string;
  output: string;
  error?: string;
  stage?: 'parse' | 'exec';
}

const table = JSON.parse(readFileSync(join(__dirname, '../oracles/gotemplate.json'), 'utf8')) as { rows: Row[] };

describe('Go text/template and fmt (recorded table)', () => {
  it('has rows', () => assert.ok(table.rows.length >= 80, String(table.rows.length)));

  for (const row of table.rows) {
    it(row.template, () => {
      const p = parseTemplate(row.template, '', '1.21');
      if (row.stage === 'parse') {
        assert.equal(p.ok ? 'parsed' : p.error.message, row.error);
        return;
      }
      if (!p.ok) throw new Error(`unexpected parse error: ${p.error.message}`);
      assert.equal(nodeString(p.template.root), row.tree);
      const r = p.template.execute(null);
      assert.equal(r.output, row.output);
      assert.equal(r.ok ? undefined : r.error.message, row.error);
    });
  }
});
