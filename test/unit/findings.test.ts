// One finding per mistake: conflicts are reported once per place and cause, with a count and the
// first examples, never once per lost pair. What Kuma decides (who keeps a hostname:port, and why)
// is from docs/kuma-semantics.md: selector rank first, then the newest creation time; without a
// difference Mesh Lens assumes name order and says the priority is ambiguous.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { generateCopyPaste } from '../../bench/generate';
import { analyzeFile, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { expandPairs } from '../../server/src/engine/resolve/expand';
import { EngineDiagnostic, MAX_RELATED } from '../../server/src/engine/rules';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';

function resolve(files: Record<string, string>, settings = DEFAULT_SETTINGS): WorkspaceResult {
  return resolveWorkspace(
    Object.entries(files).map(([f, t]) => analyzeFile(f, t)),
    { settings },
  );
}

function lineOf(result: WorkspaceResult, d: { file: string; span: readonly [number, number] }): number {
  return result.files.get(d.file)!.parsed.lines.positionAt(d.span[0]).line;
}

/** The 0-based line of the first line of `file` that contains `text` after `after`. */
function lineWith(files: Record<string, string>, file: string, text: string, after = ''): number {
  const lines = files[file]!.split('\n');
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const i = lines.findIndex((l, k) => k >= from && l.includes(text));
  assert.ok(i >= 0, `${text} in ${file}`);
  return i;
}

const dataplane = (name: string, service: string, extra = '') =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${service}\n${extra}`;

const vo = (name: string, host: string, match: Record<string, string>, params: string[][], more = '') =>
  `type: VirtualOutbound\nmesh: default\nname: ${name}\n${more}selectors:\n  - match:\n${Object.entries(match)
    .map(([k, v]) => `      ${k}: "${v}"\n`)
    .join('')}conf:\n  host: "${host}"\n  port: "80"\n  parameters:\n${params.map(([n, k]) => `    - name: ${n}\n${k ? `      tagKey: ${k}\n` : ''}`).join('')}`;

const svcParam = [['service', 'kuma.io/service']];

function only(result: WorkspaceResult, code: string): EngineDiagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

describe('findings', () => {
  it('two copies of the one-hostname-per-service VirtualOutbound over 1,000 services: one finding on each copy', () => {
    const ws = generateCopyPaste(1000);
    const files = Object.fromEntries(ws.files);
    const result = resolve(files);
    const byLine = [...result.diagnostics].sort((a, b) => lineOf(result, a) - lineOf(result, b));
    assert.deepEqual(
      byLine.map((d) => [d.file, lineOf(result, d), d.code, d.severity]),
      [
        ['virtual-outbounds.yaml', lineWith(files, 'virtual-outbounds.yaml', 'host:', 'name: per-service'), 'ambiguous-priority', 'warning'],
        ['virtual-outbounds.yaml', lineWith(files, 'virtual-outbounds.yaml', 'host:', 'name: per-service-copy'), 'ambiguous-priority', 'warning'],
      ],
    );
    const [keeper, loser] = byLine;
    // Equal rank, no creation time: name order, so per-service keeps every hostname.
    assert.match(loser!.message, /^Loses 1,000 hostname:ports to VirtualOutbound per-service: equal selector rank \(1 tag, 0 exact\)/);
    assert.match(loser!.message, /E\.g\. svc-0\.mesh:80, svc-1\.mesh:80, svc-10\.mesh:80 and 997 more\./);
    assert.match(keeper!.message, /^Keeps 1,000 hostname:ports over VirtualOutbound per-service-copy: /);
    assert.equal(loser!.count, 1000);
    assert.equal(keeper!.count, 1000);
    assert.equal(loser!.related!.length, MAX_RELATED);
    assert.match(loser!.message, /\(991 more related locations not listed\.\)$/);
  });

  it('the detail stays one step away: --expand lists every lost pair, the view every dropped claim', () => {
    const result = resolve(Object.fromEntries(generateCopyPaste(25).files));
    const pairs = expandPairs(result);
    assert.equal(pairs.length, 25);
    assert.ok(pairs.every((d) => d.code === 'ambiguous-priority' && / for dataplane dp-\d+ goes to VirtualOutbound per-service: /.test(d.message)));
    assert.equal(result.meshes[0]!.view.dropped.length, 25);
  });

  it('one VirtualOutbound that loses to one and beats another carries one diagnostic of the code on its line', () => {
    const files = {
      'dp.yaml': ['a', 'b'].map((s) => dataplane(`dp-${s}`, s, '        version: v1\n        team: t\n')).join('---\n'),
      'vo.yaml': [
        vo('narrow', '{{.service}}.mesh', { 'kuma.io/service': '*' }, svcParam),
        vo('middle', '{{.service}}.mesh', { 'kuma.io/service': '*', version: '*' }, svcParam),
        // Selects service a only: it takes a.mesh from middle; middle keeps b.mesh over narrow.
        vo('wide', '{{.service}}.mesh', { 'kuma.io/service': 'a', version: '*', team: '*' }, svcParam),
      ].join('---\n'),
    };
    const result = resolve(files);
    const middleLine = lineWith(files, 'vo.yaml', 'host:', 'name: middle');
    const onMiddle = result.diagnostics.filter((d) => lineOf(result, d) === middleLine && d.file === 'vo.yaml');
    assert.equal(onMiddle.length, 1);
    // It loses to wide (a warning) and keeps over narrow (information): the warning comes first.
    assert.equal(onMiddle[0]!.code, 'hostname-lost-to-priority');
    assert.equal(onMiddle[0]!.severity, 'warning');
    assert.match(onMiddle[0]!.message, /^a\.mesh:80 for dataplane dp-a is taken by VirtualOutbound wide: its selector ranks higher \(3 tags, 1 exact against 2 tags, 0 exact\)/);
    assert.match(onMiddle[0]!.message, /\nAlso on this line, 1 more: Keeps b\.mesh:80 for dataplane dp-b over VirtualOutbound narrow, /);
    assert.equal(onMiddle[0]!.count, 2);
  });

  it('one hostname for every service: one conflict finding on the VirtualOutbound and one on each losing inbound, none on the winner', () => {
    const services = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const files = {
      'dp.yaml': services.map((s) => dataplane(`dp-${s}`, s)).join('---\n'),
      'vo.yaml': vo('shared', 'all.mesh', { 'kuma.io/service': '*' }, svcParam),
    };
    const result = resolve(files);
    const conflicts = only(result, 'hostname-conflict');
    const onVo = conflicts.filter((d) => d.file === 'vo.yaml');
    assert.equal(onVo.length, 1);
    // Dataplanes in name order: dp-s00 claims all.mesh:80 first, with its own service tag.
    assert.match(
      onVo[0]!.message,
      /^all\.mesh:80 is claimed with different tags: dataplane dp-s00 \(kuma\.io\/service=s00\) keeps it, and the outbounds of dataplane dp-s01 \(kuma\.io\/service=s01\), .* and 26 more are dropped\./,
    );
    assert.equal(onVo[0]!.count, 29);
    const inboundLines = conflicts.filter((d) => d.file === 'dp.yaml').map((d) => lineOf(result, d));
    assert.equal(inboundLines.length, 29);
    assert.equal(new Set(inboundLines).size, 29);
    assert.ok(!inboundLines.includes(lineWith(files, 'dp.yaml', '- port: 8080', 'name: dp-s00')));
    for (const d of conflicts) assert.ok((d.related?.length ?? 0) <= MAX_RELATED);
  });

  it('skipped renders of one template field, for several reasons, make one finding that counts them all', () => {
    const files = {
      // dp-b has a version, but a DNS label cannot start with a hyphen.
      'dp.yaml': [dataplane('dp-a', 'a'), dataplane('dp-b', 'b', '        version: "-v1"\n'), dataplane('dp-c', 'c')].join('---\n'),
      'vo.yaml': vo('versioned', '{{.service}}.{{.version}}.mesh', { 'kuma.io/service': '*' }, [...svcParam, ['version', '']]),
    };
    const result = resolve(files);
    // Its message and place: test/diagnostics/render-skipped.several-reasons.yaml.
    const skipped = only(result, 'render-skipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.count, 3);
  });
});
