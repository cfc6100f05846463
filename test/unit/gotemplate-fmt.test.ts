import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFloat, parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { GoValue } from '../../server/src/engine/gotemplate/index';

function printf(args: string, d: GoValue = null): string {
  const p = parseTemplate(`{{printf ${args}}}`);
  if (!p.ok) throw new Error(`unexpected parse error: ${p.error.message}`);
  const r = p.template.execute(d);
  if (!r.ok) throw new Error(`unexpected exec error: ${r.error.message}`);
  return r.output;
}

// [printf arguments as template source, expected output] - facts from Go's fmt.
const cases: [string, string][] = [
  // strings
  ['"%s" "abc"', 'abc'],
  ['"%5s|%-5s|%.2s" "abc" "abc" "abc"', '  abc|abc  |ab'],
  ['"%q" "a\\"b\\n"', '"a\\"b\\n"'],
  ['"%+q" "é"', '"\\u00e9"'],
  ['"%#q" "abc"', '`abc`'],
  ['"%x|%X|% x|%#x|% #x" "hi" "hi" "hi" "hi" "hi"', '6869|6869|68 69|0x6869|0x68 0x69'],
  ['"%v|%08s" "x" "ab"', 'x|000000ab'],
  // integers
  ['"%d|%5d|%-5d|%05d|%+d|% d" 42 42 42 42 42 42', '42|   42|42   |00042|+42| 42'],
  ['"%d|%05d|%.3d|%8.3d" -42 -42 7 7', '-42|-0042|007|     007'],
  ['"%x|%X|%#x|%o|%O|%#o|%b|%#b" 255 255 255 8 8 8 5 5', 'ff|FF|0xff|10|0o10|010|101|0b101'],
  ['"%c|%q|%U|%#U" 65 65 9731 9731', "A|'A'|U+2603|U+2603 '☃'"],
  ['"%.0d|%5.0d|" 0 0', '|     |'],
  ['"%x" -255', '-ff'],
  ['"%v %v" true false', 'true false'],
  ['"%t %5t" true false', 'true false'],
  // floats
  ['"%f|%.2f|%8.3f|%-8.2f|%08.2f" 3.14159 3.14159 3.14159 3.14159 -3.14159', '3.141590|3.14|   3.142|3.14    |-0003.14'],
  ['"%e|%E|%.2e" 1234.5678 1234.5678 1234.5678', '1.234568e+03|1.234568E+03|1.23e+03'],
  ['"%g|%g|%g|%g|%g" 100000.0 1000000.0 0.0001 0.00001 1e21', '100000|1e+06|0.0001|1e-05|1e+21'],
  ['"%.3g|%.2g|%G|%.1f|%.0f|%.0f" 1.0 100.0 1e-7 0.05 2.5 3.5', '1|1e+02|1E-07|0.1|2|4'],
  ['"%.2f|%.1f|%.2f" 0.125 0.25 1.005', '0.12|0.2|1.00'],
  ['"%v|%v|%v" 1.5 2.0 123456789.0', '1.5|2|1.23456789e+08'],
  ['"%+.1f|% .1f|%+v" 1.0 1.0 1.5', '+1.0| 1.0|1.5'],
  ['"%6.2f%%" 99.5', ' 99.50%'],
  ['"%#g|%#.3g|%#.0f|%#e" 1.0 2.0 3.0 1.0', '1.00000|2.00|3.|1.000000e+00'],
  ['"%v|%.2f|%+.1e" 1+2i 1.5+2.25i 1i', '(1+2i)|(1.50+2.25i)|(+0.0e+00+1.0e+00i)'],
  // width/precision from arguments, argument indexes
  ['"%*d|%-*d|%.*f" 5 42 5 42 2 3.14159', '   42|42   |3.14'],
  ['"%*d" -5 42', '42   '],
  ['"%[2]d %[1]d" 1 2', '2 1'],
  ['"%[1]d %[1]x %[1]o" 10', '10 a 12'],
  ['"%d %d %[1]d %d" 1 2', '1 2 1 2'],
  // bad verbs, missing and extra arguments
  ['"%d" "hi"', '%!d(string=hi)'],
  ['"%s" 5', '%!s(int=5)'],
  ['"%d" true', '%!d(bool=true)'],
  ['"%d" 1.5', '%!d(float64=1.5)'],
  ['"%t" 1', '%!t(int=1)'],
  ['"%z" 1', '%!z(int=1)'],
  ['"%d %d" 1', '1 %!d(MISSING)'],
  ['"%d" 1 "x" 2', '1%!(EXTRA string=x, int=2)'],
  ['"x" 1', 'x%!(EXTRA int=1)'],
  ['"%" 1', '%!(NOVERB)%!(EXTRA int=1)'],
  ['"%!" ', '%!!(MISSING)'],
  ['"%*d" "x" 1', '%!(BADWIDTH)1'],
  ['"%.*d" "x" 1', '%!(BADPREC)1'],
  ['"%[3]d" 1 2', '%!d(BADINDEX)'],
  ['"%d %%" 1', '1 %'],
  ['"%d" nil', '%!d(<nil>)'],
  ['"%v %s" nil .Missing', '<nil> %!s(<nil>)'],
  ['"%5d" "hi"', '%!d(string=   hi)'],
  // composite values
  ['"%v" .SI', '[1 2 3]'],
  ['"%d" .SI', '[1 2 3]'],
  ['"%s" .SI', '[%!s(int=1) %!s(int=2) %!s(int=3)]'],
  ['"%v" .L', '[a 1 <nil> 2.5]'],
  ['"%q" .SS', '["a" "b"]'],
  ['"%v|%s" .M .M', 'map[a:x b:y]|map[a:x b:y]'],
  ['"%T|%T|%T|%T|%T|%T" .SI .M .MI 1 "s" .Missing', '[]interface {}|map[string]string|map[string]interface {}|int|string|<nil>'],
  ['"%#v|%#v|%#v|%#v" .SS .M "s" 1.5', '[]interface {}{"a", "b"}|map[string]string{"a":"x", "b":"y"}|"s"|1.5'],
  ['"%x" .SI', '[1 2 3]'],
  ['"%v" .F', '0.1'],
  ['"%6.2v|%v" 3.14159 .MI', '   3.1|map[k:<nil> n:1]'],
];

const data = new Map<string, GoValue>([
  ['SI', [1, 2, 3]],
  ['SS', ['a', 'b']],
  ['L', ['a', 1, null, 2.5]],
  [
    'M',
    new Map([
      ['b', 'y'],
      ['a', 'x'],
    ]),
  ],
  [
    'MI',
    new Map<string, GoValue>([
      ['n', 1],
      ['k', null],
    ]),
  ],
  ['F', goFloat(0.1)],
]);

for (const [args, want] of cases) {
  test(`printf ${args}`, () => {
    assert.equal(printf(args, data), want);
  });
}

test('%v of floats and integral float data', () => {
  assert.equal(
    printf(
      '"%v %v %v" .A .B .C',
      new Map<string, GoValue>([
        ['A', goFloat(3)],
        ['B', 0.1 + 0.2],
        ['C', -0.5],
      ]),
    ),
    '3 0.30000000000000004 -0.5',
  );
});
