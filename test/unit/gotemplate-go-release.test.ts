// What changed in text/template between Go 1.21 and Go 1.26 that a template can reach: each case
// runs under the releases before the change and the releases after it. Texts are Go's: the
// releases before a change keep Go 1.21's code path (text/template/exec.go walkRange default
// case, parse.go elseControl), the later ones Go 1.24's (walkRange over reflect.Value.Seq) and
// Go 1.23's (parseControl's "else with").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GO_RELEASES, nodeString, parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { GoRelease, GoValue } from '../../server/src/engine/gotemplate/index';

type Outcome = { output: string } | { execError: string } | { parseError: string } | { tree: string };

function run(src: string, release: GoRelease, data: GoValue = null): Outcome {
  const p = parseTemplate(src, '', release);
  if (!p.ok) return { parseError: p.error.message };
  const r = p.template.execute(data);
  return r.ok ? { output: r.output } : { execError: r.error.message };
}

const before = (minor: number): GoRelease[] => GO_RELEASES.filter((r) => Number(r.slice(2)) < minor);
const from = (minor: number): GoRelease[] => GO_RELEASES.filter((r) => Number(r.slice(2)) >= minor);

const data = new Map<string, GoValue>([
  ['svc', 'backend'],
  ['n', '3'],
]);

// [template, outcome before Go 1.24, outcome from Go 1.24]
const rangeCases: [string, Outcome, Outcome][] = [
  ['{{range 3}}{{.}}{{end}}', { execError: 'template: :1:8: executing "" at <3>: range can\'t iterate over 3' }, { output: '012' }],
  ['{{range $v := 5}}{{printf "%T%d" $v $v}}{{end}}', { execError: 'template: :1:14: executing "" at <5>: range can\'t iterate over 5' }, { output: 'int0int1int2int3int4' }],
  ['{{range 0}}x{{else}}empty{{end}}', { execError: 'template: :1:8: executing "" at <0>: range can\'t iterate over 0' }, { output: 'empty' }],
  ['{{range -2}}x{{else}}empty{{end}}', { execError: 'template: :1:8: executing "" at <-2>: range can\'t iterate over -2' }, { output: 'empty' }],
  // Before 1.24 the variables do not matter: the integer is refused first.
  [
    '{{range $i, $v := 3}}{{end}}',
    { execError: 'template: :1:18: executing "" at <3>: range can\'t iterate over 3' },
    { execError: 'template: :1:18: executing "" at <3>: can\'t use 3 to iterate over more than one variable' },
  ],
  // len returns an int, index of a string a byte (uint8): both are integers to range over. The
  // error names the last node evaluated (evalArg's s.at): the last argument.
  ['{{range len .svc}}x{{end}}', { execError: 'template: :1:12: executing "" at <.svc>: range can\'t iterate over 7' }, { output: 'xxxxxxx' }],
  ['{{range $b := index .n 0}}{{end}}{{printf "%T" (index .n 0)}}', { execError: 'template: :1:23: executing "" at <0>: range can\'t iterate over 51' }, { output: 'uint8' }],
  ['{{range 2}}{{break}}x{{end}}done', { execError: 'template: :1:8: executing "" at <2>: range can\'t iterate over 2' }, { output: 'done' }],
  // A string is refused by every release.
  [
    '{{range .svc}}{{end}}',
    { execError: 'template: :1:8: executing "" at <.svc>: range can\'t iterate over backend' },
    { execError: 'template: :1:8: executing "" at <.svc>: range can\'t iterate over backend' },
  ],
];

for (const [src, old, now] of rangeCases) {
  for (const release of before(24)) {
    test(`Go ${release}: ${JSON.stringify(src)}`, () => assert.deepEqual(run(src, release, data), old));
  }
  for (const release of from(24)) {
    test(`Go ${release}: ${JSON.stringify(src)}`, () => assert.deepEqual(run(src, release, data), now));
  }
}

// [template, outcome before Go 1.23, outcome from Go 1.23]
const elseWithCases: [string, Outcome, Outcome][] = [
  ['{{with 0}}{{.}}{{else with false}}{{.}}{{else with `notempty`}}{{.}}{{end}}', { parseError: 'template: :1: unexpected <with> in else' }, { output: 'notempty' }],
  ['{{with 0}}{{.}}{{else with true}}{{.}}{{end}}', { parseError: 'template: :1: unexpected <with> in else' }, { output: 'true' }],
  ['{{with .missing}}{{.}}{{else with .svc}}{{.}}.mesh{{end}}', { parseError: 'template: :1: unexpected <with> in else' }, { output: 'backend.mesh' }],
  // "else with" after an if: refused by both, with different words.
  ['{{if 1}}{{else with 2}}{{end}}', { parseError: 'template: :1: unexpected <with> in else' }, { parseError: 'template: :1: unexpected <with> in input' }],
  // "else if" stays reserved to if in every release.
  ['{{with 1}}{{else if 2}}{{end}}', { parseError: 'template: :1: unexpected <if> in input' }, { parseError: 'template: :1: unexpected <if> in input' }],
  ['{{if .a}}a{{else if .svc}}{{.svc}}{{end}}', { output: 'backend' }, { output: 'backend' }],
  // A second line: the error names the line of the "with".
  ['{{with .a}}a{{else\nwith .b}}b{{end}}', { parseError: 'template: :2: unexpected <with> in else' }, { output: '' }],
];

for (const [src, old, now] of elseWithCases) {
  for (const release of before(23)) {
    test(`Go ${release}: ${JSON.stringify(src)}`, () => assert.deepEqual(run(src, release, data), old));
  }
  for (const release of from(23)) {
    test(`Go ${release}: ${JSON.stringify(src)}`, () => assert.deepEqual(run(src, release, data), now));
  }
}

test('from Go 1.23 "else with" parses as an else holding a with', () => {
  const p = parseTemplate('{{with .X}}a{{else with .Y}}b{{else}}c{{end}}', '', '1.23');
  assert.ok(p.ok);
  assert.equal(nodeString(p.template.root), '{{with .X}}a{{else}}{{with .Y}}b{{else}}c{{end}}{{end}}');
});

test('a template parsed as one release executes as that release', () => {
  for (const release of GO_RELEASES) {
    const p = parseTemplate('{{range 1}}x{{end}}', '', release);
    assert.ok(p.ok);
    assert.equal(p.template.release, release);
  }
});

test('the default release is Go 1.21, the one Kuma 2.1 is built with', () => {
  const p = parseTemplate('{{range 3}}{{.}}{{end}}');
  assert.ok(p.ok);
  assert.equal(p.template.release, '1.21');
  const r = p.template.execute(null);
  assert.equal(r.ok, false);
});
