// The preview's data: compact rows (one per hostname, with claim counts) and, on demand, every
// claim on one hostname with the reason the dropped ones lost.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const dataplane = (name: string, version: string, ip: string) => `type: Dataplane
mesh: default
name: ${name}
networking:
  address: ${ip}
  inbound:
    - port: 8080
      tags:
        kuma.io/service: backend
        version: ${version}`;

const vo = (name: string, match: string, host: string, params: string[]) => `type: VirtualOutbound
mesh: default
name: ${name}
selectors:
  - match:
      kuma.io/service: ${match}
conf:
  host: "${host}"
  port: "80"
  parameters:
${params.map((p) => `    - name: ${p}\n      tagKey: ${p === 'service' ? 'kuma.io/service' : p}`).join('\n')}`;

const externalService = (name: string, service: string) => `type: ExternalService
mesh: default
name: ${name}
tags:
  kuma.io/service: ${service}
networking:
  address: httpbin.org:443`;

// backend-1 and backend-3 carry version v1, backend-2 v2.
const FIXTURE = `
//- dps.yaml
${[dataplane('backend-1', 'v1', '10.0.0.1'), dataplane('backend-2', 'v2', '10.0.0.2'), dataplane('backend-3', 'v1', '10.0.0.3')].join('\n---\n')}
//- vos.yaml
${[
  // reads version but does not render it: backend-2 claims backend.svc:80 with other tags
  vo('tagged', '"*"', '{{.service}}.svc', ['service', 'version']),
  // an exact selector outranks a wildcard one on the same hostname
  vo('exact', 'backend', '{{.service}}.mesh', ['service']),
  vo('wild', '"*"', '{{.service}}.mesh', ['service']),
  // equal rank, no creation time: name order
  vo('copy-a', '"*"', '{{.service}}.copy', ['service']),
  vo('copy-b', '"*"', '{{.service}}.copy', ['service']),
].join('\n---\n')}
//- es.yaml
${[externalService('httpbin', 'httpbin'), externalService('httpbin-two', 'httpbin-two')].join('\n---\n')}
`;

const lineOf = (text: string, needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length - 1;

describe('resolved view for the preview', () => {
  const f = loadFixture(FIXTURE);

  it('sends one compact row per hostname, with the repeated texts once', () => {
    const answer = ls.getResolvedView(f.snapshot, { compact: true });
    assert.deepEqual(answer.meshes, []);
    assert.deepEqual(answer.diagnostics, []);
    const { strings, rows } = answer.compact!;
    const full = ls.getResolvedView(f.snapshot, {});
    assert.deepEqual(
      rows.map((r) => `${strings[r[1]]}:${r[2]}`),
      full.meshes[0]!.entries.map((e) => `${e.type}:${e.name}`),
    );
    const row = (name: string) => {
      const r = rows.find((x) => x[2] === name);
      assert.ok(r, name);
      return { mesh: strings[r[0]], type: strings[r[1]], vip: r[3], ports: strings[r[4]], origins: strings[r[5]], sources: strings[r[6]], claims: r[7], dropped: r[8], length: r.length };
    };
    const svc = row('backend.svc');
    assert.equal(svc.mesh, 'default');
    assert.equal(svc.type, 'fqdn');
    assert.match(svc.vip, /^240\.0\.0\.\d+$/);
    assert.equal(svc.ports, '80');
    assert.equal(svc.origins, 'virtual-outbound:tagged');
    assert.equal(svc.sources, 'backend-1, backend-3');
    assert.equal(svc.claims, 3);
    assert.equal(svc.dropped, 1);
    assert.equal(svc.length, 9, 'no scope while scopes are unknown');
    // three kept through `exact`, three dropped from `wild`
    assert.deepEqual([row('backend.mesh').claims, row('backend.mesh').dropped], [6, 3]);
    assert.deepEqual([row('backend.copy').claims, row('backend.copy').dropped], [6, 3]);
    assert.deepEqual([row('httpbin.org').claims, row('httpbin.org').dropped], [2, 1]);
    // the service entry: one claim per dataplane, none dropped
    const service = rows.find((r) => r[2] === 'backend' && strings[r[1]] === 'service')!;
    assert.deepEqual([service[7], service[8], strings[service[6]]], [3, 0, 'backend-1, backend-2, backend-3']);
    assert.ok(strings.length < rows.length * 4, 'repeated texts are sent once');
    assert.equal(new Set(strings).size, strings.length);
  });

  it('filters the compact rows by mesh', () => {
    assert.equal(ls.getResolvedView(f.snapshot, { compact: true, mesh: 'other' }).compact!.rows.length, 0);
    assert.ok(ls.getResolvedView(f.snapshot, { compact: true, mesh: 'default' }).compact!.rows.length > 0);
  });

  it('lists the claims on a hostname: the winner, the merged ones, the dropped ones with other tags', () => {
    const r = ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'fqdn', hostname: 'backend.svc' });
    assert.equal(r.found, true);
    assert.equal(r.total, 3);
    assert.deepEqual(
      r.claims.map((c) => [c.status, c.source, c.port, c.tags.version]),
      [
        ['won', 'dataplane backend-1', 80, 'v1'],
        ['merged', 'dataplane backend-3', 80, 'v1'],
        ['dropped', 'dataplane backend-2', 80, 'v2'],
      ],
    );
    const dropped = r.claims[2]!;
    assert.match(dropped.reason!, /^dataplane backend-1 claimed backend\.svc:80 first with other tags \(kuma\.io\/service=backend, version=v1 against kuma\.io\/service=backend, version=v2\)/);
    assert.equal(r.claims[0]!.reason, undefined);
    const text = f.textOf('dps.yaml');
    assert.equal(dropped.location.uri, f.uriOf('dps.yaml'));
    assert.equal(dropped.location.range.start.line, lineOf(text, '- port: 8080', text.indexOf('name: backend-2')));
  });

  it('says that a higher-ranked selector keeps the hostname', () => {
    const r = ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'fqdn', hostname: 'backend.mesh' });
    assert.deepEqual(
      r.claims.map((c) => `${c.status} ${c.origin} ${c.source}`),
      [
        'won virtual-outbound:exact dataplane backend-1',
        'merged virtual-outbound:exact dataplane backend-2',
        'merged virtual-outbound:exact dataplane backend-3',
        'dropped virtual-outbound:wild dataplane backend-1',
        'dropped virtual-outbound:wild dataplane backend-2',
        'dropped virtual-outbound:wild dataplane backend-3',
      ],
    );
    for (const c of r.claims.slice(3)) {
      assert.equal(c.reason, 'VirtualOutbound exact renders backend.mesh:80 for the same inbound and has the higher priority: its selector ranks higher (1 tag, 1 exact against 1 tag, 0 exact).');
    }
  });

  it('says when name order alone decides between equal-rank VirtualOutbounds', () => {
    const r = ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'fqdn', hostname: 'backend.copy' });
    const dropped = r.claims.filter((c) => c.status === 'dropped');
    assert.equal(dropped.length, 3);
    assert.ok(dropped.every((c) => c.origin === 'virtual-outbound:copy-b'));
    assert.match(
      dropped[0]!.reason!,
      /^VirtualOutbound copy-a renders backend\.copy:80 for the same inbound with equal selector rank \(1 tag, 0 exact\) and no creation time that orders them: Mesh Lens assumes name order/,
    );
  });

  it("gives Kuma's own reason for an external-service host clash", () => {
    const r = ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'host', hostname: 'httpbin.org' });
    assert.deepEqual(
      r.claims.map((c) => [c.status, c.source]),
      [
        ['won', 'external service httpbin'],
        ['dropped', 'external service httpbin-two'],
      ],
    );
    assert.equal(r.claims[1]!.reason, 'autogenerated DNS entry httpbin.org:443 from external-service:httpbin-two conflicts with existing entry external-service:httpbin');
  });

  it('sends at most `limit` claims and counts them all', () => {
    const r = ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'fqdn', hostname: 'backend.mesh', limit: 2 });
    assert.deepEqual([r.claims.length, r.total], [2, 6]);
  });

  it('answers "not found" for an unknown hostname or a malformed request', () => {
    assert.deepEqual(ls.getResolvedClaims(f.snapshot, { mesh: 'default', type: 'fqdn', hostname: 'nowhere.mesh' }), { found: false, claims: [], total: 0 });
    assert.deepEqual(ls.getResolvedClaims(f.snapshot, { mesh: 'nope', type: 'fqdn', hostname: 'backend.svc' }).found, false);
    assert.deepEqual(ls.getResolvedClaims(f.snapshot, undefined).found, false);
    assert.deepEqual(ls.getResolvedClaims(f.snapshot, { mesh: 1 } as never).found, false);
  });
});
