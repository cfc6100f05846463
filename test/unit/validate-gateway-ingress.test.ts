// Kuma 2.1.7's MeshGateway and ZoneIngress validators, case for case from Kuma's own tests
// (gateway_validator_test.go, zone_ingress_validator_test.go), as `field: message` lines.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';

function violations(text: string): string[] {
  return analyzeFile('r.yaml', text).diagnostics.filter((d) => d.code === 'kuma-validation').map((d) => d.message);
}

const gateway = (rest: string) => `type: MeshGateway\nname: gateway\nmesh: default\n${rest}`;
const selector = 'selectors:\n  - match:\n      kuma.io/service: gateway\n';
const edge = 'tags:\n  product: edge\n';

describe("Kuma 2.1.7's MeshGateway validator", () => {
  const valid: Array<[string, string]> = [
    ['HTTPS listener', `${selector}${edge}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTP\n    tags:\n      name: https\n`],
    ['HTTPS listener without tags', `${selector}${edge}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTP\n`],
    ['crossMesh, HTTP, with hostname', `${selector}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    crossMesh: true\n    protocol: HTTP\n`],
    ['crossMesh with no hostname', `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTP\n    port: 99\n    crossMesh: true\n    tags:\n      name: http\n`],
    [
      'listeners with connectionLimits',
      `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTP\n    hostname: one.com\n    port: 99\n    resources:\n      connectionLimit: 2\n  - protocol: HTTP\n    hostname: two.com\n    port: 99\n    resources:\n      connectionLimit: 2\n`,
    ],
  ];
  for (const [name, body] of valid) {
    it(`valid: ${name}`, () => assert.deepEqual(violations(gateway(body)), []));
  }

  const invalid: Array<[string, string, string[]]> = [
    ["doesn't have any selectors", `selectors:\n${edge}conf:\n  listeners:\n  - port: 443\n    protocol: HTTPS\n    tls:\n      mode: PASSTHROUGH\n    tags:\n      name: https\n`, ['selectors: must have at least one element']],
    ['has a service tag', `${selector}${edge}  kuma.io/service: gateway\nconf:\n  listeners:\n  - port: 443\n    protocol: HTTP\n    tags:\n      name: https\n`, ['tags["kuma.io/service"]: tag name must not be "kuma.io/service"']],
    ["doesn't have a configuration spec", `${selector}${edge}conf:\n`, ['conf: cannot be empty']],
    ['has an invalid port', `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTP\n    tags:\n      name: https\n`, ['conf.listeners[0].port: port must be in the range [1, 65535]']],
    ['has an empty protocol', `${selector}${edge}conf:\n  listeners:\n  - port: 99\n    tags:\n      name: https\n`, ['conf.listeners[0].protocol: cannot be empty']],
    ['has an empty TLS mode', `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      options:\n`, ['conf.listeners[0].tls.mode: cannot be empty']],
    [
      'has a passthrough TLS secret',
      `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      mode: PASSTHROUGH\n      certificates:\n      - secret: foo\n`,
      ['conf.listeners[0].tls.certificates: must be empty in TLS passthrough mode'],
    ],
    ['is missing a TLS termination secret', `${selector}${edge}conf:\n  listeners:\n  - protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      mode: TERMINATE\n`, ['conf.listeners[0].tls.certificates: cannot be empty in TLS termination mode']],
    ['has an invalid wildcard', `${selector}${edge}conf:\n  listeners:\n  - hostname: "*.foo.*.example.com"\n    protocol: HTTP\n    port: 99\n    tags:\n      name: https\n`, ['conf.listeners[0].hostname: invalid wildcard domain']],
    ['has an invalid hostname', `${selector}${edge}conf:\n  listeners:\n  - hostname: "foo.example$.com"\n    protocol: HTTP\n    port: 99\n    tags:\n      name: https\n`, ['conf.listeners[0].hostname: invalid hostname']],
    ['crossMesh and HTTPS', `${selector}${edge}conf:\n  listeners:\n  - hostname: "foo.example.com"\n    protocol: HTTPS\n    port: 99\n    crossMesh: true\n    tags:\n      name: https\n`, ['conf.listeners[0].protocol: protocol is not supported with crossMesh']],
    [
      'crossMesh and multiple services',
      `selectors:\n  - match:\n      kuma.io/service: gateway\n  - match:\n      kuma.io/service: other-gateway\nconf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    crossMesh: true\n    protocol: HTTP\n`,
      ['selectors[1]: there can be at most one selector'],
    ],
    [
      'protocol conflict',
      `${selector}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n  - hostname: www-2.example.com\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: PASSTHROUGH\n`,
      ['conf.listeners[0]: protocol conflicts with other listeners on this port', 'conf.listeners[1]: protocol conflicts with other listeners on this port'],
    ],
    [
      'hostname conflict',
      `${selector}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n`,
      ['conf.listeners[0]: multiple listeners for hostname on this port', 'conf.listeners[1]: multiple listeners for hostname on this port'],
    ],
    [
      'hostname, protocol and resource conflict',
      `${selector}conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n    resources:\n      connectionLimit: 2\n  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: PASSTHROUGH\n    resources:\n      connectionLimit: 1\n`,
      [
        'conf.listeners[0]: protocol conflicts with other listeners on this port',
        'conf.listeners[1]: protocol conflicts with other listeners on this port',
        'conf.listeners[0]: multiple listeners for hostname on this port',
        'conf.listeners[1]: multiple listeners for hostname on this port',
        'conf.listeners[0].resources.connectionLimit: conflicting values for this port',
        'conf.listeners[1].resources.connectionLimit: conflicting values for this port',
      ],
    ],
  ];
  for (const [name, body, expected] of invalid) {
    it(`invalid: ${name}`, () => assert.deepEqual(violations(gateway(body)), expected));
  }

  it('an empty hostname is the wildcard when listeners share a port', () => {
    const body = `${selector}conf:\n  listeners:\n  - port: 80\n    protocol: HTTP\n  - hostname: "*"\n    port: 80\n    protocol: HTTP\n`;
    assert.deepEqual(violations(gateway(body)), ['conf.listeners[0]: multiple listeners for hostname on this port', 'conf.listeners[1]: multiple listeners for hostname on this port']);
  });

  it('the Kubernetes form roots the fields at spec', () => {
    const text = `apiVersion: kuma.io/v1alpha1\nkind: MeshGateway\nmesh: default\nmetadata:\n  name: gw\nspec:\n  selectors:\n    - match:\n        kuma.io/service: gw\n  conf:\n    listeners:\n    - port: 80\n      protocol: UDP\n`;
    assert.deepEqual(violations(text), ['spec.conf.listeners[0].protocol: protocol type is not supported']);
  });
});

const ingress = (rest: string) => `type: ZoneIngress\nname: zi-1\n${rest}`;
const services = 'availableServices:\n  - tags:\n      kuma.io/service: backend\n      version: "1"\n      region: us\n  - tags:\n      kuma.io/service: web\n      version: v2\n      region: eu\n';

describe("Kuma 2.1.7's ZoneIngress validator", () => {
  it('no port defined', () => {
    assert.deepEqual(violations(ingress(`networking:\n  address: 192.168.0.1\n  advertisedAddress: 10.0.0.1\n  advertisedPort: 1234\n${services}`)), ['networking.port: port must be in the range [1, 65535]']);
  });
  it('invalid advertised address, port and available service', () => {
    const more = '  - tags:\n      version: v2\n      region: eu\n  - tags:\n      kuma.io/service: ""\n  - tags:\n      version: ""\n';
    assert.deepEqual(violations(ingress(`networking:\n  address: 192.168.0.1\n  advertisedAddress: "!@#"\n  port: 10001\n  advertisedPort: 100000\n${services}${more}`)), [
      'networking.advertisedAddress.address: address has to be valid IP address or domain name',
      'networking.advertisedPort: port must be in the range [1, 65535]',
      'availableService[2].tags: mandatory tag "kuma.io/service" is missing',
      'availableService[3].tags["kuma.io/service"]: tag value must be non-empty',
      'availableService[4].tags["version"]: tag value must be non-empty',
      'availableService[4].tags: mandatory tag "kuma.io/service" is missing',
    ]);
  });
  it('admin port equal to port', () => {
    assert.deepEqual(violations(ingress(`networking:\n  admin:\n    port: 10001\n  address: 127.0.0.1\n  advertisedAddress: 10.0.0.1\n  port: 10001\n  advertisedPort: 1234\n${services}`)), ['networking.admin.port: must differ from port']);
  });
  it('a valid ZoneIngress, and one without a mesh (it is global)', () => {
    assert.deepEqual(violations(ingress(`zone: east\nnetworking:\n  address: 192.168.0.1\n  advertisedAddress: 10.0.0.1\n  port: 10001\n  advertisedPort: 1234\n${services}`)), []);
  });
  it('the Kubernetes form is namespaced: its name is <name>.<namespace>', () => {
    const a = analyzeFile('zi.yaml', `apiVersion: kuma.io/v1alpha1\nkind: ZoneIngress\nmetadata:\n  name: zi\n  namespace: kuma-system\nspec:\n  zone: east\n  networking:\n    address: 10.0.0.1\n    port: 10001\n  availableServices:\n    - mesh: default\n      tags:\n        kuma.io/service: web\n`);
    assert.deepEqual(a.diagnostics, []);
    const zi = a.resources[0]!;
    assert.equal(zi.kind, 'ZoneIngress');
    assert.equal(zi.name, 'zi.kuma-system');
    assert.equal(zi.mesh, '');
  });
});
