// The Go template engine never throws: random template text and random data give output or an
// error value, and the limits bound the output.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_LIMITS, GoValue, parseTemplate } from '../../server/src/engine/gotemplate';
import { assertNoPollution, fcOptions, hangGuard, template } from '../helpers/arbitraries';

const PIECES = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  '.',
  '$',
  '$x',
  ':=',
  '=',
  '|',
  '(',
  ')',
  ' ',
  '"',
  '`',
  "'",
  '\\',
  'a',
  '1',
  '-1',
  '0x1F',
  '1e308',
  '2i',
  "'x'",
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'html',
  'js',
  'urlquery',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'call',
  '"%v"',
  '"%d"',
  '"%s"',
  '"%x"',
  '"%q"',
  '"%*d"',
  '"%[2]d"',
  '"%-08.3f"',
  '"%!"',
  '.a',
  '.a.b',
  '.__proto__',
  '.constructor',
  '"__proto__"',
  '/*',
  '*/',
  '\n',
  'é',
  '😀',
  '\u0000',
];

const templateText = fc.oneof(
  template,
  fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((p) => p.join('')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((p) => p.join(' ')),
  fc.string({ maxLength: 60 }),
);

const leaf: fc.Arbitrary<GoValue> = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { value: goValue } = fc.letrec<{ value: GoValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'svc', ''), tie('value')), { maxLength: 3 }).map((e) => new Map(e)),
  ),
}));
const data: fc.Arbitrary<GoValue> = fc.oneof(
  fc.dictionary(fc.constantFrom('svc', 'zone', 'port', 'a', '__proto__', 'constructor'), fc.string({ maxLength: 8 })).map((d) => new Map(Object.entries(d))),
  goValue,
);

const limits = fc.oneof(
  fc.constant(undefined),
  fc.record({ maxOutputBytes: fc.integer({ min: 0, max: 1000 }), maxSteps: fc.integer({ min: 0, max: 2000 }), maxDepth: fc.integer({ min: 0, max: 20 }) }),
);

describe('Go template properties', () => {
  it('parse and execute never throw; errors have ranges inside the source; output is bounded', { timeout: hangGuard(120_000) }, () => {
    fc.assert(
      fc.property(templateText, data, limits, (source, d, lim) => {
        const parsed = parseTemplate(source);
        if (!parsed.ok) {
          assert.ok(parsed.error.start >= 0 && parsed.error.start <= parsed.error.end && parsed.error.end <= source.length, JSON.stringify(parsed.error));
          assert.ok(parsed.error.message.startsWith('template: '), parsed.error.message);
          return;
        }
        parsed.template.fieldsRead();
        const r = parsed.template.execute(d, lim);
        const max = (lim ?? DEFAULT_LIMITS).maxOutputBytes;
        assert.ok(Buffer.byteLength(r.output, 'utf8') <= max, `output ${Buffer.byteLength(r.output, 'utf8')} bytes over ${max}`);
        if (!r.ok) {
          assert.ok(['exec', 'limit'].includes(r.error.kind));
          assert.ok(r.error.start >= 0 && r.error.start <= r.error.end && r.error.end <= source.length, JSON.stringify(r.error));
        }
        assertNoPollution();
      }),
      fcOptions(300, { seedOffset: 30 }),
    );
  });
});
