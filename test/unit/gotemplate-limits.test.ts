import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { ExecResult, GoValue, Limits } from '../../server/src/engine/gotemplate/index';

// Go 1.26 (Kuma 2.7, 2.9, 2.11+) ranges over integers, the shortest way to a long loop.
function exec(src: string, data: GoValue = null, limits?: Partial<Limits>): ExecResult {
  const p = parseTemplate(src, '', '1.26');
  if (!p.ok) throw new Error(`unexpected parse error: ${p.error.message}`);
  return p.template.execute(data, limits);
}

test('output limit stops execution with kind limit and keeps earlier output', () => {
  const r = exec('{{range 100000}}abcdefghij{{end}}');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.kind, 'limit');
  assert.equal(r.error.message, 'template: :1:16: executing "" at <abcdefghij>: output exceeds 65536 bytes');
  assert.equal(r.output.length, 65530);
  assert.deepEqual([r.error.start, r.error.end], [16, 26]);
});

test('output limit counts UTF-8 bytes', () => {
  const r = exec('{{.}}', 'é'.repeat(10), { maxOutputBytes: 19 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.message, 'template: :1:2: executing "" at <{{.}}>: output exceeds 19 bytes');
  assert.deepEqual(exec('{{.}}', 'é'.repeat(10), { maxOutputBytes: 20 }), { ok: true, output: 'é'.repeat(10) });
});

test('step limit stops long loops', () => {
  const r = exec('{{range 1000000000}}{{end}}');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.kind, 'limit');
  assert.equal(r.error.message, 'template: :1:8: executing "" at <{{range 1000000000}}{{end}}>: execution exceeds 100000 steps');
});

test('step limit stops nested ranges', () => {
  const r = exec('{{range 1000}}{{range 1000}}{{end}}{{end}}', null, { maxSteps: 5000 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.kind, 'limit');
  assert.match(r.error.message, /: execution exceeds 5000 steps$/);
});

test('recursion depth limit', () => {
  const r = exec('{{define "x"}}a{{template "x" .}}{{end}}{{template "x" .}}');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.kind, 'limit');
  assert.equal(r.error.message, 'template: :1:26: executing "x" at <{{template "x" .}}>: exceeded maximum template depth (100)');
  assert.equal(r.output, 'a'.repeat(100));
});

test('doubling a string through printf is stopped', () => {
  const r = exec('{{$x := "ab"}}{{range 64}}{{$x = printf "%s%s" $x $x}}{{end}}{{len $x}}');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.kind, 'limit');
  assert.match(r.error.message, /at <printf "%s%s" \$x \$x>: value exceeds 65536 bytes$/);
});

test('limits are per call and configurable', () => {
  const p = parseTemplate('{{range .}}x{{end}}');
  assert.ok(p.ok);
  if (!p.ok) return;
  assert.equal(p.template.execute(Array(10).fill(0), { maxOutputBytes: 5 }).ok, false);
  assert.deepEqual(p.template.execute(Array(10).fill(0)), { ok: true, output: 'x'.repeat(10) });
});

test('deep parenthesis nesting is a parse error, not a crash', () => {
  const src = '{{' + '('.repeat(2000) + '1' + ')'.repeat(2000) + '}}';
  const r = parseTemplate(src);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.message, 'template: :1: max expression depth exceeded');
});

test('deep block nesting does not crash', () => {
  const n = 20000;
  const src = '{{if 1}}'.repeat(n) + 'x' + '{{end}}'.repeat(n);
  const r = parseTemplate(src);
  if (r.ok) {
    const e = r.template.execute(null);
    assert.ok(e.ok || e.error.kind === 'limit');
  } else {
    assert.equal(r.error.kind, 'parse');
  }
});

test('prototype keys are ordinary data keys', () => {
  for (const key of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
    assert.deepEqual(exec(`{{.${key}}}|{{index . "${key}"}}|{{len .}}`, new Map([['a', 'b']])), {
      ok: true,
      output: '<no value>||1',
    });
    assert.deepEqual(exec(`{{.${key}}}`, new Map([[key, 'v']])), { ok: true, output: 'v' });
  }
  assert.deepEqual(exec('{{.x.constructor}}', new Map([['x', 'str']])).ok, false);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('unsupported JavaScript values are nil, not objects', () => {
  const r = exec('{{.}}|{{.constructor}}', { constructor: 'x' } as unknown as GoValue);
  assert.deepEqual(r, { ok: true, output: '<no value>|<no value>' });
});
