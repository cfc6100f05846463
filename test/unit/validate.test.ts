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

describe("Kuma 2.1's VirtualOutbound validator", () => {
  it('an empty resource: no selectors, no conf', () => {
    assert.deepEqual(violations(''), ['selectors: must have at least one element', 'conf: has to be defined']);
  });
  it('an empty match', () => {
    assert.deepEqual(violations(`selectors:\n  - match: {}\n${conf('{{.svc}}.mesh', '80')}`), ['selectors[0].match: must have at least one tag']);
  });
  it('empty tag values, keys in sorted order, Go-quoted', () => {
    assert.deepEqual(violations(`selectors:\n  - match:\n      region: ""\n      kuma.io/service: ""\n${conf('{{.svc}}.mesh', '80')}`), [
      'selectors[0].match["kuma.io/service"]: tag value must be non-empty',
      'selectors[0].match["region"]: tag value must be non-empty',
    ]);
  });
  it('only a bare * is a wildcard', () => {
    assert.deepEqual(violations(`selectors:\n  - match:\n      kuma.io/service: "back*"\n${conf('{{.svc}}.mesh', '80')}`), [
      'selectors[0].match["kuma.io/service"]: tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
    ]);
  });
  it('an invalid tag name in a selector', () => {
    assert.deepEqual(violations(`selectors:\n  - match:\n      "bad key": x\n${conf('{{.svc}}.mesh', '80')}`), [
      'selectors[0].match["bad key"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
    ]);
  });
  it('undefined functions in host and port quote Go\'s parse error', () => {
    assert.deepEqual(violations(selectors + conf('foo.{{mesh', '{{port')), [
      `conf.host: template pre evaluation failed with error='failed compiling gotemplate error='template: :1: function "mesh" not defined''`,
      `conf.port: template pre evaluation failed with error='failed compiling gotemplate error='template: :1: function "port" not defined''`,
    ]);
  });
  it('a port that is not a number, rendered with the dummy value 1', () => {
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '{{.port}}a', svc + '    - name: port\n      tagKey: kuma.io/port\n')), [
      `conf.port: template pre evaluation failed with error='evaluation of template with parameters didn't evaluate to a parsable number result='1a''`,
    ]);
  });
  it('a port out of range', () => {
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80000')), [
      `conf.port: template pre evaluation failed with error='evaluation of template returned a port outside of the range [1..65535] result='80000''`,
    ]);
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '{{.p}}00000', svc + '    - name: p\n      tagKey: kuma.io/port\n')), [
      `conf.port: template pre evaluation failed with error='evaluation of template returned a port outside of the range [1..65535] result='100000''`,
    ]);
  });
  it('a host that is not a DNS name', () => {
    assert.deepEqual(violations(selectors + conf('foo()bar', '80')), [
      `conf.host: template pre evaluation failed with error='evaluation of template with parameters didn't return a valid dns name result='foo()bar''`,
    ]);
  });
  it('a host reading an undeclared parameter renders <no value>', () => {
    assert.deepEqual(violations(selectors + conf('{{.nope}}.mesh', '80')), [
      `conf.host: template pre evaluation failed with error='evaluation of template with parameters didn't return a valid dns name result='<no value>.mesh''`,
    ]);
  });
  it('a port template is only checked with "1": {{.svc}} passes validation', () => {
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '{{.svc}}')), []);
  });
  it('parameter rules, in Kuma\'s order', () => {
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: x\n      tagKey: "***"\n')), ['conf.parameters[1].tagKey: must be a valid tag name']);
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: "_"\n      tagKey: version\n')), [
      'conf.parameters[1].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ]);
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: ""\n      tagKey: version\n')), [
      'conf.parameters[1].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ]);
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: svc\n      tagKey: version\n')), ['conf.parameters[1].name: name is already used']);
    // A name that is a valid tag name but not alphanumeric: only the alphanumeric rule fires.
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: kuma.io/port\n')), [
      'conf.parameters[1].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ]);
    assert.deepEqual(violations(selectors + conf('{{.svc}}.mesh', '80', svc + '    - name: "a b"\n')), [
      'conf.parameters[1].name: must be a valid tag name if you are not setting tagKey',
      'conf.parameters[1].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ]);
  });
  it('only an explicit tagKey kuma.io/service counts', () => {
    assert.deepEqual(violations(selectors + conf('foo.bar', '80', '    - name: foo\n      tagKey: kuma.io/port\n')), ['conf.parameters: must contain a parameter with kuma.io/service as a tagKey']);
    assert.deepEqual(violations(selectors + conf('{{.service}}.mesh', '80', '    - name: service\n')), ['conf.parameters: must contain a parameter with kuma.io/service as a tagKey']);
  });
  it('accepts the valid examples', () => {
    assert.deepEqual(violations(selectors + conf('{{.service}}.mesh', '{{.port}}', '    - name: service\n      tagKey: kuma.io/service\n    - name: port\n      tagKey: kuma.io/port\n')), []);
    assert.deepEqual(violations(selectors + conf('foo.bar', '80', '    - name: service\n      tagKey: kuma.io/service\n')), []);
  });
  it('prefixes spec. in the Kubernetes form and reports on the field line', () => {
    const text = 'apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: x\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "{{.svc}}.big"\n    port: "80000"\n    parameters:\n      - name: svc\n        tagKey: kuma.io/service\n';
    const a = analyzeFile('k.yaml', text);
    assert.equal(a.diagnostics.length, 1);
    assert.match(a.diagnostics[0]!.message, /^spec\.conf\.port: /);
    assert.equal(a.parsed.lines.positionAt(a.diagnostics[0]!.span[0]).line, 11);
  });
  it('the Kubernetes form reads only the top-level mesh field: no default, no label', () => {
    const a = analyzeFile('k.yaml', `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmetadata:\n  name: x\n  labels:\n    kuma.io/mesh: default\nspec:\n  ${selectors.replace(/\n/g, '\n  ')}${conf('{{.svc}}.mesh', '80').replace(/\n/g, '\n  ').replace(/^/, '')}`);
    assert.deepEqual(a.diagnostics.map((d) => d.message), ['mesh: cannot be empty']);
  });
  it('Universal requires a mesh', () => {
    const a = analyzeFile('u.yaml', `type: VirtualOutbound\nname: x\n${selectors}${conf('{{.svc}}.mesh', '80')}`);
    assert.deepEqual(a.diagnostics.map((d) => d.message), ['mesh: cannot be empty']);
  });
});

describe('Dataplane and ExternalService validation', () => {
  const dp = (networking: string) => analyzeFile('dp.yaml', `type: Dataplane\nmesh: default\nname: d\nnetworking:\n${networking}`).diagnostics.map((d) => d.message);
  it('requires kuma.io/service on an inbound', () => {
    assert.deepEqual(dp('  address: 10.0.0.1\n  inbound:\n    - port: 80\n      tags:\n        version: v1\n'), ['networking.inbound[0].tags["kuma.io/service"]: tag has to exist']);
  });
  it('checks inbound tag values (no slashes) and ports', () => {
    assert.deepEqual(dp('  address: 10.0.0.1\n  inbound:\n    - port: 0\n      tags:\n        kuma.io/service: a/b\n'), [
      'networking.inbound[0].port: port must be in the range [1, 65535]',
      'networking.inbound[0].tags["kuma.io/service"]: tag value must consist of alphanumeric characters, dots, dashes and underscores',
    ]);
  });
  it('requires an inbound or a gateway, and an address', () => {
    assert.deepEqual(dp('  address: ""\n'), ['networking: has to contain at least one inbound interface or gateway', "networking.address: address can't be empty"]);
  });
  it('checks the external service address', () => {
    const es = (address: string) =>
      analyzeFile('es.yaml', `type: ExternalService\nmesh: default\nname: e\ntags:\n  kuma.io/service: e\nnetworking:\n  address: "${address}"\n`).diagnostics.map((d) => d.message);
    assert.deepEqual(es('httpbin.org:443'), []);
    assert.deepEqual(es('httpbin.org'), ['networking.address: unable to parse address']);
    assert.deepEqual(es('httpbin.org:x'), ['networking.address: unable to parse port in address']);
    assert.deepEqual(es('httpbin.org:70000'), ['networking.address: port must be in the range [1, 65535]']);
  });
});
