// Each Kuma version delta Mesh Lens models, as a workspace (test/fixtures/kuma-versions/<case>)
// resolved under the last version before the change and the first version with it. Expected
// texts and values follow Kuma's sources and tests at those tags (docs/kuma-versions.md).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace, WorkspaceResult } from '../../server/src/engine/analyze';
import { Dataplane } from '../../server/src/engine/resources/model';
import { IncrementalMeshView } from '../../server/src/engine/resolve/incrementalView';
import { buildMeshView, RenderCache } from '../../server/src/engine/resolve/view';
import { DEFAULT_SETTINGS, readCpConfig } from '../../server/src/engine/settings';
import { KUMA_VERSIONS, normalizeKumaVersion } from '../../server/src/engine/versions/kumaVersion';
import { toIndexOptions } from '../../server/src/workspace/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'kuma-versions');

function resolveCase(name: string, kumaVersion: string): WorkspaceResult {
  const dir = path.join(fixtures, name);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const analyses = files.map((f) => analyzeFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), kumaVersion));
  return resolveWorkspace(analyses, { settings: { ...DEFAULT_SETTINGS, kumaVersion } });
}

/** `type:name vip` per entry of a mesh, in Kuma's order. */
function entries(r: WorkspaceResult, mesh = 'default'): string[] {
  return r.meshes.find((m) => m.name === mesh)!.view.entries.map((e) => `${e.type}:${e.name} ${e.vip}`);
}

function messages(r: WorkspaceResult, code: string): string[] {
  return r.diagnostics.filter((d) => d.code === code).map((d) => d.message);
}

describe("Kuma versions: template error texts (2.5 quotes with '...', 2.6+ with Go %q)", () => {
  // 2.5 and 2.6, message for message with their places, and the render-time reason of each:
  // test/diagnostics/kuma-validation.template-errors-kuma-2-5.yaml and kuma-validation.template-errors-kuma-2-6.yaml.
  it('every version from 2.6 on quotes alike, every version before alike', () => {
    const port = (v: string) => messages(resolveCase('template-errors', v), 'kuma-validation')[3];
    for (const v of ['2.1', '2.2', '2.3', '2.4']) assert.equal(port(v), port('2.5'), v);
    for (const v of ['2.7', '2.9', '2.11', '2.12', '2.13', '2.14']) assert.equal(port(v), port('2.6'), v);
  });
});

describe('Kuma versions: inbound state (2.5)', () => {
  it('2.4 does not know `state`: the ignored inbound still gets its entries', () => {
    // The warning that names 2.5: test/diagnostics/unknown-field.inbound-state-kuma-2-4.yaml.
    const r = resolveCase('inbound-state', '2.4');
    assert.deepEqual(entries(r), ['service:shop 240.0.0.0', 'service:shop-admin 240.0.0.1', 'fqdn:shop-admin.internal.mesh 240.0.0.2', 'fqdn:shop.internal.mesh 240.0.0.3']);
  });

  it('2.5: an inbound with state Ignored gives neither its service VIP nor VirtualOutbound hostnames', () => {
    const r = resolveCase('inbound-state', '2.5');
    assert.deepEqual(messages(r, 'unknown-field'), []);
    assert.deepEqual(entries(r), ['service:shop 240.0.0.0', 'fqdn:shop.internal.mesh 240.0.0.1']);
  });

  it('the enum number 2 is Ignored too', () => {
    const text = fs.readFileSync(path.join(fixtures, 'inbound-state', 'mesh.yaml'), 'utf8').replace('state: Ignored', 'state: 2');
    const r = resolveWorkspace([analyzeFile('mesh.yaml', text, '2.14')], { settings: { ...DEFAULT_SETTINGS, kumaVersion: '2.14' } });
    assert.deepEqual(entries(r), ['service:shop 240.0.0.0', 'fqdn:shop.internal.mesh 240.0.0.1']);
  });
});

describe('Kuma versions: the reserved inbound port 49151 (2.7)', () => {
  it('2.6: an inbound on 49151 is an ordinary inbound', () => {
    assert.deepEqual(entries(resolveCase('reserved-port', '2.6')), ['service:batch 240.0.0.0', 'service:web 240.0.0.1', 'fqdn:batch.internal.mesh 240.0.0.2', 'fqdn:web.internal.mesh 240.0.0.3']);
  });

  it('2.7: it gives no entries', () => {
    assert.deepEqual(entries(resolveCase('reserved-port', '2.7')), ['service:web 240.0.0.0', 'fqdn:web.internal.mesh 240.0.0.1']);
  });
});

describe('Kuma versions: a Kubernetes pod no Service selects (service-less inbound on 49151)', () => {
  const text = [
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: worker\n  template:\n    metadata:\n      labels:\n        app: worker\n    spec:\n      containers:\n        - name: worker\n          image: worker\n',
  ].join('---\n');
  const resolveAt = (kumaVersion: string) => resolveWorkspace([analyzeFile('shop.yaml', text, kumaVersion)], { settings: { ...DEFAULT_SETTINGS, kumaVersion } });

  it('2.6: its Dataplane has the 49151 inbound, and the service gets a VIP', () => {
    const r = resolveAt('2.6');
    assert.equal(r.derivedDataplanes[0]!.inbounds[0]!.port, 49151);
    assert.deepEqual(entries(r), ['service:worker_shop_svc 240.0.0.0']);
  });

  it('2.7: the same Dataplane, but the reserved port keeps it out of the VIP view', () => {
    const r = resolveAt('2.7');
    assert.equal(r.derivedDataplanes[0]!.inbounds[0]!.port, 49151);
    assert.deepEqual(entries(r), []);
  });
});

describe('Kuma versions: inbounds without tags, dataplanes without inbounds (2.14)', () => {
  it('2.13: both are refused by the Dataplane validator, so only the tagged one counts', () => {
    // The refusals: test/diagnostics/kuma-validation.untagged-inbound-kuma-2-13.yaml.
    const r = resolveCase('untagged-inbound', '2.13');
    assert.deepEqual(entries(r), ['service:web 240.0.0.0']);
  });

  it('2.14: both are valid, and the untagged inbound gets no service VIP', () => {
    const r = resolveCase('untagged-inbound', '2.14');
    assert.deepEqual(messages(r, 'kuma-validation'), []);
    assert.deepEqual(entries(r), ['service:web 240.0.0.0']);
  });

  it('the view: before 2.14 an inbound without kuma.io/service makes a service entry named ""; from 2.14 none', () => {
    const text = fs.readFileSync(path.join(fixtures, 'untagged-inbound', 'mesh.yaml'), 'utf8');
    const dataplanes = analyzeFile('mesh.yaml', text, '2.14').resources.filter((r): r is Dataplane => r.kind === 'Dataplane' && !r.rejected);
    assert.equal(dataplanes.length, 3);
    for (const [kumaVersion, names] of [
      ['2.13', ['service:', 'service:web']],
      ['2.14', ['service:web']],
    ] as const) {
      const input = { mesh: 'default', dataplanes, externalServices: [], virtualOutbounds: [], serviceVipEnabled: true, kumaVersion };
      assert.deepEqual(
        buildMeshView(input).entries.map((e) => `${e.type}:${e.name}`),
        names,
        `buildMeshView ${kumaVersion}`,
      );
      const incremental = new IncrementalMeshView(new RenderCache(), { ...DEFAULT_SETTINGS, kumaVersion }).update({
        ...input,
        dataplanes: new Set(dataplanes),
        externalServices: new Set(),
        persisted: [],
      });
      assert.deepEqual(
        incremental.view.entries.map((e) => `${e.type}:${e.name}`),
        names,
        `IncrementalMeshView ${kumaVersion}`,
      );
    }
  });
});

describe('Kuma versions: persisted addresses outside the CIDR (2.7 one pass, 2.11 skipped)', () => {
  // The problem, per version and platform: test/diagnostics/invalid-vip-config.outside-cidr-*.yaml.
  it('2.6: the entry is allocated as if it were not persisted', () => {
    const r = resolveCase('reserve-outside-cidr', '2.6');
    assert.deepEqual(entries(r), ['service:api 240.0.0.5', 'service:web 240.0.0.0']);
  });

  it('2.11: the address is skipped without a problem and the entry takes the lowest free one', () => {
    for (const name of ['reserve-outside-cidr', 'reserve-outside-cidr-kubernetes']) {
      const r = resolveCase(name, '2.11');
      assert.deepEqual(messages(r, 'invalid-vip-config'), [], name);
      assert.deepEqual(entries(r), ['service:api 240.0.0.5', 'service:web 240.0.0.0'], name);
    }
  });

  // 2.11 still refuses an address reserved twice: test/diagnostics/invalid-vip-config.reserved-twice-kuma-2-11.yaml.
});

describe('Kuma versions: Universal name rules (2.5 RFC 1123 names, 2.10 no more legacy updates)', () => {
  // 2.4, 2.5 and 2.10, with their places: test/diagnostics/kuma-validation.names-kuma-*.yaml and
  // kuma-validation.name-longer-than-253-kuma-2-5.yaml.
  it('2.4: a name longer than 253 characters passes', () => {
    const text = `type: Mesh\nname: ${'a'.repeat(254)}\n`;
    assert.deepEqual(analyzeFile('m.yaml', text, '2.4').diagnostics, []);
  });
});

describe('Kuma versions: gateway dataplane tags (2.12 protocol parsing, 2.14 optional tags)', () => {
  const problems = (kumaVersion: string) => messages(resolveCase('gateway-tags', kumaVersion), 'kuma-validation');
  const badKey = 'networking.gateway.tags["bad key"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores';

  // 2.11 and 2.12, with their places: test/diagnostics/kuma-validation.gateway-tags-kuma-2-11.yaml and -2-12.yaml.
  it('2.14: a gateway without tags needs no kuma.io/service (2.13 still requires it)', () => {
    assert.deepEqual(problems('2.13'), problems('2.12'));
    assert.deepEqual(problems('2.14'), ['networking.gateway.tags["kuma.io/protocol"]: other values than tcp are not allowed, provided value "http"', badKey]);
  });
});

describe('Kuma versions: an ExternalService named like its host (2.6)', () => {
  it('2.5 accepts it: a service entry and a host entry of the same name', () => {
    const r = resolveCase('external-service-host', '2.5');
    assert.deepEqual(messages(r, 'kuma-validation'), []);
    assert.deepEqual(entries(r), ['service:httpbin.org 240.0.0.0', 'host:httpbin.org 240.0.0.1']);
  });

  it('2.6 refuses it, so it adds nothing', () => {
    // The refusal: test/diagnostics/kuma-validation.external-service-named-like-host-kuma-2-6.yaml.
    const r = resolveCase('external-service-host', '2.6');
    assert.deepEqual(entries(r), []);
  });
});

describe('Kuma versions: the tag-first persisted VIP format (2.3)', () => {
  it('2.2 cannot read it: the config is reported and VIPs are allocated afresh', () => {
    // The report: test/diagnostics/invalid-vip-config.tag-first-format-kuma-2-2.yaml.
    const r = resolveCase('tag-first-vips', '2.2');
    assert.deepEqual(entries(r), ['service:backend 240.0.0.0', 'fqdn:v1.backend.mesh 240.0.0.1']);
  });

  it('2.3 reads it and keeps the persisted addresses', () => {
    const r = resolveCase('tag-first-vips', '2.3');
    assert.deepEqual(messages(r, 'invalid-vip-config'), []);
    assert.deepEqual(entries(r), ['service:backend 240.0.0.7', 'fqdn:v1.backend.mesh 240.0.0.9']);
  });
});

describe('Kuma versions: fields added or removed after 2.1', () => {
  /** The unknown-field warnings of the schema-fields workspace, by field path. */
  function unknown(kumaVersion: string): string[] {
    return messages(resolveCase('schema-fields', kumaVersion), 'unknown-field').map((m) => m.slice(0, m.indexOf(': ')));
  }
  const fields: [string, { since?: string; until?: string }][] = [
    ['skipCreatingInitialPolicies', { since: '2.3' }],
    ['networking.outbound[1].service', { until: '2.4' }],
    ['networking.inbound[0].state', { since: '2.5' }],
    ['labels', { since: '2.6' }],
    ['networking.outbound[0].backendRef', { since: '2.7' }],
    ['networking.transparentProxying.ipFamilyMode', { since: '2.7' }],
    ['networking.inbound[0].name', { since: '2.8' }],
    ['meshServices', { since: '2.9' }],
    ['networking.transparentProxying.reachableBackends', { since: '2.9' }],
    ['networking.transparentProxying.redirectPortInboundV6', { until: '2.9' }],
    ['networking.inbound[0].protocol', { since: '2.14' }],
    ['networking.listeners', { since: '2.14' }],
  ];
  const before = (v: string) => `2.${Number(v.split('.')[1]) - 1}`;

  for (const [field, { since, until }] of fields) {
    const change = (since ?? until)!;
    it(`${field}: ${since ? 'added' : 'removed'} in ${change}`, () => {
      assert.equal(unknown(before(change)).includes(field), since !== undefined, `${field} in ${before(change)}`);
      assert.equal(unknown(change).includes(field), until !== undefined, `${field} in ${change}`);
    });
  }

  it('the warning names the version set and the version that added or removed the field', () => {
    const r = resolveCase('schema-fields', '2.8');
    const all = messages(r, 'unknown-field');
    assert.ok(all.includes('networking.transparentProxying.reachableBackends: unknown field "reachableBackends" in Kuma 2.8 (added in Kuma 2.9): Kuma ignores it on apply'), all.join('\n'));
    assert.ok(all.includes('networking.outbound[1].service: unknown field "service" in Kuma 2.8 (removed in Kuma 2.4): Kuma ignores it on apply'), all.join('\n'));
  });

  it('a field unknown in the version is not read: 2.4 reads no state, so the inbound stays in the view', () => {
    const r = resolveCase('inbound-state', '2.4');
    const dp = r.resources.find((x): x is Dataplane => x.kind === 'Dataplane')!;
    assert.equal(dp.inbounds[1]!.ignored, undefined);
  });
});

describe('Kuma versions: completion offers the fields the version knows', () => {
  const fieldsAt = (fixture: string, kumaVersion: string) => {
    const f = loadFixture(fixture, { settings: { ...DEFAULT_SETTINGS, kumaVersion } });
    return ls
      .doComplete(f.snapshot, f.uri, f.position)
      .items.map((i) => i.label)
      .sort();
  };
  const inbound = '//- dp.yaml\ntype: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      $0\n';
  const tp = '//- dp.yaml\ntype: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  transparentProxying:\n    $0\n';

  it('inbound fields: state from 2.5, name from 2.8, protocol from 2.14', () => {
    const common = ['address', 'health', 'port', 'serviceAddress', 'servicePort', 'serviceProbe', 'tags'];
    assert.deepEqual(fieldsAt(inbound, '2.4'), common);
    assert.deepEqual(fieldsAt(inbound, '2.5'), [...common, 'state'].sort());
    assert.deepEqual(fieldsAt(inbound, '2.14'), [...common, 'name', 'protocol', 'state'].sort());
  });

  it('transparent proxying: redirectPortInboundV6 until 2.8, reachableBackends from 2.9', () => {
    const common = ['directAccessServices', 'reachableServices', 'redirectPortInbound', 'redirectPortOutbound'];
    assert.deepEqual(fieldsAt(tp, '2.8'), [...common, 'ipFamilyMode', 'redirectPortInboundV6'].sort());
    assert.deepEqual(fieldsAt(tp, '2.9'), [...common, 'ipFamilyMode', 'reachableBackends'].sort());
  });
});

describe('Kuma versions: hover on an inbound the view leaves out', () => {
  const text = fs.readFileSync(path.join(fixtures, 'inbound-state', 'mesh.yaml'), 'utf8');
  const hoverAt = (marker: string, kumaVersion: string) => {
    const fixture = `//- mesh.yaml\n${text.replace(marker, `$0${marker}`)}`;
    const f = loadFixture(fixture, { settings: { ...DEFAULT_SETTINGS, kumaVersion } });
    const h = ls.doHover(f.snapshot, f.uri, f.position);
    return h ? (h.contents as { value: string }).value : '';
  };

  it('2.5: the Ignored inbound says why no hostname reaches it', () => {
    assert.match(hoverAt('port: 9901', '2.5'), /No hostname reaches this inbound: Kuma 2\.5 leaves it out of the VIP view: its state is Ignored\./);
  });

  it('2.4: the same inbound has its hostnames', () => {
    const h = hoverAt('port: 9901', '2.4');
    assert.match(h, /shop-admin\.internal\.mesh/);
    assert.doesNotMatch(h, /leaves it out/);
  });

  it('2.5: a selector hover does not count the Ignored inbound', () => {
    const h = hoverAt('kuma.io/service: "*"', '2.5');
    assert.match(h, /Matches 1 inbound:/);
    assert.equal(hoverAt('kuma.io/service: "*"', '2.4').includes('Matches 2 inbounds:'), true);
  });
});

describe('Kuma versions: kinds added after 2.1 are Kuma resources, left alone', () => {
  for (const v of ['2.1', '2.14']) {
    it(`${v}: MeshService, MeshExternalService, MeshMultiZoneService, HostnameGenerator and policies give no diagnostic`, () => {
      const r = resolveCase('later-kinds', v);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.file !== 'broken.yaml').map((d) => `${d.file}: ${d.code} ${d.message}`),
        [],
      );
      assert.deepEqual(
        r.meshes.map((m) => m.name),
        [],
      );
    });
  }

  it('a Universal MeshService with broken YAML is recognised as Kuma, so its syntax error is reported', () => {
    const r = resolveCase('later-kinds', '2.9');
    const codes = r.diagnostics.filter((d) => d.file === 'broken.yaml').map((d) => d.code);
    assert.ok(codes.length > 0);
    assert.deepEqual(new Set(codes), new Set(['yaml-syntax']));
  });
});

describe('Kuma versions: the setting and its plumbing', () => {
  it('every minor from 2.1 to 2.14 is accepted; a patch counts as its minor; anything else is refused', () => {
    assert.deepEqual([...KUMA_VERSIONS], ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14']);
    assert.equal(normalizeKumaVersion('2.6.3'), '2.6');
    assert.equal(normalizeKumaVersion('v2.14.3'), '2.14');
    for (const bad of ['2.0', '2.15', '3.0', '2', 'latest', '2.6.x', '']) assert.equal(normalizeKumaVersion(bad), undefined, bad);
  });

  it('the kuma-cp config: 2.14 refuses a DNS domain that starts with a dot; Kuma reports its first error only', () => {
    const config = 'dnsServer:\n  domain: .mesh\n  CIDR: not-a-cidr\n';
    const problems = (kumaVersion: string) => readCpConfig(config, { ...DEFAULT_SETTINGS, kumaVersion }).problems.map((p) => `${p.field}: ${p.message}`);
    assert.deepEqual(problems('2.13'), ['dnsServer.CIDR: CIDR must be valid']);
    assert.deepEqual(problems('2.14'), ['dnsServer.domain: domain must not start with a dot']);
    const o = toIndexOptions({ kumaVersion: '2.14' }, { file: 'kuma-cp.yaml', text: 'dnsServer:\n  domain: .mesh\n' });
    assert.deepEqual(o.settingsProblems, [{ file: 'kuma-cp.yaml', message: 'dnsServer.domain: domain must not start with a dot' }]);
    assert.deepEqual(toIndexOptions({ kumaVersion: '2.13' }, { file: 'kuma-cp.yaml', text: 'dnsServer:\n  domain: .mesh\n' }).settingsProblems, []);
  });

  it('meshLens.kumaVersion sets the engine settings and the Kubernetes options alike; an unknown value falls back to 2.1', () => {
    const o = toIndexOptions({ kumaVersion: '2.12' });
    assert.equal(o.settings.kumaVersion, '2.12');
    assert.equal(o.kubernetes.kumaVersion, '2.12');
    assert.equal(toIndexOptions({ kumaVersion: '9.9' }).settings.kumaVersion, '2.1');
  });

  it('the Kubernetes derivation follows the settings version (kuma.io/zone from 2.6)', () => {
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web\n          ports:\n            - containerPort: 8080\n',
    ].join('---\n');
    const zoneOf = (kumaVersion: string) => {
      const r = resolveWorkspace([analyzeFile('shop.yaml', text, kumaVersion)], { settings: { ...DEFAULT_SETTINGS, kumaVersion } });
      assert.equal(r.derivedDataplanes.length, 1, kumaVersion);
      return r.derivedDataplanes[0]!.inbounds[0]!.tags['kuma.io/zone'];
    };
    assert.equal(zoneOf('2.5'), undefined);
    assert.equal(zoneOf('2.6'), 'default');
  });

  it('the live index analyses files again when the version changes', () => {
    const index = new WorkspaceIndex([{ uri: 'file:///ws', name: 'ws' }]);
    const dir = path.join(fixtures, 'inbound-state');
    index.setDisk('file:///ws/mesh.yaml', fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf8'));
    index.setOptions(toIndexOptions({ kumaVersion: '2.4' }));
    const codes = () => index.snapshot().diagnostics.map((d) => d.code);
    assert.deepEqual(codes(), ['unknown-field']);
    index.setOptions(toIndexOptions({ kumaVersion: '2.5' }));
    assert.deepEqual(codes(), []);
    const view = index.snapshot().result.meshes[0]!.view;
    assert.deepEqual(
      view.entries.map((e) => e.name),
      ['shop', 'shop.internal.mesh'],
    );
  });
});

describe('Kuma versions: the CLI flag', () => {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: path.join(fixtures, 'inbound-state'), encoding: 'utf8' });

  it('--kuma-version 2.4 and 2.5 resolve the same workspace by their own rules', () => {
    assert.ok(fs.existsSync(cli), 'build first: npm run build');
    const names = (v: string) => {
      const r = run(['resolve', '--format', 'json', '--kuma-version', v, '.']);
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { meshes: { entries: { name: string }[] }[] }).meshes[0]!.entries.map((e) => e.name);
    };
    assert.deepEqual(names('2.4'), ['shop', 'shop-admin', 'shop-admin.internal.mesh', 'shop.internal.mesh']);
    assert.deepEqual(names('2.5.11'), ['shop', 'shop.internal.mesh']);
  });

  it('an unsupported version is a usage error naming the supported ones', () => {
    const r = run(['check', '--kuma-version', '2.15', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--kuma-version must be one of 2\.1, 2\.2, .*2\.13, 2\.14/);
  });
});
