// Every rule has a fixture, test/diagnostics/<code>.yaml (and maybe <code>.<case>.yaml), whose annotations are exactly the
// diagnostics the engine reports for it (through the live index, as the editor gets them): a
// missing or an extra diagnostic, a wrong range, severity, code or message fails.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/engine/rules';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { toIndexOptions } from '../../server/src/workspace/settings';
import { Annotation, formatAnnotation, parseDiagnosticsFixture } from '../helpers/annotations';

const DIR = __dirname;
const ROOT = 'file:///ws';

function actualDiagnostics(fixtureText: string, name: string): { expected: string[]; actual: string[]; codes: Set<string> } {
  const fx = parseDiagnosticsFixture(fixtureText, name);
  const s = fx.settings;
  const cpConfig = s.cpConfig ? { file: s.cpConfig, text: fx.files.find((f) => f.path === s.cpConfig)?.text } : undefined;
  const index = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
  index.setOptions(
    toIndexOptions(
      {
        ...(s.kumaVersion ? { kumaVersion: s.kumaVersion } : {}),
        ...(s.zone ? { zone: s.zone } : {}),
        ...(s.dnsDomain ? { dnsDomain: s.dnsDomain } : {}),
        ...(s.vipCidr ? { vipCidr: s.vipCidr } : {}),
        ...(s.serviceVipEnabled ? { serviceVipEnabled: s.serviceVipEnabled === 'true' } : {}),
        ...(s.assumeInjected ? { kubernetes: { assumeInjected: s.assumeInjected === 'true' } } : {}),
      },
      cpConfig,
    ),
  );
  for (const f of fx.files) index.setDisk(`${ROOT}/${f.path}`, f.text);
  const snapshot = index.snapshot();
  const actual = snapshot.diagnostics.map((d) => {
    const r = snapshot.linesOf(d.file)!.rangeOf(d.span);
    assert.equal(r.start.line, r.end.line, `${d.file}: a range over several lines cannot be annotated: ${d.code} ${d.message}`);
    const a: Annotation = { file: d.file, line: r.start.line, start: r.start.character, end: r.end.character, severity: d.severity, code: d.code, message: d.message };
    return formatAnnotation(a);
  });
  return { expected: fx.annotations.map(formatAnnotation).sort(), actual: actual.sort(), codes: new Set(fx.annotations.map((a) => a.code)) };
}

const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('diagnostics fixtures', () => {
  for (const name of fixtures) {
    it(name, () => {
      const { expected, actual, codes } = actualDiagnostics(fs.readFileSync(path.join(DIR, name), 'utf8'), name);
      // `<code>.yaml`, or `<code>.<case>.yaml` for a further case of the rule.
      const code = name.split('.')[0]!;
      assert.ok(codes.has(code), `${name} annotates no ${code} diagnostic`);
      assert.deepEqual(actual, expected);
    });
  }

  it('has a fixture for every rule', () => {
    const missing = ALL_RULES.map((r) => `${r.code}.yaml`).filter((f) => !fixtures.includes(f));
    assert.deepEqual(missing, []);
  });

  it('fails on a missing, an extra or a wrong annotation', () => {
    const text = 'type: Dataplane\nmesh: default\nname: a\nbogus: 1\n#^^^^ warning[unknown-field]: x\n';
    const { expected, actual } = actualDiagnostics(text, 't.yaml');
    assert.notDeepEqual(actual, expected, 'a wrong message');
    const none = actualDiagnostics('type: Dataplane\nmesh: default\nname: a\nbogus: 1\n', 't.yaml');
    assert.notDeepEqual(none.actual, none.expected, 'a missing annotation');
  });
});
