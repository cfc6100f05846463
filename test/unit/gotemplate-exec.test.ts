import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFloat, parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { ExecResult, GoValue } from '../../server/src/engine/gotemplate/index';

function exec(src: string, data: GoValue = null): ExecResult {
  const r = parseTemplate(src);
  if (!r.ok) throw new Error(`unexpected parse error: ${r.error.message}`);
  return r.template.execute(data);
}

function out(src: string, data: GoValue = null): string {
  const r = exec(src, data);
  if (!r.ok) throw new Error(`unexpected exec error: ${r.error.message}`);
  return r.output;
}

function err(src: string, data: GoValue = null): string {
  const r = exec(src, data);
  if (r.ok) throw new Error(`expected an exec error, got output ${JSON.stringify(r.output)}`);
  assert.equal(r.error.kind, 'exec');
  return r.error.message;
}

const m = (o: Record<string, GoValue>): Map<string, GoValue> => new Map(Object.entries(o));

// Data resembling Go's exec tests: strings map, interface map, slices.
const data = m({
  S: 'xyz',
  I: 17,
  F: goFloat(1.5),
  FZ: goFloat(0),
  B: true,
  SI: [3, 4, 5],
  SIEmpty: [],
  SB: [true, false],
  MSI: m({ one: 1, two: 2, three: 3 }),
  MSIone: m({ one: 1 }),
  MSIEmpty: m({}),
  MSS: new Map([['a', 'b']]),
  Nil: null,
  U: m({ V: 'v' }),
  L: ['a', 1, 2.5, true, null],
});

const outputCases: [string, string, GoValue?][] = [
  // Text, dots, fields, variables.
  ['hello', 'hello'],
  ['{{.S}}', 'xyz'],
  ['{{.U.V}}', 'v'],
  ['{{$.U.V}}', 'v'],
  ['{{$}}', 'map[a:b]', new Map([['a', 'b']])],
  [
    '{{.}}',
    'map[B:true F:1.5 FZ:0 I:17 L:[a 1 2.5 true <nil>] MSI:map[one:1 three:3 two:2] MSIEmpty:map[] MSIone:map[one:1] MSS:map[a:b] Nil:<nil> S:xyz SB:[true false] SI:[3 4 5] SIEmpty:[] U:map[V:v]]',
  ],
  ['{{.Missing}}', '<no value>'],
  ['{{.Missing.Deeper}}', '<no value>'],
  ['{{.Nil}}', '<no value>'],
  ['{{$x := 1}}{{$x}}', '1'],
  ['{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
  ['{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}', '21'],
  ['{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', '2'],
  ['{{with $x := .U}}{{$x.V}}{{end}}', 'v'],
  ['{{(.U).V}}', 'v'],
  ['{{(index .L 0)}}', 'a'],
  ['{{.S | printf "%s!"}}', 'xyz!'],
  ['{{"x" | printf "%s-%s" "y"}}', 'y-x'],
  // Constants.
  ["{{1}} {{-1}} {{1.5}} {{1e6}} {{100000.0}} {{1e-5}} {{0x10}} {{0o17}} {{0b11}} {{1_000}} {{'a'}} {{'\\n'}}", '1 -1 1.5 1e+06 100000 1e-05 16 15 3 1000 97 10'],
  ['{{1.0}} {{2e0}} {{123456789.0}} {{0.1}} {{-0.0}}', '1 2 1.23456789e+08 0.1 -0'],
  ['{{1i}} {{1+2i}} {{true}} {{false}} {{"a\\tb"}} {{`raw\\n`}}', '(0+1i) (1+2i) true false a\tb raw\\n'],
  ['{{"\\u00e9\\x41\\101"}}', 'éAA'],
  ['{{print 0x1_23 0X123ABC +0x1.ep+2 0_0_1_2_3.4 0377}}', '291 1194684 7.5 123.4 255'],
  ['{{printf "%T" 0xef}} {{printf "%T" 1.0}} {{printf "%T" \'x\'}} {{printf "%T" 1i}}', 'int float64 int complex128'],
  // if / else if / with (else with and range over an integer depend on the Go release: gotemplate-go-release.test.ts).
  ['{{if true}}T{{else}}F{{end}}', 'T'],
  ['{{if 0}}T{{else}}F{{end}}', 'F'],
  ['{{if ""}}T{{else}}F{{end}}', 'F'],
  ['{{if .SIEmpty}}T{{else}}F{{end}}', 'F'],
  ['{{if .MSIEmpty}}T{{else}}F{{end}}', 'F'],
  ['{{if .FZ}}T{{else}}F{{end}}', 'F'],
  ['{{if .Missing}}T{{else}}F{{end}}', 'F'],
  ['{{if .Nil}}T{{else}}F{{end}}', 'F'],
  ['{{if 0.0i}}T{{else}}F{{end}}', 'F'],
  ['{{if .Missing}}a{{else if .I}}b{{else}}c{{end}}', 'b'],
  ['{{with 1.5}}{{.}}{{else}}ZERO{{end}}', '1.5'],
  ['{{with 1.5i}}{{.}}{{else}}ZERO{{end}}', '(0+1.5i)'],
  ['{{with .SI}}{{.}}{{else}}EMPTY{{end}}', '[3 4 5]'],
  ['{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}', 'map[one:1]'],
  ['{{with $x := .I}}{{$x}}{{end}}', '17'],
  ['{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}', 'v'],
  // range.
  ['{{range .SI}}-{{.}}-{{end}}', '-3--4--5-'],
  ['{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range .SI}}-{{.}}-{{break}}NOTREACHED{{else}}EMPTY{{end}}', '-3-'],
  ['{{range .SI}}-{{.}}-{{continue}}NOTREACHED{{else}}EMPTY{{end}}', '-3--4--5-'],
  ['{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', '35'],
  ['{{range .SI}}{{range $.SB}}{{if .}}{{break}}{{end}}{{end}}{{.}}{{end}}', '345'],
  ['{{range .SB}}-{{.}}-{{end}}', '-true--false-'],
  ['{{range .MSI}}-{{.}}-{{end}}', '-1--3--2-'],
  ['{{range $k, $v := .MSI}}{{$k}}={{$v}};{{end}}', 'one=1;three=3;two=2;'],
  ['{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range .Missing}}-{{.}}-{{else}}NONE{{end}}', 'NONE'],
  ['{{range $x := .SI}}<{{$x}}>{{end}}', '<3><4><5>'],
  ['{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', '<0=3><1=4><2=5>'],
  ['{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}', '<3><4><5>'],
  ['{{$i := 0}}{{$x := 0}}{{range $i = .SI}}{{end}}{{$i}}', '5'],
  ['{{$k := 0}}{{$v := 0}}{{range $k, $v = .SI}}{{$k}}={{$v}} {{end}}', '0=3 1=4 2=5 '],
  ['{{range .L}}[{{.}}]{{end}}', '[a][1][2.5][true][<no value>]'],
  ['{{range $i, $e := .L}}{{$i}}{{end}}', '01234'],
  // define / template / block.
  ['{{define "x"}}[{{.}}]{{end}}{{template "x" .S}}{{template "x"}}', '[xyz][<no value>]'],
  ['{{define "x"}}{{$}}{{end}}{{with .U}}{{template "x" .V}}{{end}}', 'v'],
  ['a{{block "inner" .S}}<{{.}}>{{end}}b', 'a<xyz>b'],
  ['{{define "T1"}}ONE{{end}}{{define "T2"}}TWO {{template "T1"}}{{end}}{{template "T2"}}', 'TWO ONE'],
  ['{{define "r"}}{{if .}}{{len .}}{{template "r" slice . 1}}{{end}}{{end}}{{template "r" "abc"}}', '321'],
  // Trim markers.
  ['a  {{- 1 -}}  b', 'a1b'],
  ['a\n\t{{- 1}}\n', 'a1\n'],
  ['{{- /* c */ -}}\n x', 'x'],
  ['{{23 -}} < {{- 45}}', '23<45'],
  // print rules.
  ['{{print 1 2}}', '1 2'],
  ['{{print "a" "b"}}', 'ab'],
  ['{{print 1 "a" 2}}', '1a2'],
  ['{{print "a" 1 2 "b"}}', 'a1 2b'],
  ['{{print .Missing}}', '<nil>'],
  ['{{print nil}}', '<nil>'],
  ['{{print nil 1}}', '<nil> 1'],
  ['{{println 1 "a" 2}}', '1 a 2\n'],
  ['{{print .SI .MSS}}', '[3 4 5] map[a:b]'],
  ['{{print 1.0 3.5 1e21 1e20 0.000001 0.0000001}}', '1 3.5 1e+21 1e+20 1e-06 1e-07'],
  // Kuma-shaped data: map[string]string.
  [
    '{{.port}}{{.offset}}',
    '8081',
    new Map([
      ['port', '80'],
      ['offset', '81'],
    ]),
  ],
  ['{{index . "missing"}}|', '|', new Map([['a', 'b']])],
  [
    '{{len .}}',
    '2',
    new Map([
      ['a', 'b'],
      ['c', 'd'],
    ]),
  ],
  [
    '{{range $k, $v := .}}{{$k}}={{$v}},{{end}}',
    'a=1,b=2,',
    new Map([
      ['b', '2'],
      ['a', '1'],
    ]),
  ],
  // JS keys are ordinary map keys.
  ['{{.__proto__}}|{{.constructor}}|{{.toString}}|{{index . "hasOwnProperty"}}|', '<no value>|<no value>|<no value>||', new Map([['a', 'b']])],
  ['{{.constructor}}', 'c', new Map([['constructor', 'c']])],
  ['{{.__proto__}}', 'p', new Map([['__proto__', 'p']])],
  // Non-ASCII strings are UTF-8 in Go.
  ['{{len .}}', '7', 'héllo!'],
  ['{{index . 1}}', '195', 'héllo'],
  ['{{slice . 0 3}}', 'hé', 'héllo'],
  ['{{slice . 3}}', 'llo', 'héllo'],
];

for (const [src, want, d] of outputCases) {
  test(`exec: ${JSON.stringify(src)}`, () => {
    assert.equal(out(src, d === undefined ? data : d), want);
  });
}

// Exec errors: Go's full texts.
const errorCases: [string, string, GoValue?][] = [
  // Values of a map[string]interface {} are interfaces: Go names the interface type.
  ['{{.S.y}}', 'template: :1:4: executing "" at <.S.y>: can\'t evaluate field y in type interface {}'],
  ['{{.x.y}}', 'template: :1:4: executing "" at <.x.y>: can\'t evaluate field y in type string', new Map([['x', 'v']])],
  ['{{ .x }}', 'template: :1:3: executing "" at <.x>: can\'t evaluate field x in type string', 'str'],
  ['{{.I.x}}', 'template: :1:4: executing "" at <.I.x>: can\'t evaluate field x in type interface {}'],
  ['{{.Nil.x}}', 'template: :1:6: executing "" at <.Nil.x>: nil pointer evaluating interface {}.x'],
  ['{{$x := .Nil}}{{$x.y}}', 'NOERROR'],
  ['{{.x}}', 'template: :1:2: executing "" at <.x>: can\'t evaluate field x in type int', 5],
  ['{{.S 1}}', 'template: :1:2: executing "" at <.S>: S is not a method but has arguments'],
  ['{{1 | .S}}', 'template: :1:6: executing "" at <.S>: S is not a method but has arguments'],
  ['{{3 2}}', 'template: :1:2: executing "" at <3>: can\'t give argument to non-function 3'],
  ['{{$x := 1}}{{$x 2}}', 'template: :1:13: executing "" at <$x>: can\'t give argument to non-function $x'],
  ['{{$x := 1}}{{3 | $x}}', 'template: :1:17: executing "" at <$x>: can\'t give argument to non-function $x'],
  ['{{nil 1}}', 'template: :1:2: executing "" at <nil>: can\'t give argument to non-function nil'],
  // For a parenthesized command Go reports the node evaluated last.
  ['{{(1) 2}}', 'template: :1:2: executing "" at <(1) 2>: can\'t give argument to non-function 1'],
  ['{{1 | (printf)}}', 'template: :1:2: executing "" at <1>: can\'t give argument to non-function printf'],
  ['{{nil}}', 'template: :1:2: executing "" at <nil>: nil is not a command'],
  ['{{(nil).True}}', 'template: :1:3: executing "" at <nil>: nil is not a command'],
  ['{{$x := nil}}{{$x.anything}}', 'template: :1:8: executing "" at <nil>: nil is not a command'],
  ['{{$x := (1.0)}}{{$y := ("hello")}}{{$x.anything}}', 'template: :1:38: executing "" at <$x.anything>: can\'t evaluate field anything in type float64'],
  ['{{$y := ("hello")}}{{$y.true}}', 'template: :1:23: executing "" at <$y.true>: can\'t evaluate field true in type string'],
  ['{{range .S}}{{end}}', 'template: :1:8: executing "" at <.S>: range can\'t iterate over xyz'],
  ['{{range true}}{{end}}', 'template: :1:8: executing "" at <true>: range can\'t iterate over true'],
  ['{{template "nope"}}', 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'],
  ['{{define "x"}}{{.y}}{{end}}{{template "x" 1}}', 'template: :1:16: executing "x" at <.y>: can\'t evaluate field y in type int'],
  ['{{99999999999999999999.0 | len}}', 'template: :1:27: executing "" at <len>: error calling len: len of type float64'],
  ['{{18446744073709551615}}', 'template: :1:2: executing "" at <18446744073709551615>: 18446744073709551615 overflows int'],
  ['{{$x = 1}}', 'template: :1:7: executing "" at <1>: undefined variable: $x'],
  ['{{true|printf}}', 'template: :1:7: executing "" at <printf>: wrong type for value; expected string; got bool'],
  ['{{1|printf}}', 'template: :1:4: executing "" at <printf>: wrong type for value; expected string; got int'],
  ['{{printf 1}}', 'template: :1:9: executing "" at <1>: expected string; found 1'],
  ['{{printf .Missing}}', 'template: :1:9: executing "" at <.Missing>: invalid value; expected string'],
  ['{{printf .Nil}}', 'template: :1:9: executing "" at <.Nil>: wrong type for value; expected string; got interface {}'],
  ['{{printf .I}}', 'template: :1:9: executing "" at <.I>: wrong type for value; expected string; got int'],
  ['{{printf nil}}', 'template: :1:9: executing "" at <nil>: cannot assign nil to string'],
  ['{{.x | (nil)}}', 'template: :1:2: executing "" at <.x>: can\'t give argument to non-function nil', new Map([['x', 'v']])],
];

for (const [src, want, d] of errorCases) {
  test(`exec error: ${JSON.stringify(src)}`, () => {
    const dd = d === undefined ? data : d;
    if (want === 'NOERROR') {
      // A variable holding a nil interface was unwrapped to "no value" when it was stored.
      assert.equal(out(src, dd), '<no value>');
      return;
    }
    assert.equal(err(src, dd), want);
  });
}

test('exec error spans and partial output', () => {
  const r = exec('abc{{.S.y}}def', data);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.output, 'abc');
  assert.deepEqual([r.error.start, r.error.end], [5, 9]);
});

test('exec error column counts UTF-8 bytes and lines', () => {
  const mss = new Map([['S', 'str']]);
  assert.equal(err('é\n  x{{.S.y}}', mss), 'template: :2:7: executing "" at <.S.y>: can\'t evaluate field y in type string');
  assert.equal(err('é{{.S.y}}', mss), 'template: :1:6: executing "" at <.S.y>: can\'t evaluate field y in type string');
});

test('exec error uses the template name', () => {
  const r = parseTemplate('{{.S.y}}', 'vo');
  assert.ok(r.ok);
  if (!r.ok) return;
  const e = r.template.execute(new Map([['S', 'str']]));
  assert.equal(e.ok, false);
  if (e.ok) return;
  assert.equal(e.error.message, 'template: vo:1:4: executing "vo" at <.S.y>: can\'t evaluate field y in type string');
});
