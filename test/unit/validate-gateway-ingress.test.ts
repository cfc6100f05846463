// Kuma 2.1.7's MeshGateway and ZoneIngress validators, case for case from Kuma's own tests
// (gateway_validator_test.go, zone_ingress_validator_test.go). Each rejected case, with its place
// and `field: message` text, is a fixture (test/diagnostics/kuma-validation.gateway-*.yaml and
// kuma-validation.zone-ingress-*.yaml); what Kuma accepts stays here.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';

function violations(text: string): string[] {
  return analyzeFile('r.yaml', text)
    .diagnostics.filter((d) => d.code === 'kuma-validation')
    .map((d) => d.message);
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
});

const ingress = (rest: string) => `type: ZoneIngress\nname: zi-1\n${rest}`;
const services = 'availableServices:\n  - tags:\n      kuma.io/service: backend\n      version: "1"\n      region: us\n  - tags:\n      kuma.io/service: web\n      version: v2\n      region: eu\n';

describe("Kuma 2.1.7's ZoneIngress validator", () => {
  it('a valid ZoneIngress, and one without a mesh (it is global)', () => {
    assert.deepEqual(violations(ingress(`zone: east\nnetworking:\n  address: 192.168.0.1\n  advertisedAddress: 10.0.0.1\n  port: 10001\n  advertisedPort: 1234\n${services}`)), []);
  });
  it('the Kubernetes form is namespaced: its name is <name>.<namespace>', () => {
    const a = analyzeFile(
      'zi.yaml',
      `apiVersion: kuma.io/v1alpha1\nkind: ZoneIngress\nmetadata:\n  name: zi\n  namespace: kuma-system\nspec:\n  zone: east\n  networking:\n    address: 10.0.0.1\n    port: 10001\n  availableServices:\n    - mesh: default\n      tags:\n        kuma.io/service: web\n`,
    );
    assert.deepEqual(a.diagnostics, []);
    const zi = a.resources[0]!;
    assert.equal(zi.kind, 'ZoneIngress');
    assert.equal(zi.name, 'zi.kuma-system');
    assert.equal(zi.mesh, '');
  });
});
