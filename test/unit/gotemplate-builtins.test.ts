import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFloat, parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { GoValue } from '../../server/src/engine/gotemplate/index';

const m = (o: Record<string, GoValue>): Map<string, GoValue> => new Map(Object.entries(o));
const data = m({
  S: 'xyz',
  I: 17,
  F: goFloat(2.5),
  SI: [3, 4, 5],
  SS: ['a', 'b'],
  SIEmpty: [],
  MSI: m({ one: 1, two: 2, three: 3 }),
  MSS: new Map([['k', 'v']]),
  Nil: null,
  Empty3: [7, 8],
});

function run(src: string, d: GoValue = data): { ok: boolean; text: string } {
  const p = parseTemplate(src);
  if (!p.ok) throw new Error(`unexpected parse error: ${p.error.message}`);
  const r = p.template.execute(d);
  return r.ok ? { ok: true, text: r.output } : { ok: false, text: r.error.message };
}

// [template, expected output]
const ok: [string, string][] = [
  // and / or / not (short-circuit, values returned as-is)
  ['{{not true}} {{not false}} {{not 0}} {{not ""}} {{not .Missing}} {{not .SI}}', 'false true true true true false'],
  ['{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1'],
  ['{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1'],
  ['{{or 0 1 (index .SI 99)}}', '1'],
  ['{{and 1 0 (index .SI 99)}}', '0'],
  ['{{1 | and 1}} {{0 | and 1}} {{1 | or 0}} {{0 | or 0}}', '1 0 1 0'],
  ['{{and 1 .Unknown}} {{or 0 .Unknown}}', '<no value> <no value>'],
  ['{{or .SI "empty"}} {{or .SIEmpty "slice is empty"}}', '[3 4 5] slice is empty'],
  ['{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}', 'TRUE'],
  ['{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}', 'FALSE'],
  // len / index / slice
  ['{{len .SI}} {{len .MSI}} {{len .S}} {{len ""}} {{len .Empty3}} {{len .MSS}}', '3 3 3 0 2 1'],
  ['{{index .SI 0}} {{index .SI 2}} {{index .MSI "two"}} {{index .MSI "XXX"}}|', '3 5 2 <no value>|'],
  ['{{index .MSS "k"}}|{{index .MSS "x"}}|', 'v||'],
  ['{{index . "S"}} {{index .S 1}} {{index .Empty3 0}}', 'xyz 121 7'],
  ['{{index .SI}}', '[3 4 5]'],
  ['{{index "abc" \'\\x01\'}}', '98'],
  ['{{slice .SI}} {{slice .SI 1}} {{slice .SI 1 2}} {{slice .SI 1 2 3}} {{slice .SI 3}}', '[3 4 5] [4 5] [4] [4] []'],
  ['{{slice .S}} {{slice .S 0 1}} {{slice .S 1}} {{slice .S 1 2}} {{slice .Empty3 0 1}}', 'xyz x yz y [7]'],
  // comparisons
  ['{{eq 1 1}} {{eq 1 2}} {{eq 1 2 3 1}} {{eq "a" "a"}} {{eq true true}} {{eq 1.5 1.5}} {{eq 1i 1i}}', 'true false true true true true true'],
  ['{{ne 1 2}} {{ne "a" "a"}} {{lt 1 2}} {{lt 2 1}} {{le 1 1}} {{gt 2 1}} {{ge 1 2}}', 'true false true false true true false'],
  ['{{lt "a" "b"}} {{lt 1.5 2.5}} {{gt "b" "a"}} {{le "a" "a"}}', 'true true true true'],
  ['{{eq .I 17}} {{eq .S "xyz"}} {{lt .I 20}} {{eq .F 2.5}}', 'true true true true'],
  ['{{eq .Missing .Unknown}} {{eq .Missing "x"}} {{eq "x" .Missing}} {{eq .Nil .Missing}}', 'true false false true'],
  ['{{eq (index "a" 0) 97}} {{lt (index "a" 0) 98}} {{eq 97 (index "a" 0)}}', 'true true true'],
  ["{{eq . '.'}}", 'true'],
  // escapers
  ['{{html "<script>alert(\\"XSS\\");</script>"}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;'],
  ['{{printf "<script>alert(\\"XSS\\");</script>" | html}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;'],
  ['{{html "a\'b&\\x00"}}', 'a&#39;b&amp;\ufffd'],
  ['{{html .Missing}} {{html .Nil}} {{html 1 2}} {{html "a" "b"}}', '&lt;no value&gt; &lt;no value&gt; 1 2 ab'],
  ['{{js "It\'d be nice."}}', "It\\'d be nice."],
  ['{{js "<a href=\\"x\\">&=\\\\"}}', '\\u003Ca href\\u003D\\"x\\"\\u003E\\u0026\\u003D\\\\'],
  ['{{js "\\t\\n\\u00e9\\u2028"}}', '\\u0009\\u000A\u00e9\\u2028'],
  ['{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F'],
  ['{{urlquery "a b" "c~d_e.f-g" "é"}}', 'a+bc~d_e.f-g%C3%A9'],
  ['{{urlquery 1 2}}', '1+2'],
  // print family
  ['{{print}}|{{println}}|', '|\n|'],
  ['{{printf "%d %s %g %s" 127 "hello" 7-3i "M0"}}', '127 hello (7-3i) M0'],
  ['{{printf "%04x" 127}} {{printf "%g" 3.5}} {{printf "%g" 1+7i}} {{printf "%#q" "zeroArgs"}}', '007f 3.5 (1+7i) `zeroArgs`'],
  ['{{"aaa"|printf}} {{1+2i|printf "%v"}}', 'aaa (1+2i)'],
  ['{{ len .S | printf "%d0" }}', '30'],
];

for (const [src, want] of ok) {
  test(`builtin: ${JSON.stringify(src)}`, () => {
    const d = src.startsWith("{{eq . '.'}}") ? '.'.charCodeAt(0) : data;
    assert.deepEqual(run(src, d), { ok: true, text: want });
  });
}

// [template, expected Go error]
const bad: [string, string][] = [
  ['{{len 3}}', 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'],
  ['{{len .Missing}}', 'template: :1:2: executing "" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value'],
  ['{{len .Nil}}', 'template: :1:2: executing "" at <len .Nil>: error calling len: len of nil pointer'],
  ['{{len 1 2}}', 'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 2'],
  ['{{len}}', 'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0'],
  ['{{1 | len 2}}', 'template: :1:6: executing "" at <len>: wrong number of args for len: want 1 got 2'],
  ['{{index .SI 10}}', 'template: :1:2: executing "" at <index .SI 10>: error calling index: index out of range: 10'],
  ['{{index .SI -1}}', 'template: :1:2: executing "" at <index .SI -1>: error calling index: index out of range: -1'],
  ['{{index .SI `hello`}}', 'template: :1:2: executing "" at <index .SI `hello`>: error calling index: cannot index slice/array with type string'],
  ['{{index .SI nil}}', 'template: :1:2: executing "" at <index .SI nil>: error calling index: cannot index slice/array with nil'],
  ['{{index .MSI 10}}', 'template: :1:2: executing "" at <index .MSI 10>: error calling index: value has type int; should be string'],
  ['{{index .MSI nil}}', 'template: :1:2: executing "" at <index .MSI nil>: error calling index: value is nil; should be of type string'],
  ['{{index nil 1}}', 'template: :1:2: executing "" at <index nil 1>: error calling index: index of untyped nil'],
  ['{{index 1 1}}', 'template: :1:2: executing "" at <index 1 1>: error calling index: can\'t index item of type int'],
  ['{{index .S 3}}', 'template: :1:2: executing "" at <index .S 3>: error calling index: index out of range: 3'],
  ['{{index}}', 'template: :1:2: executing "" at <index>: wrong number of args for index: want at least 1 got 0'],
  ['{{slice .SI -1}}', 'template: :1:2: executing "" at <slice .SI -1>: error calling slice: index out of range: -1'],
  ['{{slice .SI 2 1}}', 'template: :1:2: executing "" at <slice .SI 2 1>: error calling slice: invalid slice index: 2 > 1'],
  ['{{slice .SI 2 2 1}}', 'template: :1:2: executing "" at <slice .SI 2 2 1>: error calling slice: invalid slice index: 2 > 1'],
  ['{{slice .SI 4 5}}', 'template: :1:2: executing "" at <slice .SI 4 5>: error calling slice: index out of range: 4'],
  ['{{slice .S 1 5}}', 'template: :1:2: executing "" at <slice .S 1 5>: error calling slice: index out of range: 5'],
  ['{{slice .S 1 2 2}}', 'template: :1:2: executing "" at <slice .S 1 2 2>: error calling slice: cannot 3-index slice a string'],
  ['{{slice .SI 1 2 3 4}}', 'template: :1:2: executing "" at <slice .SI 1 2 3 4>: error calling slice: too many slice indexes: 4'],
  ['{{slice 1}}', 'template: :1:2: executing "" at <slice 1>: error calling slice: can\'t slice item of type int'],
  ['{{slice nil}}', 'template: :1:2: executing "" at <slice nil>: error calling slice: slice of untyped nil'],
  ['{{eq 1 "a"}}', 'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison: int and string'],
  ['{{eq 1 1.0}}', 'template: :1:2: executing "" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64'],
  ['{{eq .I}}', 'template: :1:2: executing "" at <eq .I>: error calling eq: missing argument for comparison'],
  ['{{eq .SI .SI}}', 'template: :1:2: executing "" at <eq .SI .SI>: error calling eq: non-comparable type [%!s(int=3) %!s(int=4) %!s(int=5)]: []interface {}'],
  ['{{eq .SI .MSS}}', 'template: :1:2: executing "" at <eq .SI .MSS>: error calling eq: non-comparable types [%!s(int=3) %!s(int=4) %!s(int=5)]: []interface {}, map[string]string: map[k:v]'],
  ['{{eq .SS .SS}}', 'template: :1:2: executing "" at <eq .SS .SS>: error calling eq: non-comparable type [a b]: []interface {}'],
  ['{{lt true false}}', 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'],
  ['{{lt .SI 1}}', 'template: :1:2: executing "" at <lt .SI 1>: error calling lt: invalid type for comparison'],
  ['{{lt .Missing 1}}', 'template: :1:2: executing "" at <lt .Missing 1>: error calling lt: invalid type for comparison'],
  ['{{lt 1 "a"}}', 'template: :1:2: executing "" at <lt 1 "a">: error calling lt: incompatible types for comparison: int and string'],
  ['{{gt 1i 2i}}', 'template: :1:2: executing "" at <gt 1i 2i>: error calling gt: invalid type for comparison'],
  ['{{ne 1 2 3}}', 'template: :1:2: executing "" at <ne>: wrong number of args for ne: want 2 got 3'],
  ['{{lt 1}}', 'template: :1:2: executing "" at <lt>: wrong number of args for lt: want 2 got 1'],
  ['{{not 1 2}}', 'template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 2'],
  ['{{and}}', 'template: :1:2: executing "" at <and>: wrong number of args for and: want at least 1 got 0'],
  ['{{printf}}', 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'],
  ['{{call .S}}', 'template: :1:2: executing "" at <call .S>: error calling call: non-function .S of type string'],
  ['{{call .Missing}}', 'template: :1:2: executing "" at <call .Missing>: error calling call: call of nil'],
  ['{{call 1 2}}', 'template: :1:2: executing "" at <call 1 2>: error calling call: non-function 1 of type int'],
  ['{{"x" | call}}', 'template: :1:8: executing "" at <call>: error calling call: non-function x of type string'],
  ['{{call}}', 'template: :1:2: executing "" at <call>: wrong number of args for call: want at least 1 got 0'],
];

for (const [src, want] of bad) {
  test(`builtin error: ${JSON.stringify(src)}`, () => {
    assert.deepEqual(run(src), { ok: false, text: want });
  });
}
