import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, parseTemplate } from '../../server/src/engine/gotemplate/index';
import type { GoValue, Template } from '../../server/src/engine/gotemplate/index';

function mustParse(src: string): Template {
  const r = parseTemplate(src);
  if (!r.ok) throw new Error(`unexpected parse error: ${r.error.message}`);
  return r.template;
}

function run(src: string, data: GoValue): string {
  const r = mustParse(src).execute(data);
  if (!r.ok) throw new Error(`unexpected exec error: ${r.error.message}`);
  return r.output;
}

const kuma = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

test('Kuma: ports are concatenated strings from map[string]string', () => {
  assert.equal(run('{{.port}}{{.offset}}', kuma({ port: '80', offset: '81' })), '8081');
});

test('Kuma: plain text is a valid template', () => {
  assert.equal(run('hello', kuma({})), 'hello');
});

test('Kuma: undefined functions are parse errors pointing at the name', () => {
  const r = parseTemplate('foo.{{mesh');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.error, { kind: 'parse', message: 'template: :1: function "mesh" not defined', start: 6, end: 10 });
  const r2 = parseTemplate('{{port');
  assert.equal(r2.ok, false);
  if (r2.ok) return;
  assert.equal(r2.error.message, 'template: :1: function "port" not defined');
  assert.deepEqual([r2.error.start, r2.error.end], [2, 6]);
});

test('Kuma: if/else on a possibly missing key', () => {
  const t = mustParse('{{if .port}}{{.port}}{{else}}8080{{end}}');
  assert.deepEqual(t.execute(kuma({ port: '9090' })), { ok: true, output: '9090' });
  assert.deepEqual(t.execute(kuma({})), { ok: true, output: '8080' });
  assert.deepEqual(t.execute(kuma({ port: '' })), { ok: true, output: '8080' });
});

test('Kuma: trimmed comment and with', () => {
  assert.equal(run('{{- /* a comment */ -}}   {{with .svc}}{{.}}{{end}}.trim', kuma({ svc: 'backend' })), 'backend.trim');
});

test('Kuma: len piped into printf', () => {
  assert.equal(run('{{ len .svc | printf "%d0" }}', kuma({ svc: 'backend' })), '70');
});

test('Kuma: index with a constant key, printf with two keys, missing key', () => {
  assert.equal(run('{{index . "svc"}}.idx', kuma({ svc: 'backend' })), 'backend.idx');
  assert.equal(run('{{index . "nope"}}.idx', kuma({ svc: 'backend' })), '.idx');
  assert.equal(run('{{printf "%s-%s.mesh" .svc .v}}', kuma({ svc: 'backend', v: 'v1' })), 'backend-v1.mesh');
  assert.equal(run('{{.missing}}', kuma({ svc: 'backend' })), '<no value>');
});

test('fieldsRead: top-level fields with spans', () => {
  assert.deepEqual(mustParse('{{.a}}.{{.b}}').fieldsRead(), [
    { name: 'a', start: 2, end: 4 },
    { name: 'b', start: 9, end: 11 },
  ]);
});

test('fieldsRead: index with constant key, $-rooted fields, not inside with/range bodies', () => {
  const src = '{{index . "svc"}}{{with .x}}{{.inner}}{{$.root}}{{else}}{{.y}}{{end}}{{.a.b}}{{range .l}}{{.z}}{{end}}';
  assert.deepEqual(mustParse(src).fieldsRead(), [
    { name: 'svc', start: 10, end: 15 },
    { name: 'x', start: 24, end: 26 },
    { name: 'root', start: 40, end: 46 },
    { name: 'y', start: 58, end: 60 },
    { name: 'a', start: 71, end: 73 },
    { name: 'l', start: 85, end: 87 },
  ]);
});

test('parse once, execute many', () => {
  const t = mustParse('{{.svc}}.{{.ns}}.svc:{{.port}}');
  for (let i = 0; i < 100; i++) {
    assert.deepEqual(t.execute(kuma({ svc: `s${i}`, ns: 'default', port: String(i) })), {
      ok: true,
      output: `s${i}.default.svc:${i}`,
    });
  }
});

test('template name, source and root are exposed', () => {
  const r = parseTemplate('a{{.b}}c', 'named');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.template.name, 'named');
  assert.equal(r.template.source, 'a{{.b}}c');
  assert.deepEqual(
    r.template.root.nodes.map((n) => [n.type, n.pos, n.end]),
    [
      ['text', 0, 1],
      ['action', 3, 7],
      ['text', 7, 8],
    ],
  );
});

test('default limits', () => {
  assert.deepEqual({ ...DEFAULT_LIMITS }, { maxOutputBytes: 65536, maxSteps: 100000, maxDepth: 100 });
});
