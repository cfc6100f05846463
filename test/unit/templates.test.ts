// Templates are templates: `kuma-dp run --dataplane-var` / `kumactl apply --var` placeholders
// (Kuma's pkg/util/template, hoisie/mustache: `{{ name }}` escaped, `{{{ name }}}` raw) are
// unknown values, and Helm chart templates are not read at all.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { chartFolders, isHelmTemplate } from '../../server/src/engine/templates/helm';
import { findPlaceholders, maskPlaceholders } from '../../server/src/engine/templates/placeholders';
import { getLanguageService } from '../../server/src/features/languageService';
import { WorkspaceIndex } from '../../server/src/workspace';
import { runCli } from '../helpers/arbitraries';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

// The `--var` placeholders (another tool's Go actions are tested on their own below).
const names = (text: string) =>
  findPlaceholders(text)
    .filter((p) => !p.go)
    .map((p) => p.name);

// The shape of the Kuma documentation's Dataplane template for `kuma-dp run --dataplane-var`.
const DATAPLANE_TEMPLATE = `type: Dataplane
mesh: default
name: {{ name }}
networking:
  address: {{ address }}
  inbound:
    - port: {{ port }}
      servicePort: 8080
      tags:
        kuma.io/service: backend
        kuma.io/protocol: http
`;

function diagnostics(files: Record<string, string>) {
  return resolveWorkspace(Object.entries(files).map(([f, t]) => analyzeFile(f, t))).diagnostics;
}

describe('placeholder recognition', () => {
  it('finds {{ name }}, {{name}}, {{{ name }}} and dotted names, quoted, plain, in flow collections and inside a value', () => {
    const text = 'a: {{ name }}\nb: "{{address}}"\nc: {{{ raw_value }}}\nd: dp-{{ inbound.port }}-x\ne: [ {{ first }} ]\nf: \'{{ q }}\'\n';
    assert.deepEqual(names(text), ['name', 'address', 'raw_value', 'inbound.port', 'first', 'q']);
    for (const p of findPlaceholders(text)) {
      const src = text.slice(p.span[0], p.span[1]);
      assert.match(src, p.raw ? /^\{\{\{.*\}\}\}$/ : /^\{\{[^{].*\}\}$/, src);
      assert.ok(src.includes(p.name));
    }
    assert.deepEqual(
      findPlaceholders(text).map((p) => p.raw),
      [false, false, true, false, false, false],
    );
  });

  it('leaves Go templates, GitHub Actions expressions and comments alone', () => {
    for (const text of [
      'host: "{{.svc}}.mesh"\n',
      'host: "{{ .svc }}.{{ .ns }}.mesh"\n',
      'host: "{{if .x}}{{.x}}{{else}}none{{end}}.mesh"\n',
      'port: "{{ printf \\"%d\\" .p }}"\n',
      'name: {{ include "chart.fullname" . }}\n',
      'labels:\n  {{- include "chart.labels" . | nindent 4 }}\n',
      'replicas: {{ .Values.replicaCount }}\n',
      'run: echo ${{ github.sha }}\n',
      '# kuma-dp run --dataplane-var name={{ name }}\nname: fixed\n',
      'name: fixed # set by {{ name }}\n',
      '{{#list}}x{{/list}}\n',
      'x: {{ two words }}\n',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
    // A `#` inside quotes does not start a comment.
    assert.deepEqual(names('a: "x # y" {{ v }}\n'), ['v']);
  });

  it('reads the raw text: stand-ins of the same length, so positions stay exact, and YAML sees a string', () => {
    // To YAML alone, a plain {{ name }} is a flow mapping.
    assert.equal(typeof parse('name: {{ name }}').name, 'object');
    const masked = maskPlaceholders(DATAPLANE_TEMPLATE);
    assert.equal(masked.length, DATAPLANE_TEMPLATE.length);
    assert.equal(typeof parse(masked).name, 'string');
    assert.equal(maskPlaceholders('host: "{{.svc}}.mesh"\n'), 'host: "{{.svc}}.mesh"\n');
  });
});

describe('a placeholder is an unknown value', () => {
  it('gives no type, emptiness, range or duplicate finding, in one file or two', () => {
    assert.deepEqual(diagnostics({ 'dp.yaml': DATAPLANE_TEMPLATE }), []);
    assert.deepEqual(diagnostics({ 'a/dp.yaml': DATAPLANE_TEMPLATE, 'b/dp.yaml': DATAPLANE_TEMPLATE }), []);
    const quoted = DATAPLANE_TEMPLATE.replace('{{ name }}', '"{{ name }}"').replace('{{ port }}', '"{{ port }}"');
    assert.deepEqual(diagnostics({ 'dp.yaml': quoted, 'dp2.yaml': quoted }), []);
    const empty =
      'type: Mesh\nname: {{ mesh }}\n---\ntype: ExternalService\nmesh: {{ mesh }}\nname: {{ name }}\ntags:\n  kuma.io/service: {{ service }}\nnetworking:\n  address: {{ host }}:{{ port }}\n';
    assert.deepEqual(diagnostics({ 'es.yaml': empty }), []);
  });

  // What does not depend on a placeholder is still reported: test/diagnostics/*.placeholder-template.yaml.

  it('keeps the template out of the view, and the rest of the file in it', () => {
    const fixed = 'type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.2\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: web\n';
    const r = resolveWorkspace([analyzeFile('dps.yaml', `${DATAPLANE_TEMPLATE}---\n${fixed}`)]);
    assert.deepEqual(
      r.resources.map((x) => x.name),
      ['web-1'],
    );
    const services = r.meshes[0]!.view.entries.filter((e) => e.type === 'service').map((e) => e.name);
    assert.deepEqual(services, ['web']);
  });

  it('keeps a Kubernetes manifest with placeholders out of the derivation', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n';
    const deploy = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n`;
    const r = resolveWorkspace([analyzeFile('k.yaml', `${ns}---\n${deploy('{{ name }}')}`)]);
    assert.deepEqual(r.derivedDataplanes, []);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(resolveWorkspace([analyzeFile('k.yaml', `${ns}---\n${deploy('web')}`)]).derivedDataplanes.length, 1);
  });

  it('is only a placeholder outside Go templates: a VirtualOutbound still renders and is still checked', () => {
    const vo =
      'type: VirtualOutbound\nmesh: default\nname: v\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.svc}}.{{ nope }}.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n';
    // {{ nope }} is a placeholder: the VirtualOutbound is a template, not resolved, and not reported.
    assert.deepEqual(diagnostics({ 'vo.yaml': vo }), []);
    // {{ .nope }} is a Go action, checked as Kuma does: test/diagnostics/kuma-validation.go-action-not-a-placeholder.yaml.
  });
});

describe('hover on a placeholder', () => {
  it('says what fills it in, for a Dataplane with kuma-dp and kumactl', () => {
    const f = loadFixture(`//- dp.yaml\n${DATAPLANE_TEMPLATE.replace('{{ address }}', '{{ addr$0ess }}')}`);
    const h = ls.doHover(f.snapshot, f.uri, f.position);
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /kuma-dp run --dataplane-var address=…/);
    assert.match(value, /kumactl apply --var address=…/);
    assert.match(value, /HTML-escaped/);
    const at = f.text.indexOf('{{ address }}');
    assert.deepEqual(h?.range, { start: { line: 4, character: at - f.text.lastIndexOf('\n', at) - 1 }, end: { line: 4, character: at - f.text.lastIndexOf('\n', at) - 1 + '{{ address }}'.length } });
  });

  it('offers only kumactl for other Universal kinds, no tool on Kubernetes, and nothing outside Kuma resources', () => {
    const es = loadFixture('//- es.yaml\ntype: ExternalService\nmesh: default\nname: {{ na$0me }}\ntags:\n  kuma.io/service: s\nnetworking:\n  address: a.example.com:443\n');
    const v = ls.doHover(es.snapshot, es.uri, es.position);
    const text = v && typeof v.contents === 'object' && 'value' in v.contents ? v.contents.value : '';
    assert.match(text, /kumactl apply --var name=…/);
    assert.doesNotMatch(text, /kuma-dp/);
    const k8s = loadFixture('//- vo.yaml\napiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: {{ me$0sh }}\nmetadata:\n  name: v\n');
    const k = ls.doHover(k8s.snapshot, k8s.uri, k8s.position);
    const kText = k && typeof k.contents === 'object' && 'value' in k.contents ? k.contents.value : '';
    assert.match(kText, /placeholder, filled in by whatever renders this file/);
    assert.doesNotMatch(kText, /kumactl|kuma-dp/);
    const ansible = loadFixture('//- play.yml\n- hosts: all\n  tasks:\n    - debug:\n        msg: "{{ ite$0m }}"\n');
    assert.equal(ls.doHover(ansible.snapshot, ansible.uri, ansible.position), null);
  });
});

describe('Helm chart templates', () => {
  it('are the files under templates/ beside a Chart.yaml, in any subfolder', () => {
    const charts = chartFolders(['chart/Chart.yaml', 'chart/values.yaml', 'chart/charts/sub/Chart.yaml', 'Chart.yaml']);
    assert.deepEqual([...charts].sort(), ['', 'chart', 'chart/charts/sub']);
    const has = (f: string) => charts.has(f);
    assert.equal(isHelmTemplate('chart/templates/vo.yaml', has), true);
    assert.equal(isHelmTemplate('chart/templates/kuma/vo.yaml', has), true);
    assert.equal(isHelmTemplate('chart/charts/sub/templates/dp.yaml', has), true);
    assert.equal(isHelmTemplate('templates/x.yaml', has), true);
    assert.equal(isHelmTemplate('chart/values.yaml', has), false);
    assert.equal(isHelmTemplate('chart/crds/crd.yaml', has), false);
    assert.equal(
      isHelmTemplate('other/templates/vo.yaml', (f) => f === 'chart'),
      false,
    );
  });

  const CHART_VO =
    'apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: {{ .Values.mesh }}\nmetadata:\n  name: {{ include "chart.fullname" . }}\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "{{`{{.svc}}`}}.mesh"\n    port: "80"\n';

  it('get no diagnostics in the language server, and do once the Chart.yaml is gone', () => {
    const index = new WorkspaceIndex([{ uri: 'file:///ws', name: 'ws' }]);
    index.setDisk('file:///ws/chart/Chart.yaml', 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
    index.setDisk('file:///ws/chart/templates/vo.yaml', CHART_VO);
    assert.deepEqual(index.snapshot().diagnostics, []);
    assert.equal(index.snapshot().result.resources.length, 0);
    index.deleteDisk('file:///ws/chart/Chart.yaml');
    assert.ok(index.snapshot().diagnostics.length > 0, 'read as a resource without its chart');
  });

  it('get no diagnostics from the CLI', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-helm-'));
    try {
      fs.mkdirSync(path.join(dir, 'chart', 'templates'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
      fs.writeFileSync(path.join(dir, 'chart', 'templates', 'vo.yaml'), CHART_VO);
      const run = (target: string) => runCli(['check', path.join(dir, target), '--format', 'json']);
      for (const target of ['.', 'chart/templates/vo.yaml']) {
        const r = run(target);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout).diagnostics, []);
      }
      fs.rmSync(path.join(dir, 'chart', 'Chart.yaml'));
      // Without its Chart.yaml the file is read as a resource, and its errors make check exit 1.
      assert.equal(run('.').status, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("another tool's Go actions", () => {
  const goActions = (text: string) =>
    findPlaceholders(text)
      .filter((p) => p.go)
      .map((p) => text.slice(p.span[0], p.span[1]));

  it('finds unquoted actions in values, and leaves quoted templates, host and port values, comments and whole-line actions alone', () => {
    assert.deepEqual(goActions('metadata:\n  namespace: {{ .KumaNamespace }}\n  name: kuma-{{ .Zone }}\nspec:\n  - {{- include "x" . }}\n'), [
      '{{ .KumaNamespace }}',
      '{{ .Zone }}',
      '{{- include "x" . }}',
    ]);
    for (const text of [
      'conf:\n  host: "{{.service}}.mesh"\n',
      'host: {{.service}}.mesh\n',
      'port: {{ .port }}\n',
      '# ns: {{ .Ns }}\n',
      '  {{- include "labels" . | nindent 4 }}\n',
      'run: ${{ github.sha }}\n',
    ]) {
      assert.deepEqual(goActions(text), [], text);
    }
  });

  // A resource templated by a test harness: test/diagnostics/kuma-validation.test-harness-action.yaml.

  // Its yaml-syntax diagnostic spans two lines: no fixture can annotate it.
  it('an unquoted VirtualOutbound host template is still YAML Kuma cannot read', () => {
    const text =
      'type: VirtualOutbound\nmesh: default\nname: vo\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: {{.service}}.mesh\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n';
    assert.ok(diagnostics({ 'vo.yaml': text }).some((d) => d.code === 'yaml-syntax'));
  });

  it('hover on the action says another tool fills it in', () => {
    const f = loadFixture('//- dp.yaml\ntype: Dataplane\nmesh: {{ .M$0esh }}\nname: dp-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n');
    const h = ls.doHover(f.snapshot, f.uri, f.position);
    const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(text, /a Go template action, filled in by the tool that renders this file/);
  });
});
