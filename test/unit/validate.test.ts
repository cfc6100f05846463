import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';

/** Kuma validation messages of a single Universal VirtualOutbound document. */
function violations(body: string): string[] {
  const a = analyzeFile('vo.yaml', `type: VirtualOutbound\nmesh: default\nname: x\n${body}`);
  return a.diagnostics.filter((d) => d.code === 'kuma-validation').map((d) => d.message);
}

const svc = '    - name: svc\n      tagKey: kuma.io/service\n';
const selectors = 'selectors:\n  - match:\n      kuma.io/service: "*"\n';
const conf = (host: string, port: string, params = svc) => `conf:\n  host: '${host}'\n  port: '${port}'\n  parameters:\n${params}`;

// Each violation, with its place and text, is a fixture: test/diagnostics/kuma-validation.*.yaml.
// What stays here is what Kuma accepts: no fixture can say that a document has no diagnostic.
describe("Kuma 2.1's VirtualOutbound validator accepts", () => {
  it('a port template, which is only checked with "1": {{.svc}} passes validation', () => {
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '{{.svc}}')), []);
  });
  it('the valid examples', () => {
    assert.deepEqual(violations(selectors + conf('{{.service}}.mesh', '{{.port}}', '    - name: service\n      tagKey: kuma.io/service\n    - name: port\n      tagKey: kuma.io/port\n')), []);
    assert.deepEqual(violations(selectors + conf('foo.bar', '80', '    - name: service\n      tagKey: kuma.io/service\n')), []);
  });
});

describe('ExternalService validation accepts', () => {
  it('a host:port address', () => {
    const es = analyzeFile('es.yaml', 'type: ExternalService\nmesh: default\nname: e\ntags:\n  kuma.io/service: e\nnetworking:\n  address: "httpbin.org:443"\n');
    assert.deepEqual(
      es.diagnostics.map((d) => d.message),
      [],
    );
  });
});
