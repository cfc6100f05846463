// The live index re-scopes when mesh-lens.yaml or a kustomization.yaml changes, and the features
// say which scope a result belongs to.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MarkupContent } from 'vscode-languageserver';
import { getLanguageService } from '../../server/src/features/languageService';
import { toJsonView } from '../../server/src/report/resolvedView';
import { WorkspaceIndex } from '../../server/src/workspace/index';

const ls = getLanguageService();
const ROOT = 'file:///ws';
const uri = (rel: string) => `${ROOT}/${rel}`;

const dataplane = (name: string, service: string, address: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  networking:\n    address: ${address}\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: ${service}\n`;
const virtualOutbound = (host: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: hosts\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "${host}"\n    port: "80"\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n`;
const kustomization = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

const FILES: Record<string, string> = {
  'base/kustomization.yaml': kustomization(['web.yaml', 'vo.yaml']),
  'base/web.yaml': dataplane('web-1', 'web', '10.0.0.1'),
  'base/vo.yaml': virtualOutbound('{{.service}}.internal.mesh'),
  'dev/kustomization.yaml': kustomization(['../base', 'api.yaml']),
  'dev/api.yaml': dataplane('api-1', 'api', '10.0.0.2'),
  'prod/kustomization.yaml': kustomization(['../base']),
};

function index(files: Record<string, string> = FILES): WorkspaceIndex {
  const i = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
  for (const [rel, text] of Object.entries(files)) i.setDisk(uri(rel), text);
  return i;
}

/** What a from-scratch index says, to compare the live one with. */
function picture(i: WorkspaceIndex): string {
  const s = i.snapshot();
  return JSON.stringify({ scopes: s.scopes.map((x) => [x.scopeName, [...x.files.keys()]]), view: ls.getResolvedView(s, {}), diagnostics: toJsonView(s.result, s.diagnostics).diagnostics });
}

const hoverText = (i: WorkspaceIndex, rel: string, needle: string): string => {
  const text = i.textOf(uri(rel))!;
  const at = text.indexOf(needle);
  const lines = text.slice(0, at).split('\n');
  const h = ls.doHover(i.snapshot(), uri(rel), { line: lines.length - 1, character: lines[lines.length - 1]!.length + 1 });
  return h ? (h.contents as MarkupContent).value : '';
};

describe('scopes in the live index', () => {
  it('holds one snapshot per overlay, a shared base in both', () => {
    const s = index().snapshot();
    assert.deepEqual(
      s.scopes.map((x) => x.scopeName),
      ['dev', 'prod'],
    );
    assert.deepEqual(
      s.scopesOf(uri('base/web.yaml')).map((x) => x.scopeName),
      ['dev', 'prod'],
    );
    assert.deepEqual(
      s.scopesOf(uri('dev/api.yaml')).map((x) => x.scopeName),
      ['dev'],
    );
  });

  it('re-scopes when a kustomization.yaml changes, as a fresh index does', () => {
    const live = index();
    live.snapshot();
    const edited = kustomization(['../base', '../dev/api.yaml']);
    live.setOpen(uri('prod/kustomization.yaml'), edited, 1);
    assert.deepEqual(
      live
        .snapshot()
        .scopesOf(uri('dev/api.yaml'))
        .map((x) => x.scopeName),
      ['dev', 'prod'],
    );
    assert.equal(picture(live), picture(index({ ...FILES, 'prod/kustomization.yaml': edited })));
    live.close(uri('prod/kustomization.yaml'));
    assert.equal(picture(live), picture(index()));
  });

  it('re-scopes when mesh-lens.yaml comes, changes and goes', () => {
    const live = index();
    live.snapshot();
    const config = 'scopes:\n  - name: everything\n    files: ["**"]\n';
    live.setDisk(uri('mesh-lens.yaml'), config);
    let s = live.snapshot();
    assert.deepEqual(
      s.scopes.map((x) => x.scopeName),
      ['everything'],
    );
    assert.equal(s.scoped, false, 'one scope: nothing to name');
    assert.equal(picture(live), picture(index({ ...FILES, 'mesh-lens.yaml': config })));
    // One control plane for both overlays: api-1 and web-1 are both there, and so is each base file once.
    assert.deepEqual(
      s.result.meshes[0]!.view.entries.map((e) => e.name),
      ['api', 'web', 'api.internal.mesh', 'web.internal.mesh'],
    );

    const broken = 'scopes:\n  - name: everything\n    files: "**"\n';
    live.setDisk(uri('mesh-lens.yaml'), broken);
    s = live.snapshot();
    assert.deepEqual(
      s.scopes.map((x) => x.scopeName),
      ['dev', 'prod'],
      'no valid scope: the default rules',
    );
    const onConfig = ls.getDiagnostics(s, 'docs').get(uri('mesh-lens.yaml'))!;
    assert.equal(onConfig.length, 1);
    assert.equal(onConfig[0]!.code, 'invalid-scope-config');
    assert.deepEqual(onConfig[0]!.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 15 } });

    live.deleteDisk(uri('mesh-lens.yaml'));
    assert.equal(picture(live), picture(index()));
  });

  it('applies an overlay patch and follows its edits, as a fresh index does', () => {
    const patch = (host: string) => `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmetadata:\n  name: hosts\nspec:\n  conf:\n    host: "${host}"\n`;
    const files = { ...FILES, 'prod/kustomization.yaml': kustomization(['../base']) + 'patches:\n  - path: host.yaml\n', 'prod/host.yaml': patch('{{.service}}.prod.mesh') };
    const live = index(files);
    const prodHosts = () => ls.getResolvedView(live.snapshot(), { scope: 'prod' }).meshes[0]!.entries.map((e) => e.name);
    assert.deepEqual(prodHosts(), ['web', 'web.prod.mesh']);
    live.setOpen(uri('prod/host.yaml'), patch('{{.service}}.edited.mesh'), 1);
    assert.deepEqual(prodHosts(), ['web', 'web.edited.mesh']);
    assert.equal(picture(live), picture(index({ ...files, 'prod/host.yaml': patch('{{.service}}.edited.mesh') })));
    live.setOpen(uri('base/vo.yaml'), virtualOutbound('{{.service}}.changed.mesh').replace('port: "80"', 'port: "81"'), 2);
    assert.deepEqual(prodHosts(), ['web', 'web.edited.mesh'], 'the base changed elsewhere: the patch still applies');
    assert.deepEqual(
      ls.getResolvedView(live.snapshot(), { scope: 'dev' }).meshes[0]!.entries.map((e) => e.name),
      ['api', 'web', 'api.changed.mesh', 'web.changed.mesh'],
    );
  });

  it('uses a scope cpConfig and follows its edits', () => {
    const config = 'scopes:\n  - name: all\n    files: [base/, dev/]\n    cpConfig: cp.yaml\n';
    const live = index({ ...FILES, 'mesh-lens.yaml': config, 'cp.yaml': 'dnsServer:\n  domain: corp\n' });
    assert.equal(live.snapshot().result.settings.dnsDomain, 'corp');
    live.setOpen(uri('cp.yaml'), 'dnsServer:\n  domain: other\n', 1);
    assert.equal(live.snapshot().result.settings.dnsDomain, 'other');
    live.setOpen(uri('cp.yaml'), 'dnsServer:\n  CIDR: nonsense\n', 2);
    const d = ls.getDiagnostics(live.snapshot(), 'docs').get(uri('cp.yaml'))!;
    assert.ok(
      d.some((x) => x.code === 'invalid-cp-config' && /CIDR must be valid \(the cpConfig of scope all\)/.test(JSON.stringify(x.message))),
      JSON.stringify(d),
    );
  });
});

describe('features name the scope', () => {
  it('hovers a VirtualOutbound of a shared base once per scope, each answer headed by its scope', () => {
    const text = hoverText(index(), 'base/vo.yaml', 'host:');
    assert.match(text, /^_In scope dev:_/);
    assert.match(text, /_In scope prod:_/);
    const dev = text.split('_In scope prod:_')[0]!;
    const prod = text.split('_In scope prod:_')[1]!;
    assert.match(dev, /api\.internal\.mesh/);
    assert.doesNotMatch(prod, /api\.internal\.mesh/, 'prod has no api dataplane');
    assert.match(prod, /web\.internal\.mesh/);
  });

  it('gives one answer for scopes that agree, naming both', () => {
    const text = hoverText(index({ ...FILES, 'dev/kustomization.yaml': kustomization(['../base']) }), 'base/web.yaml', 'kuma.io/service: web');
    assert.match(text, /^_In scopes dev, prod:_/);
    assert.equal(text.match(/_In scope/g)!.length, 1);
  });

  it('names the scope on a file of one scope, when the workspace has several', () => {
    assert.match(hoverText(index(), 'dev/api.yaml', 'kuma.io/service: api'), /^_In scope dev:_/);
  });

  it('says nothing of scopes in a workspace of one scope', () => {
    const files = { 'vo.yaml': virtualOutbound('{{.service}}.internal.mesh'), 'web.yaml': dataplane('web-1', 'web', '10.0.0.1') };
    const i = index(files);
    const text = hoverText(i, 'vo.yaml', 'host:');
    assert.match(text, /web\.internal\.mesh/);
    assert.doesNotMatch(text, /scope/);
    assert.deepEqual(
      ls.getCodeLenses(i.snapshot(), uri('vo.yaml')).map((l) => l.command!.title),
      ['selects 1 inbound · 1 hostname · 0 conflicts'],
    );
    assert.equal(ls.getResolvedView(i.snapshot(), {}).meshes[0]!.scope, undefined);
  });

  it('puts one code lens per scope that counts differently', () => {
    assert.deepEqual(
      ls.getCodeLenses(index().snapshot(), uri('base/vo.yaml')).map((l) => l.command!.title),
      ['scope dev: selects 2 inbounds · 2 hostnames · 0 conflicts', 'scope prod: selects 1 inbound · 1 hostname · 0 conflicts'],
    );
    const same = index({ ...FILES, 'dev/kustomization.yaml': kustomization(['../base']) });
    assert.deepEqual(
      ls.getCodeLenses(same.snapshot(), uri('base/vo.yaml')).map((l) => l.command!.title),
      ['scopes dev, prod: selects 1 inbound · 1 hostname · 0 conflicts'],
    );
  });

  it('shows an inlay hint only where the scopes of the file agree', () => {
    const one = index({ ...FILES, 'dev/kustomization.yaml': kustomization(['../base']) });
    assert.deepEqual(
      ls.getInlayHints(one.snapshot(), uri('base/vo.yaml')).map((h) => h.label as string),
      ['→ web.internal.mesh:80'],
    );
    assert.deepEqual(ls.getInlayHints(index().snapshot(), uri('base/vo.yaml')), [], 'dev selects two inbounds, prod one: no single answer');
  });

  it('gives each preview row its scope and filters by scope', () => {
    const s = index().snapshot();
    const view = ls.getResolvedView(s, {});
    assert.deepEqual(view.scopes, ['dev', 'prod']);
    assert.deepEqual(
      view.meshes.map((m) => `${m.scope}/${m.name}`),
      ['dev/default', 'prod/default'],
    );
    assert.ok(view.meshes.every((m) => m.entries.every((e) => e.scope === m.scope)));
    const prod = ls.getResolvedView(s, { scope: 'prod' });
    assert.deepEqual(
      prod.meshes.map((m) => m.entries.map((e) => e.name)),
      [['web', 'web.internal.mesh']],
    );
    assert.ok(prod.meshes[0]!.entries[0]!.location!.uri.endsWith('base/web.yaml'));
  });

  it("gives each compact preview row its scope, filters the compact view by scope, and finds a row's claims in its scope", () => {
    const s = index().snapshot();
    const { compact, scopes } = ls.getResolvedView(s, { compact: true });
    assert.deepEqual(scopes, ['dev', 'prod']);
    const rows = compact!.rows.map((r) => `${compact!.strings[r[9]!]}/${r[2]}`);
    assert.deepEqual(rows, ['dev/api', 'dev/web', 'dev/api.internal.mesh', 'dev/web.internal.mesh', 'prod/web', 'prod/web.internal.mesh']);
    const prod = ls.getResolvedView(s, { compact: true, scope: 'prod' }).compact!;
    assert.deepEqual(
      prod.rows.map((r) => `${prod.strings[r[9]!]}/${r[2]}`),
      ['prod/web', 'prod/web.internal.mesh'],
    );
    // api.internal.mesh exists in dev only.
    const inDev = ls.getResolvedClaims(s, { mesh: 'default', type: 'fqdn', hostname: 'api.internal.mesh', scope: 'dev' });
    assert.equal(inDev.found, true);
    assert.ok(inDev.claims[0]!.location.uri.endsWith('dev/api.yaml'));
    assert.equal(ls.getResolvedClaims(s, { mesh: 'default', type: 'fqdn', hostname: 'api.internal.mesh', scope: 'prod' }).found, false);
    assert.equal(ls.getResolvedClaims(s, { mesh: 'default', type: 'fqdn', hostname: 'api.internal.mesh', scope: 'staging' }).found, false);
  });

  it('leaves the compact rows without a scope where the workspace is one scope', () => {
    const one = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
    one.setDisk(uri('web.yaml'), FILES['base/web.yaml']!);
    const { compact, scopes } = ls.getResolvedView(one.snapshot(), { compact: true });
    assert.equal(scopes, undefined);
    assert.ok(compact!.rows.length > 0 && compact!.rows.every((r) => r.length === 9));
  });
});
