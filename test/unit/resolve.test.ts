import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { entryLines, resolveFixture } from '../helpers/fixture';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';

const dataplane = (name: string, tags: Record<string, string>, mesh = 'default') =>
  `type: Dataplane\nmesh: ${mesh}\nname: ${name}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n${Object.entries(tags)
    .map(([k, v]) => `        ${k}: "${v}"`)
    .join('\n')}\n`;

const virtualOutbound = (name: string, match: Record<string, string>, host: string, port: string, params: Array<[string, string?]>, extra = '') =>
  `type: VirtualOutbound\nmesh: default\nname: ${name}\n${extra}selectors:\n  - match:\n${Object.entries(match)
    .map(([k, v]) => `      ${k}: "${v}"`)
    .join('\n')}\nconf:\n  host: '${host}'\n  port: '${port}'\n  parameters:\n${params.map(([n, k]) => `    - name: ${n}\n${k ? `      tagKey: ${k}\n` : ''}`).join('')}`;

describe('selector rank and priority', () => {
  it('counts total tags before exact ones: two wildcards beat one exact value', () => {
    const r = resolveFixture(
      `//- dp.yaml\n${dataplane('backend-1', { 'kuma.io/service': 'backend', version: 'v1' })}//- vo.yaml\n${virtualOutbound('exact', { 'kuma.io/service': 'backend' }, '{{.svc}}.mesh', '80', [['svc', 'kuma.io/service']])}---\n${virtualOutbound(
        'wide',
        { 'kuma.io/service': '*', version: '*' },
        '{{.svc}}.mesh',
        '80',
        [
          ['svc', 'kuma.io/service'],
          ['v', 'version'],
        ],
      )}`,
    );
    const fqdn = r.meshes[0]!.view.entries.find((e) => e.type === 'fqdn')!;
    assert.equal(fqdn.outbounds[0]!.origin, 'virtual-outbound:wide');
  });

  it('a non-matching selector with more tags does not help', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('b-1', { 'kuma.io/service': 'b', foo: 'bar' })}---\n` +
        `type: VirtualOutbound\nmesh: default\nname: vo0\nselectors:\n  - match:\n      kuma.io/service: "*"\n  - match:\n      kuma.io/service: "*"\n      a: "*"\n      c: "*"\nconf:\n  host: x.mesh\n  port: "80"\n  parameters:\n    - name: s\n      tagKey: kuma.io/service\n---\n` +
        virtualOutbound('vo1', { 'kuma.io/service': '*', foo: 'bar' }, 'x.mesh', '80', [['s', 'kuma.io/service'], ['foo']]),
    );
    const fqdn = r.meshes[0]!.view.entries.find((e) => e.name === 'x.mesh')!;
    assert.equal(fqdn.outbounds[0]!.origin, 'virtual-outbound:vo1');
  });

  it('equal rank: the newest creationTime wins', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('b-1', { 'kuma.io/service': 'b' })}---\n` +
        virtualOutbound(
          'alpha',
          { 'kuma.io/service': '*' },
          'x.mesh',
          '80',
          [
            ['s', 'kuma.io/service'],
            ['other', 'kuma.io/zone'],
          ],
          'creationTime: "2024-01-02T00:00:00Z"\n',
        ) +
        '---\n' +
        virtualOutbound('zulu', { 'kuma.io/service': '*' }, 'x.mesh', '80', [['s', 'kuma.io/service']], 'creationTime: "2023-01-01T00:00:00Z"\n'),
    );
    assert.deepEqual(entryLines(r), ['service:b 240.0.0.0 0/service', 'fqdn:x.mesh 240.0.0.1 80/virtual-outbound:alpha']);
    assert.ok(!r.diagnostics.some((d) => d.code === 'ambiguous-priority'));
  });

  it('equal rank without times: name order', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('b-1', { 'kuma.io/service': 'b', version: 'v1' })}---\n` +
        virtualOutbound('zulu', { 'kuma.io/service': '*' }, 'x.mesh', '80', [
          ['s', 'kuma.io/service'],
          ['v', 'version'],
        ]) +
        '---\n' +
        virtualOutbound('alpha', { 'kuma.io/service': '*' }, 'x.mesh', '80', [['s', 'kuma.io/service']]),
    );
    assert.equal(r.meshes[0]!.view.entries.find((e) => e.name === 'x.mesh')!.outbounds[0]!.origin, 'virtual-outbound:alpha');
  });
});

describe('rendering', () => {
  it('a missing tag renders <no value>: the hostname is skipped for that dataplane', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('with-zone', { 'kuma.io/service': 'b', 'kuma.io/zone': 'east' })}---\n${dataplane('no-zone', { 'kuma.io/service': 'b' })}---\n` +
        virtualOutbound('zonal', { 'kuma.io/service': '*' }, '{{.svc}}.{{.zone}}.mesh', '80', [
          ['svc', 'kuma.io/service'],
          ['zone', 'kuma.io/zone'],
        ]),
    );
    assert.deepEqual(entryLines(r), ['service:b 240.0.0.0 0/service', 'fqdn:b.east.mesh 240.0.0.1 80/virtual-outbound:zonal']);
  });

  it('a missing tag is false in {{if}}: the default idiom', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 's', port: '9000' })}---\n${dataplane('b', { 'kuma.io/service': 't' })}---\n` +
        virtualOutbound('p', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '{{if .port}}{{.port}}{{else}}8080{{end}}', [['svc', 'kuma.io/service'], ['port']]),
    );
    assert.deepEqual(entryLines(r).slice(2), ['fqdn:s.mesh 240.0.0.2 9000/virtual-outbound:p', 'fqdn:t.mesh 240.0.0.3 8080/virtual-outbound:p']);
  });

  it("outbound tags are the parameters' tags the inbound has, nothing else", () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 's', version: 'v1', team: 'x' })}---\n` +
        virtualOutbound('p', { 'kuma.io/service': '*', team: '*' }, '{{.svc}}.mesh', '80', [['svc', 'kuma.io/service'], ['version'], ['zone', 'kuma.io/zone']]),
    );
    const fqdn = r.meshes[0]!.view.entries.find((e) => e.type === 'fqdn')!;
    assert.deepEqual({ ...fqdn.outbounds[0]!.tags }, { 'kuma.io/service': 's', version: 'v1' });
  });

  it('a runtime port failure skips only that hostname: {{.svc}} as a port', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 's' })}---\n` + virtualOutbound('p', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '{{.svc}}', [['svc', 'kuma.io/service']]),
    );
    assert.deepEqual(entryLines(r), ['service:s 240.0.0.0 0/service']);
  });
});

describe('the mesh view', () => {
  it('first write wins across dataplanes: name order', () => {
    const r = resolveFixture(
      `//- dps.yaml\n${dataplane('backend-2', { 'kuma.io/service': 'backend', version: 'v2' })}---\n${dataplane('backend-1', { 'kuma.io/service': 'backend', version: 'v1' })}//- vo.yaml\n` +
        virtualOutbound('byservice', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '80', [
          ['svc', 'kuma.io/service'],
          ['v', 'version'],
        ]),
    );
    const fqdn = r.meshes[0]!.view.entries.find((e) => e.type === 'fqdn')!;
    assert.equal(fqdn.outbounds[0]!.tags.version, 'v1');
  });

  it('identical outbounds from several dataplanes collapse into one', () => {
    const r = resolveFixture(`//- a.yaml\n${dataplane('r-0', { 'kuma.io/service': 'redis' })}---\n${dataplane('r-1', { 'kuma.io/service': 'redis' })}`);
    assert.deepEqual(entryLines(r), ['service:redis 240.0.0.0 0/service']);
    assert.equal(r.meshes[0]!.view.entries[0]!.outbounds[0]!.sources.length, 2);
    assert.deepEqual(r.diagnostics, []);
  });

  it('one hostname, several ports: one VIP, outbounds sorted by port', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 's', port: '9000' })}---\n${dataplane('b', { 'kuma.io/service': 's', port: '8000' })}---\n` +
        virtualOutbound('p', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '{{.port}}', [['svc', 'kuma.io/service'], ['port']]),
    );
    assert.deepEqual(entryLines(r), ['service:s 240.0.0.0 0/service', 'fqdn:s.mesh 240.0.0.1 8000/virtual-outbound:p,9000/virtual-outbound:p']);
  });

  it('a gateway dataplane gets no hostnames', () => {
    const r = resolveFixture(`//- a.yaml\ntype: Dataplane\nmesh: default\nname: gw\nnetworking:\n  address: 10.0.0.9\n  gateway:\n    type: DELEGATED\n    tags:\n      kuma.io/service: edge\n`);
    assert.deepEqual(entryLines(r), []);
    assert.deepEqual(r.diagnostics, []);
  });

  it('VIPs start at the network address in every mesh', () => {
    const r = resolveFixture(`//- a.yaml\n${dataplane('a', { 'kuma.io/service': 'web' })}---\n${dataplane('b', { 'kuma.io/service': 'api' }, 'payments')}`);
    assert.deepEqual(entryLines(r, 'default'), ['service:web 240.0.0.0 0/service']);
    assert.deepEqual(entryLines(r, 'payments'), ['service:api 240.0.0.0 0/service']);
  });

  it('external services: a service entry on their port, a host entry, and VirtualOutbounds on their service tag', () => {
    const es = (name: string, address: string, extra = '') =>
      `type: ExternalService\nmesh: default\nname: ${name}\ntags:\n  kuma.io/service: ${name}-svc\nnetworking:\n  address: ${address}\n${extra}`;
    const r = resolveFixture(
      `//- a.yaml\n${es('es-1', 'external.service.com:8080')}---\n${es('es-2', 'external.service.com:8080')}---\n${es('es-3', 'external.service.com:8081')}---\n${es('es-4', 'quiet.example.com:443', '  disableHostDNSEntry: true\n')}---\n` +
        virtualOutbound('all', { 'kuma.io/service': '*' }, '{{.svc}}.ext', '443', [['svc', 'kuma.io/service']]),
    );
    const lines = entryLines(r);
    assert.ok(lines.includes('host:external.service.com 240.0.0.4 8080/external-service:es-1,8081/external-service:es-3'), lines.join('\n'));
    assert.ok(!lines.some((l) => l.startsWith('host:quiet')));
    assert.ok(lines.includes('service:es-1-svc 240.0.0.0 8080/service'));
  });

  it('serviceVipEnabled: false drops service entries only', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 'web' })}---\n` + virtualOutbound('all', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '80', [['svc', 'kuma.io/service']]),
      {
        settings: { ...DEFAULT_SETTINGS, serviceVipEnabled: false },
      },
    );
    assert.deepEqual(entryLines(r), ['fqdn:web.mesh 240.0.0.0 80/virtual-outbound:all']);
  });

  it('an exhausted CIDR leaves an entry without a VIP', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a-1', { 'kuma.io/service': 'a' })}---\n${dataplane('b-1', { 'kuma.io/service': 'b' })}---\n` +
        virtualOutbound('names', { 'kuma.io/service': 'a' }, '{{.svc}}.mesh', '80', [['svc', 'kuma.io/service']]),
      {
        settings: { ...DEFAULT_SETTINGS, cidr: '10.0.0.0/31' },
      },
    );
    assert.deepEqual(entryLines(r), ['service:a 10.0.0.0 0/service', 'service:b 10.0.0.1 0/service', 'fqdn:a.mesh - 80/virtual-outbound:names']);
  });

  it('a persisted VIP config is reserved first; new entries fill the lowest holes', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('f', { 'kuma.io/service': 'frontend' })}---\n${dataplane('b', { 'kuma.io/service': 'backend' })}---\n${dataplane('d', { 'kuma.io/service': 'database' })}//- vips.yaml\n` +
        `type: Config\nname: kuma-default-dns-vips\nconfig: '{"0:frontend":{"address":"240.0.0.0"},"0:backend":{"address":"240.0.0.1"}}'\n`,
    );
    assert.deepEqual(entryLines(r), ['service:backend 240.0.0.1 0/service', 'service:database 240.0.0.2 0/service', 'service:frontend 240.0.0.0 0/service']);
  });

  it('a VirtualOutbound that selects nothing is marked unnecessary', () => {
    const r = resolveFixture(
      `//- a.yaml\n${dataplane('a', { 'kuma.io/service': 'web' })}---\n` + virtualOutbound('none', { 'kuma.io/service': 'nothing-here' }, 'x.mesh', '80', [['svc', 'kuma.io/service']]),
    );
    const d = r.diagnostics.find((x) => x.code === 'selects-nothing')!;
    assert.equal(d.unnecessary, true);
    assert.equal(d.severity, 'information');
  });

  it('duplicate names in a mesh: the first by location is used', () => {
    const r = resolveFixture(`//- a.yaml\n${dataplane('a', { 'kuma.io/service': 'one' })}//- b.yaml\n${dataplane('a', { 'kuma.io/service': 'two' })}`);
    assert.deepEqual(entryLines(r), ['service:one 240.0.0.0 0/service']);
  });

  it('results do not depend on the order of files', () => {
    const files = [
      `//- a.yaml\n${dataplane('backend-2', { 'kuma.io/service': 'backend', version: 'v2' })}`,
      `//- b.yaml\n${dataplane('backend-1', { 'kuma.io/service': 'backend', version: 'v1' })}`,
      `//- c.yaml\n${virtualOutbound('byservice', { 'kuma.io/service': '*' }, '{{.svc}}.mesh', '80', [
        ['svc', 'kuma.io/service'],
        ['v', 'version'],
      ])}`,
    ];
    const one = resolveFixture(files.join(''));
    const two = resolveFixture([files[2], files[0], files[1]].join(''));
    assert.deepEqual(entryLines(one), entryLines(two));
    assert.deepEqual(one.diagnostics.map((d) => d.message).sort(), two.diagnostics.map((d) => d.message).sort());
  });
});
