// The built CLI, as a CI job runs it: formats, exit codes, one-line errors.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let ws: string;
before(() => {
  assert.ok(fs.existsSync(cli), 'build first: npm run build');
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-cli-'));
  fs.mkdirSync(path.join(ws, 'nested', 'node_modules'), { recursive: true });
  fs.writeFileSync(
    path.join(ws, 'dp.yaml'),
    'type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n',
  );
  fs.writeFileSync(
    path.join(ws, 'nested', 'vo.yml'),
    'type: VirtualOutbound\nmesh: default\nname: bad\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80000"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n',
  );
  // Ignored: not YAML by name, and inside node_modules.
  fs.writeFileSync(path.join(ws, 'notes.txt'), 'type: Mesh\nname: ignored\n');
  fs.writeFileSync(path.join(ws, 'nested', 'node_modules', 'x.yaml'), 'type: Mesh\nname: ignored\n');
});

describe('mesh-lens resolve', () => {
  it('prints the JSON contract, paths relative to the folder given, with / separators', () => {
    const r = run(['resolve', '--format', 'json', ws], root);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.meshes.map((m: { name: string }) => m.name),
      ['default'],
    );
    assert.deepEqual(out.meshes[0].entries[0], {
      type: 'service',
      name: 'web',
      vip: '240.0.0.0',
      outbounds: [{ port: 0, tags: { 'kuma.io/service': 'web' }, origin: 'service', sources: ['web-1'] }],
      dnsNames: ['web.mesh'],
      listeners: ['outbound:240.0.0.0:80'],
    });
    assert.deepEqual(
      out.diagnostics.map((d: { file: string; range: { start: { line: number } } }) => `${d.file}:${d.range.start.line}`),
      ['nested/vo.yml:8'],
    );
  });
  it('prints a table and the diagnostics by default', () => {
    const r = run(['resolve', '.'], ws);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /mesh default: 1 hostname entry/);
    assert.match(r.stdout, /service\s+web\s+240\.0\.0\.0/);
    assert.match(r.stdout, /nested\/vo\.yml:9:3: error \[kuma-validation\] conf\.port: /);
  });
  it('reads a kuma-cp config file', () => {
    const conf = path.join(ws, '..', `cp-${path.basename(ws)}.conf`);
    fs.writeFileSync(conf, 'dnsServer:\n  CIDR: 10.9.0.0/16\n  serviceVipPort: 8080\n');
    const out = JSON.parse(run(['resolve', '--format=json', '--cp-config', conf, ws], root).stdout);
    assert.equal(out.meshes[0].entries[0].vip, '10.9.0.0');
    assert.deepEqual(out.meshes[0].entries[0].listeners, ['outbound:10.9.0.0:8080']);
  });
});

describe('mesh-lens check', () => {
  it('exits 1 on errors and prints file:line:col', () => {
    const r = run(['check', ws], root);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^nested\/vo\.yml:9:3: error \[kuma-validation\]/m);
  });
  it('exits 0 when the errors are disabled by code', () => {
    assert.equal(run(['check', '--disable', 'kuma-validation', ws], root).code, 0);
  });
  it('writes SARIF 2.1.0 with rule metadata and 1-based regions', () => {
    const sarif = JSON.parse(run(['check', '--format', 'sarif', ws], root).stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    const ids = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('kuma-validation') && ids.includes('hostname-conflict'));
    const result = run0.results[0];
    assert.equal(result.ruleId, 'kuma-validation');
    assert.equal(ids[result.ruleIndex], 'kuma-validation');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'nested/vo.yml' });
    assert.equal(result.locations[0].physicalLocation.region.startLine, 9);
  });
});

describe('mesh-lens check: findings and --expand', () => {
  let copies: string;
  before(() => {
    // Two copies of one VirtualOutbound over five services: one mistake.
    copies = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-copies-'));
    const dps = ['a', 'b', 'c', 'd', 'e'].map(
      (s, i) => `type: Dataplane\nmesh: default\nname: dp-${s}\nnetworking:\n  address: 10.0.0.${i + 1}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${s}\n`,
    );
    fs.writeFileSync(path.join(copies, 'dp.yaml'), dps.join('---\n'));
    const vo = (name: string) =>
      `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.service}}.mesh"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n`;
    fs.writeFileSync(path.join(copies, 'vo.yaml'), [vo('one'), vo('two')].join('---\n'));
  });
  it('prints one finding on each copy, and SARIF carries the count', () => {
    const text = run(['check', '.'], copies).stdout.trimEnd().split('\n');
    assert.deepEqual(
      text.slice(0, -1).map((l) => l.replace(/\] .*/, ']')),
      ['vo.yaml:8:3: warning [ambiguous-priority]', 'vo.yaml:21:3: warning [ambiguous-priority]'],
    );
    assert.match(text[1]!, /Loses 5 hostname:ports to VirtualOutbound one: .* E\.g\. a\.mesh:80, b\.mesh:80, c\.mesh:80 and 2 more\./);
    const results = JSON.parse(run(['check', '--format', 'sarif', '.'], copies).stdout).runs[0].results;
    assert.deepEqual(
      results.map((r: { properties: { count: number } }) => r.properties.count),
      [5, 5],
    );
  });
  it('--expand prints one line per lost pair instead', () => {
    const lines = run(['check', '--expand', '.'], copies).stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(0, -1),
      ['a', 'b', 'c', 'd', 'e'].map(
        (s) =>
          `vo.yaml:21:3: warning [ambiguous-priority] ${s}.mesh:80 for dataplane dp-${s} goes to VirtualOutbound one: equal selector rank (1 tag, 0 exact) and no creation time orders them; Mesh Lens assumes name order.`,
      ),
    );
    assert.equal(lines.at(-1), '0 error(s), 5 warning(s), 0 note(s)');
  });
  it('resolve --format json lists under each outbound the claims that lost its hostname:port', () => {
    const out = JSON.parse(run(['resolve', '--format', 'json', '.'], copies).stdout);
    const entry = out.meshes[0].entries.find((e: { name: string }) => e.name === 'c.mesh');
    // Equal rank, no creation time: name order, so "one" keeps c.mesh:80 and "two" loses it.
    assert.deepEqual(entry.outbounds, [
      {
        port: 80,
        tags: { 'kuma.io/service': 'c' },
        origin: 'virtual-outbound:one',
        sources: ['dp-c'],
        dropped: [{ origin: 'virtual-outbound:two', tags: { 'kuma.io/service': 'c' }, source: 'dp-c', inbound: 0 }],
      },
    ]);
    const service = out.meshes[0].entries.find((e: { name: string }) => e.name === 'c');
    assert.equal(service.outbounds[0].dropped, undefined);
  });
  it('--expand belongs to check', () => {
    const r = run(['resolve', '--expand', '.'], copies);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown flag --expand/);
  });
});

describe('usage errors: one line, exit code 2', () => {
  for (const [name, args] of [
    ['a missing path', ['check', 'does-not-exist']],
    ['an unknown flag', ['check', '--frobnicate']],
    ['an unknown format', ['resolve', '--format', 'xml']],
    ['an unknown command', ['lint']],
    ['a flag without its value', ['check', '--cp-config']],
    ['an unreadable cp config', ['resolve', '--cp-config', 'nope.yaml']],
  ] as const) {
    it(name, () => {
      const r = run([...args], ws);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^mesh-lens: /);
      assert.equal(r.stdout, '');
    });
  }
  it("an invalid CIDR in the cp config is refused with Kuma's message", () => {
    const conf = path.join(ws, '..', `bad-${path.basename(ws)}.conf`);
    fs.writeFileSync(conf, 'dnsServer:\n  CIDR: 240.0.0.0/40\n');
    const r = run(['resolve', '--cp-config', conf, ws], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /dnsServer\.CIDR: CIDR must be valid/);
  });
});
