// The live index keeps work between snapshots (the analyses, the scope plan, each scope's model
// and diagnostics, the suppressions). Whatever it keeps, after any sequence of edits, opens,
// closes, deletions, configs, kustomizations, cpConfigs, charts and option changes, across
// several scopes, its snapshot equals the one an index built from the final state gives: the
// plan, every scope's files, result and diagnostics, and what is shown.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { DEFAULT_INDEX_OPTIONS, IndexOptions, WorkspaceIndex } from '../../server/src/workspace/index';
import { fcOptions, fileText, hangGuard } from '../helpers/arbitraries';
import { indexPicture } from '../helpers/indexPicture';

const FOLDER = { uri: 'file:///ws', name: 'ws' };

const k8sDataplane = (name: string, address: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  networking:\n    address: ${address}\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web\n          version: v1\n`;
const k8sVirtualOutbound = (host: string) =>
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: hosts\nspec:\n  selectors:\n    - match:\n        kuma.io/service: "*"\n  conf:\n    host: "${host}" # the base's host\n    port: "80"\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n`;
const universalDataplane = (name: string, address: string) =>
  `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: ${address}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n        version: v2\n`;
const universalVirtualOutbound = (host: string) =>
  `type: VirtualOutbound\nmesh: default\nname: hosts\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "${host}"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n`;
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

/** Resources of both forms, duplicates, mistakes and suppression comments, so edits move files between forms and scopes. */
const resourceText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fileText },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      k8sDataplane('web-1', '10.0.0.1'),
      k8sDataplane('web-1', '10.0.0.2'),
      k8sDataplane('web-2', 'not an address'),
      k8sVirtualOutbound('{{.service}}.mesh'),
      k8sVirtualOutbound('{{.service}}.{{.nope}}.mesh'),
      `${k8sVirtualOutbound('{{.service}}.mesh')}---\n${k8sDataplane('web-3', '10.0.0.3')}`,
      universalDataplane('web-1', '10.0.0.1'),
      universalDataplane('web-1', '10.0.0.9'),
      universalVirtualOutbound('{{.service}}.mesh'),
      universalVirtualOutbound('{{.service}}..mesh'),
      `# mesh-lens-disable-file\n${universalVirtualOutbound('{{.service}}..mesh')}`,
      `${universalDataplane('web-4', '10.0.0.4')}---\n# mesh-lens-disable-next-line\n${universalVirtualOutbound('{{.service}}..mesh')}`,
      'plain: yaml\nlist: [1, 2]\n',
    ),
  },
);

const CONFIGS = [
  'scopes:\n  - name: a\n    files: [a/]\n  - name: rest\n    files: [b/, c.yaml, testdata/]\n    cpConfig: cp.yaml\n',
  'scopes:\n  - name: a\n    files: [a/, b/]\n    kumaVersion: "2.6"\n    environment: kubernetes\n  - name: u\n    files: ["**"]\n    environment: universal\n',
  'scopes:\n  - name: a\n    files: [a/]\n    cpConfig: missing.yaml\n',
  'scopes:\n  - name: [a\n',
  'scopes: []\n',
];
const CP_CONFIGS = ['dnsServer:\n  domain: corp\n', 'dnsServer:\n  CIDR: nonsense\n', 'dnsServer:\n  domain: other\n'];
const KUSTOMIZATIONS = [
  kustomization('resources: [w.yaml, x.yaml]\n'),
  kustomization('resources: [x.yaml]\npatches:\n  - path: patch.yaml\n'),
  kustomization('resources: [w.yaml, x.yaml, ../b/z.yaml]\nnamePrefix: p-\n'),
];
/** A second overlay, which shares a/x.yaml with the first when both apply it. */
const SECOND_KUSTOMIZATIONS = [kustomization('resources: [z.yaml, ../a/x.yaml]\n'), kustomization('resources: [z.yaml]\n')];
const PATCHES = [
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmetadata:\n  name: hosts\nspec:\n  conf:\n    host: '{{.service}}.patched.mesh'\n`,
  `apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmetadata:\n  name: hosts\nspec:\n  conf:\n    port: "80000"\n`,
];

const textFor = (path: string): fc.Arbitrary<string> => {
  // The first config, whose scope has a cpConfig, twice as often.
  if (path === 'mesh-lens.yaml') return fc.constantFrom(CONFIGS[0]!, CONFIGS[0]!, ...CONFIGS);
  if (path === 'cp.yaml') return fc.constantFrom(...CP_CONFIGS);
  if (path === 'a/kustomization.yaml') return fc.constantFrom(...KUSTOMIZATIONS);
  if (path === 'b/kustomization.yaml') return fc.constantFrom(...SECOND_KUSTOMIZATIONS);
  if (path === 'a/patch.yaml') return fc.constantFrom(...PATCHES);
  if (path === 'chart/Chart.yaml') return fc.constant('apiVersion: v2\nname: c\nversion: 1.0.0\n');
  return resourceText;
};

const PATHS = [
  'mesh-lens.yaml',
  'cp.yaml',
  'a/kustomization.yaml',
  'a/patch.yaml',
  'b/kustomization.yaml',
  'a/x.yaml',
  'a/w.yaml',
  'b/z.yaml',
  'c.yaml',
  'testdata/t.yaml',
  'chart/Chart.yaml',
  'chart/templates/t.yaml',
];
const uriOf = (path: string) => `${FOLDER.uri}/${path}`;

const OPTIONS: IndexOptions[] = [
  DEFAULT_INDEX_OPTIONS,
  { ...DEFAULT_INDEX_OPTIONS, disabled: new Set(['virtual-outbound-invalid-host', 'duplicate-resource']) },
  { ...DEFAULT_INDEX_OPTIONS, settings: { ...DEFAULT_SETTINGS, kumaVersion: '2.9' } },
];

type Op =
  | { op: 'disk'; path: string; text: string }
  | { op: 'deleteDisk'; path: string }
  | { op: 'open'; path: string; text: string }
  | { op: 'close'; path: string }
  | { op: 'options'; which: number }
  | { op: 'snapshot' };

/** The cpConfig edited more often: only one config in three reads it. */
const OP_PATHS = [...PATHS, 'cp.yaml', 'cp.yaml'];
const withText = (op: 'disk' | 'open') => fc.constantFrom(...OP_PATHS).chain((path) => textFor(path).map((text) => ({ op, path, text })));
const initial: fc.Arbitrary<[string, string][]> = fc
  .tuple(...PATHS.map((p) => fc.option(textFor(p), { freq: 5 }).map((t) => [p, t] as const)))
  .map((entries) => entries.filter((e): e is [string, string] => e[1] !== null));
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: withText('disk') },
    { weight: 4, arbitrary: withText('open') },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteDisk' as const), path: fc.constantFrom(...PATHS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), path: fc.constantFrom(...PATHS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('options' as const), which: fc.integer({ min: 0, max: OPTIONS.length - 1 }) }) },
    { weight: 4, arbitrary: fc.constant({ op: 'snapshot' as const }) },
  ),
  { minLength: 3, maxLength: 24 },
);

describe('the live index across scopes', () => {
  it('after random edits, opens, closes, deletions, configs, kustomizations and options, equals an index built from the final state', { timeout: hangGuard(300_000) }, () => {
    fc.assert(
      fc.property(initial, ops, (start, list) => {
        const live = new WorkspaceIndex([FOLDER]);
        const disk = new Map<string, string>();
        const open = new Map<string, { text: string; version: number }>();
        let options = DEFAULT_INDEX_OPTIONS;
        let version = 0;
        // Most files exist from the start, so that most operations change a file rather than add one.
        for (const [p, t] of start) {
          live.setDisk(uriOf(p), t);
          disk.set(p, t);
        }
        live.snapshot();
        for (const o of list) {
          switch (o.op) {
            case 'disk':
              live.setDisk(uriOf(o.path), o.text);
              disk.set(o.path, o.text);
              break;
            case 'deleteDisk':
              live.deleteDisk(uriOf(o.path));
              disk.delete(o.path);
              break;
            case 'open':
              live.setOpen(uriOf(o.path), o.text, ++version);
              open.set(o.path, { text: o.text, version });
              break;
            case 'close':
              live.close(uriOf(o.path));
              open.delete(o.path);
              break;
            case 'options':
              options = OPTIONS[o.which]!;
              live.setOptions(options);
              break;
            case 'snapshot':
              live.snapshot();
              break;
          }
        }
        const fresh = new WorkspaceIndex([FOLDER]);
        fresh.setOptions(options);
        for (const [p, t] of disk) fresh.setDisk(uriOf(p), t);
        for (const [p, s] of open) fresh.setOpen(uriOf(p), s.text, s.version);
        assert.deepEqual(indexPicture(live), indexPicture(fresh));
      }),
      fcOptions(100, { seedOffset: 33 }),
    );
  });

  it('shows, in a scope an edit did not touch, what the edit changed on a file it shares with the edited scope', () => {
    const files: Record<string, string> = {
      'a/kustomization.yaml': kustomization('resources: [w.yaml, x.yaml]\n'),
      'b/kustomization.yaml': SECOND_KUSTOMIZATIONS[0]!,
      'a/w.yaml': k8sDataplane('web-2', '10.0.0.2'),
      'a/x.yaml': k8sDataplane('web-1', '10.0.0.1'),
      'b/z.yaml': k8sDataplane('web-3', '10.0.0.3'),
    };
    const live = new WorkspaceIndex([FOLDER]);
    for (const [p, t] of Object.entries(files)) live.setDisk(uriOf(p), t);
    live.snapshot();
    // Now a/x.yaml repeats a/w.yaml's Dataplane in scope a only: scope b shows that on a/x.yaml too.
    live.setOpen(uriOf('a/w.yaml'), k8sDataplane('web-1', '10.0.0.2'), 1);
    const fresh = new WorkspaceIndex([FOLDER]);
    for (const [p, t] of Object.entries(files)) fresh.setDisk(uriOf(p), t);
    fresh.setOpen(uriOf('a/w.yaml'), k8sDataplane('web-1', '10.0.0.2'), 1);
    const b = live.snapshot().scopes.find((x) => x.scopeName === 'b')!;
    assert.ok(b.diagnostics.some((d) => d.file === 'a/x.yaml' && d.code === 'duplicate-resource'));
    assert.deepEqual(indexPicture(live), indexPicture(fresh));
  });
});
