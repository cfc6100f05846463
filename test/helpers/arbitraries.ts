// fast-check arbitraries for the property and fuzz tests: Kuma resources in both forms, Kubernetes
// workloads, templates, mutations of all of these, and whole workspaces. Pools of names and tag
// values are small on purpose, so that selectors match, templates render and names collide.
//
// Runs and seeds: `FUZZ_RUNS` is the number of runs of a property whose default is 100 (the others
// are scaled alike); `FUZZ_SEED` replaces the fixed seed. `npm run fuzz` sets both.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join as pathJoin, relative as pathRelative, sep as pathSep } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyzeFile, FileAnalysis, resolveWorkspace, ResolveOptions, WorkspaceResult } from '../../server/src/engine/analyze';
import { SCOPE_CONFIG_NAME } from '../../server/src/engine/scopes/config';
import { fileForm, planScopes } from '../../server/src/engine/scopes/plan';
import { resolveScopes } from '../../server/src/engine/scopes/resolve';
import { JsonView, sortDiagnostics, toJsonDiagnostic, toJsonView, toScopedJsonView } from '../../server/src/report/resolvedView';

export const DEFAULT_SEED = 42;

/** A good Kuma workspace file: hostile input next to it must not change what it resolves to. */
export const GOOD_FILE: WorkspaceFile = {
  path: 'good.yaml',
  text: `type: Dataplane
mesh: default
name: backend-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: backend
        kuma.io/zone: east
---
type: VirtualOutbound
mesh: default
name: zonal
selectors:
  - match:
      kuma.io/service: backend
conf:
  host: "{{.svc}}.{{.zone}}.mesh"
  port: "8080"
  parameters:
    - name: svc
      tagKey: kuma.io/service
    - name: zone
      tagKey: kuma.io/zone
`,
};

/**
 * Options for `fc.assert`: a fixed seed and a moderate number of runs unless FUZZ_SEED / FUZZ_RUNS
 * say otherwise. With FUZZ_COUNT_FILE set (by `npm run fuzz`), the number of cases run is appended
 * to that file; failures are reported as fast-check reports them.
 */
export function fcOptions<T = unknown>(defaultRuns: number, extra: { seedOffset?: number } = {}): fc.Parameters<T> {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  const countFile = process.env.FUZZ_COUNT_FILE;
  return {
    seed: (Number.isFinite(seed) && process.env.FUZZ_SEED !== undefined ? seed : DEFAULT_SEED) + (extra.seedOffset ?? 0),
    numRuns: Number.isFinite(runs) && runs > 0 ? Math.max(1, Math.round((runs * defaultRuns) / 100)) : defaultRuns,
    endOnFailure: true,
    ...(countFile
      ? {
          reporter: (details: fc.RunDetails<T>) => {
            appendFileSync(countFile, `${details.numRuns}\n`);
            if (details.failed) throw new Error(fc.defaultReportMessage(details));
          },
        }
      : {}),
  };
}

/** A test timeout that grows with FUZZ_RUNS, so long fuzz runs are not cut by the hang guard. */
export function hangGuard(ms: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(runs) && runs > 100 ? Math.round((ms * runs) / 100) : ms;
}

// ---- pools ----

export const MESHES = ['default', 'other', 'a-b'];
export const SERVICES = ['backend', 'web', 'db_ns_svc_80', 'api.v1', 'Caps', 'x'];
export const TAG_KEYS = ['kuma.io/service', 'kuma.io/zone', 'version', 'port', 'kuma.io/protocol', 'team', 'k8s.kuma.io/namespace'];
export const TAG_VALUES = ['backend', 'web', 'east', 'v1', 'v2', 'http', 'tcp', 'a.b', '8080', '80', '*', 'x'];
const NAMES = ['a', 'b', 'backend-1', 'web-1', 'vo', 'vo-2', 'es', 'default', 'kuma-default-dns-vips'];

const name = fc.constantFrom(...NAMES);
const mesh = fc.oneof({ weight: 4, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: fc.constantFrom(...MESHES) });
const service = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('backend', 'web') }, { weight: 1, arbitrary: fc.constantFrom(...SERVICES) });
const port = fc.oneof(fc.constantFrom(80, 443, 8080, 5432), fc.integer({ min: 0, max: 70000 }));
const ip = fc.oneof(fc.constantFrom('10.0.0.1', '192.168.1.7', '240.0.0.1', '::1'), fc.ipV4());

export const tags: fc.Arbitrary<Record<string, string>> = fc
  .tuple(service, fc.dictionary(fc.constantFrom(...TAG_KEYS.slice(1)), fc.constantFrom(...TAG_VALUES), { maxKeys: 3 }))
  .map(([svc, rest]) => ({ 'kuma.io/service': svc, ...rest }));

const matchTags: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: service }),
    fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...TAG_KEYS.slice(1)), fc.constantFrom('*', ...TAG_VALUES), { maxKeys: 2 }) }),
  )
  .map(([svc, rest]) => ({ 'kuma.io/service': svc, ...rest }));

/** Template fragments: valid pieces, Go template syntax and the things that break it. */
const TEMPLATE_PIECES = [
  '{{.svc}}',
  '{{.zone}}',
  '{{.port}}',
  '{{ .v }}',
  '{{- .svc -}}',
  '.mesh',
  '.',
  '-',
  '80',
  '8080',
  '0',
  '65536',
  'x',
  '{{',
  '}}',
  '{{if .zone}}',
  '{{else}}',
  '{{end}}',
  '{{range .}}',
  '{{with .svc}}',
  '{{.}}',
  '{{printf "%d" 8080}}',
  '{{printf "%s-%s" .svc .zone}}',
  '{{index . "svc"}}',
  '{{$x := .svc}}{{$x}}',
  '{{len .svc}}',
  '{{ .svc | printf "%q" }}',
  '{{define "t"}}a{{end}}',
  '{{template "t" .}}',
  '{{block "b" .}}b{{end}}',
  '{{/* c */}}',
  '{{break}}',
  '{{continue}}',
  '{{html .svc}}',
  '{{js .svc}}',
  '{{urlquery .svc}}',
  '{{slice .svc 1}}',
  '{{eq .svc "backend"}}',
  '{{not .zone}}',
  '{{(.svc)}}',
  '{{call .svc}}',
  '{{nil}}',
  '{{.svc.x}}',
  '{{$.svc}}',
  '"',
  '`',
  '\\',
  '\n',
  ' ',
  '{{"\\u00e9"}}',
  '{{1e9}}',
  '{{printf "%0200d" 1}}',
  '{{range $i, $c := .svc}}{{$c}}{{end}}',
  'é',
  '😀',
  '{{ print .__proto__ }}',
  '{{.constructor}}',
];

export const template: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('{{.svc}}.mesh', '{{.svc}}.{{.zone}}.mesh', '{{.svc}}', 'fixed.mesh', '{{.port}}', '8080', '80', '{{.v}}.{{.svc}}') },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...TEMPLATE_PIECES), { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const parameters = fc.array(
  fc.record({ name: fc.constantFrom('svc', 'zone', 'port', 'v', '__proto__', 'constructor', 'bad name', ''), tagKey: fc.constantFrom(...TAG_KEYS, 'missing') }, { requiredKeys: ['name'] }),
  { maxLength: 4 },
);

type Obj = Record<string, unknown>;

const dataplaneBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      networking: fc.record(
        {
          address: ip,
          inbound: fc.array(fc.record({ port, tags, servicePort: port }, { requiredKeys: ['port', 'tags'] }), { minLength: 1, maxLength: 3 }),
          transparentProxying: fc.record({ redirectPortInbound: port, redirectPortOutbound: port }),
        },
        { requiredKeys: ['address', 'inbound'] },
      ),
    }),
  },
  // A gateway dataplane: no inbounds, its tags on networking.gateway (sometimes with inbounds too, which Kuma refuses).
  {
    weight: 1,
    arbitrary: fc.record({
      networking: fc.record(
        {
          address: ip,
          gateway: fc.record({ type: fc.constantFrom('BUILTIN', 'DELEGATED', 'bogus'), tags }, { requiredKeys: ['tags'] }),
          inbound: fc.array(fc.record({ port, tags }), { maxLength: 1 }),
        },
        { requiredKeys: ['address', 'gateway'] },
      ),
    }),
  },
);
const externalServiceBody = fc.record({
  tags,
  networking: fc.record({
    address: fc.oneof(
      fc.tuple(fc.constantFrom('httpbin.org', 'db.example', '1.2.3.4', '[::1]', 'a:b'), port).map(([h, p]) => `${h}:${p}`),
      fc.constantFrom('', 'no-port'),
    ),
  }),
});
const selectors = fc.array(fc.record({ match: matchTags }), { minLength: 1, maxLength: 2 });
const GOOD_PARAMETERS = [
  { name: 'svc', tagKey: 'kuma.io/service' },
  { name: 'zone', tagKey: 'kuma.io/zone' },
  { name: 'v', tagKey: 'version' },
  { name: 'port', tagKey: 'port' },
];
const virtualOutboundBody = fc.oneof(
  // Valid for Kuma, so that it renders: hostnames, conflicts, lost priorities, skipped renders.
  {
    weight: 3,
    arbitrary: fc.record({
      selectors,
      conf: fc.record({
        host: fc.constantFrom('{{.svc}}.mesh', '{{.svc}}.{{.zone}}.mesh', '{{.v}}.{{.svc}}', 'fixed.mesh', '{{.svc}}', '{{.zone}}.mesh', '{{.svc}}.svc.cluster.local'),
        port: fc.constantFrom('{{.port}}', '8080', '80', '{{.port}}0'),
        parameters: fc.shuffledSubarray(GOOD_PARAMETERS.slice(1)).map((p) => [GOOD_PARAMETERS[0], ...p]),
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ selectors, conf: fc.record({ host: template, port: template, parameters }) }) },
);
const gatewayListener = fc.oneof(
  // Valid for Kuma, so that it adds entries and claims hostnames.
  {
    weight: 4,
    arbitrary: fc.record(
      {
        hostname: fc.constantFrom('', '*', 'backend.mesh', 'gw.mesh', 'web.mesh'),
        port: fc.constantFrom(80, 8080),
        protocol: fc.constantFrom('HTTP', 4),
        crossMesh: fc.constant(true),
        tags: fc.dictionary(fc.constantFrom('version', 'team'), fc.constantFrom('v1', 'v2', 'a'), { maxKeys: 2 }),
      },
      { requiredKeys: ['port', 'protocol', 'crossMesh'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        hostname: fc.constantFrom('', '*', '*.example.com', 'backend.mesh', 'Bad$'),
        port: fc.constantFrom(80, 8080, 0),
        protocol: fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'UDP', 'nope'),
        crossMesh: fc.boolean(),
        tags: fc.dictionary(fc.constantFrom('version', 'team', 'kuma.io/service'), fc.constantFrom(...TAG_VALUES), { maxKeys: 2 }),
      },
      { requiredKeys: ['port', 'protocol', 'crossMesh'] },
    ),
  },
);
const meshGatewayBody = fc.record({
  selectors: fc
    .array(fc.record({ match: fc.record({ 'kuma.io/service': service }) }), { minLength: 1, maxLength: 2 })
    .map((s) => (s.length > 1 && s[0]!.match['kuma.io/service'] === 'backend' ? s : s.slice(0, 1))),
  tags: fc.dictionary(fc.constantFrom('version', 'team', 'kuma.io/service'), fc.constantFrom('v1', 'v2', 'x'), { maxKeys: 2 }),
  conf: fc.record({ listeners: fc.array(gatewayListener, { minLength: 1, maxLength: 2 }) }),
});
const zoneIngressBody = fc.record(
  {
    zone: fc.constantFrom('east', 'west', ''),
    networking: fc.record({ address: ip, port }),
    availableServices: fc.array(fc.record({ mesh, tags }), { maxLength: 3 }),
  },
  { requiredKeys: ['networking', 'availableServices'] },
);
const vipJson = fc
  .dictionary(
    fc.tuple(fc.constantFrom('service', 'host', 'fqdn'), fc.constantFrom(...SERVICES, 'backend.mesh')).map(([t, n]) => `${t}:${n}`),
    fc.oneof(ip, fc.constantFrom('240.0.0.0', '240.0.0.3', 'nope')),
    { maxKeys: 3 },
  )
  .map((d) => JSON.stringify(d));

/** Creation times, often equal (the priority tie-break), sometimes unreadable; mostly absent. */
const creationTime: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-01T00:00:00.5Z', '2023-12-31T23:59:59+01:00') },
  { weight: 1, arbitrary: fc.constantFrom('yesterday', '', '2024-13-01T00:00:00Z') },
);

/** A Kuma resource as a plain object, Universal or Kubernetes form (the VIP Config / ConfigMap included). */
export const kumaResource: fc.Arbitrary<Obj> = fc.oneof(
  fc
    .tuple(fc.constantFrom('Dataplane', 'ExternalService', 'VirtualOutbound', 'Mesh', 'Config', 'MeshGateway', 'ZoneIngress'), fc.boolean(), name, mesh)
    .chain(([kind, universal, n, m]): fc.Arbitrary<Obj> => {
      const bodies: Record<string, fc.Arbitrary<Obj>> = {
        Dataplane: dataplaneBody,
        ExternalService: externalServiceBody,
        VirtualOutbound: virtualOutboundBody,
        MeshGateway: meshGatewayBody,
        ZoneIngress: zoneIngressBody,
      };
      const body: fc.Arbitrary<Obj> = bodies[kind] ?? fc.constant({});
      if (kind === 'Config') {
        return vipJson.map((config) =>
          universal
            ? { type: 'Config', name: `kuma-${m}-dns-vips`, config }
            : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `kuma-${m}-dns-vips`, namespace: 'kuma-system' }, data: { config } },
        );
      }
      return fc.tuple(body, creationTime).map(([b, t]) =>
        universal
          ? { type: kind, ...(kind === 'Mesh' || kind === 'ZoneIngress' ? {} : { mesh: m }), name: n, ...(t === undefined ? {} : { creationTime: t }), ...b }
          : {
              apiVersion: 'kuma.io/v1alpha1',
              kind,
              ...(kind === 'Mesh' || kind === 'ZoneIngress' ? {} : { mesh: m }),
              metadata: { name: n, ...(kind === 'Dataplane' || kind === 'ZoneIngress' ? { namespace: 'ns' } : {}), ...(t === undefined ? {} : { creationTimestamp: t }) },
              spec: b,
            },
      );
    }),
);

const injectionValue = fc.constantFrom('enabled', 'disabled', 'true', 'bogus', undefined);
const meshAnnotation = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('default', 'other', 'a-b') });

/** Labels and annotations with the keys the derivation reads, each present or not. */
function metaMap(entries: readonly (readonly [string, string | undefined])[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/**
 * A Kubernetes Namespace, workload (Deployment, StatefulSet or Job, injected or not, maybe a
 * gateway, maybe in another mesh by `kuma.io/mesh`) or Service, that the derivation reads.
 */
export const kubernetesObject: fc.Arbitrary<Obj> = fc.oneof(
  fc.tuple(fc.constantFrom('ns', 'other'), injectionValue, meshAnnotation, meshAnnotation).map(([n, inj, meshLabel, meshAnno]) => {
    const labels = metaMap([
      ['kuma.io/sidecar-injection', inj],
      ['kuma.io/mesh', meshLabel],
    ]);
    const annotations = metaMap([['kuma.io/mesh', meshAnno]]);
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } };
  }),
  fc
    .tuple(
      fc.constantFrom('Deployment', 'StatefulSet', 'Job'),
      fc.constantFrom('app', 'web', 'db'),
      fc.constantFrom('ns', 'other', undefined),
      fc.array(fc.record({ containerPort: port, name: fc.constantFrom('http', 'grpc') }), { maxLength: 2 }),
      fc.integer({ min: 0, max: 3 }),
      fc.record({ injection: injectionValue, mesh: meshAnnotation, gateway: fc.constantFrom(undefined, undefined, 'enabled', 'builtin', 'provided') }),
      creationTime,
    )
    .map(([kind, n, ns, ports, replicas, pod, created]) => {
      const labels = { app: n, ...metaMap([['kuma.io/sidecar-injection', pod.injection]]) };
      const annotations = metaMap([
        ['kuma.io/mesh', pod.mesh],
        ['kuma.io/gateway', pod.gateway],
      ]);
      const template = { metadata: { labels, ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'main', image: 'img:1', ports }] } };
      const spec = kind === 'Job' ? { parallelism: replicas, template } : { replicas, selector: { matchLabels: { app: n } }, ...(kind === 'StatefulSet' ? { serviceName: n } : {}), template };
      return { apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, metadata: { name: n, ...(ns ? { namespace: ns } : {}), ...(created ? { creationTimestamp: created } : {}) }, spec };
    }),
  fc
    .tuple(fc.constantFrom('app', 'web', 'db'), fc.constantFrom('ns', 'other', undefined), port, fc.oneof(port, fc.constantFrom('http', 'grpc', 'none')), fc.boolean())
    .map(([n, ns, p, target, headless]) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: n, ...(ns ? { namespace: ns } : {}) },
      spec: { ...(headless ? { clusterIP: 'None' } : {}), selector: { app: n }, ports: [{ port: p, targetPort: target, appProtocol: 'http' }] },
    })),
);

// ---- mutations ----

const weird = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 1e300, '', [], {}, '*', '{{', '\u0000', '\ufeff', 'é😀', '__proto__', 'constructor', '0x10', '1e3', 'on', '~'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.constant('x'.repeat(100_000)),
  fc.integer({ min: 1, max: 200 }).map((n) => {
    let v: unknown = 'leaf';
    for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
    return v;
  }),
);

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

type Mutation = { op: 'delete' | 'set' | 'rename'; at: number; value: unknown; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'set', 'rename'),
  at: fc.nat(),
  value: weird,
  key: fc.constantFrom('__proto__', 'constructor', 'toString', 'extra', 'type', 'kind', 'é', ''),
});

function applyMutation(root: Obj, m: Mutation): Obj {
  const all = paths(root);
  if (!all.length) return root;
  const p = all[m.at % all.length]!;
  let parent: any = root;
  for (const step of p.slice(0, -1)) parent = parent[step];
  const last = p[p.length - 1]!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.op === 'set') {
    parent[last] = clone(m.value);
  } else if (!Array.isArray(parent)) {
    const v = parent[last];
    delete parent[last];
    Object.defineProperty(parent, m.key, { value: v, enumerable: true, configurable: true, writable: true });
  }
  return root;
}

/** A resource with some fields deleted, retyped, renamed to `__proto__`-like keys, made huge or deep. */
export const mutatedResource: fc.Arbitrary<Obj> = fc
  .tuple(fc.oneof(kumaResource, kubernetesObject), fc.array(mutation, { maxLength: 3 }))
  .map(([r, ms]) => ms.reduce((acc, m) => applyMutation(acc, m), clone(r)));

export function toYaml(o: unknown): string {
  try {
    return stringify(o, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    return String(o);
  }
}

type TextMutation = { op: 'crlf' | 'tabs' | 'bom' | 'nul' | 'truncate' | 'insert' | 'cr'; at: number; insert: string };
const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  op: fc.constantFrom('crlf', 'tabs', 'bom', 'nul', 'truncate', 'insert', 'cr'),
  at: fc.nat(),
  insert: fc.oneof(
    fc.constantFrom(':', '- ', '\t', '\n', '---\n', '&a ', '*a', '!!binary ', '{', '[', '"', "'", '#', '|', '>', '? ', '%YAML 1.2\n', '...\n', '\r'),
    fc.string({ unit: 'binary', maxLength: 8 }),
  ),
});

function applyText(text: string, m: TextMutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  switch (m.op) {
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'cr':
      return text.replace(/\n/g, '\r');
    case 'tabs':
      return text.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2));
    case 'bom':
      return '\ufeff' + text;
    case 'nul':
      return text.slice(0, at) + '\u0000' + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + m.insert + text.slice(at);
  }
}

/** The files of test/fixtures/non-mesh: real-world YAML that is not Kuma. */
export const NON_MESH_CORPUS: readonly WorkspaceFile[] = (() => {
  const dir = pathJoin(__dirname, '..', 'fixtures', 'non-mesh');
  const out: WorkspaceFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = pathJoin(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(e.name)) out.push({ path: pathRelative(dir, full).split(pathSep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out;
})();

export const document: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: kumaResource.map(toYaml) },
  { weight: 2, arbitrary: kubernetesObject.map(toYaml) },
  { weight: 3, arbitrary: mutatedResource.map(toYaml) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(toYaml) },
  { weight: 1, arbitrary: fc.constantFrom(...NON_MESH_CORPUS.map((f) => f.text)) },
);

/** The text of one file: documents joined by `---`, then maybe CRLF, tabs, a BOM, a NUL, a cut, ... */
export const fileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.array(document, { minLength: 0, maxLength: 4 }), fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(textMutation, { minLength: 1, maxLength: 2 }) }))
      .map(([docs, ms]) => ms.reduce(applyText, docs.join('---\n'))),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')) },
);

/** Documents with unique (kind, mesh, name) and no VIP configs, whose result must not depend on order. */
export const uniqueDocuments: fc.Arbitrary<string[]> = fc
  .uniqueArray(
    fc.oneof(
      kumaResource.filter((r) => r.type !== 'Config' && r.kind !== 'ConfigMap'),
      kubernetesObject,
    ),
    {
      maxLength: 8,
      selector: (r) => JSON.stringify([r.type ?? r.kind, r.mesh, r.name ?? (r.metadata as Obj | undefined)?.name, (r.metadata as Obj | undefined)?.namespace]),
    },
  )
  .map((rs) => rs.map(toYaml));

export interface WorkspaceFile {
  path: string;
  text: string;
}

const filePath = fc.constantFrom('a.yaml', 'b.yaml', 'dir/c.yml', 'k8s/d.yaml', 'é.yaml', 'z z.yaml');

export const workspace: fc.Arbitrary<WorkspaceFile[]> = fc.uniqueArray(fc.record({ path: filePath, text: fileText }), {
  maxLength: 5,
  selector: (f) => f.path,
});

// ---- engine helpers ----

export function analyzeAll(files: readonly WorkspaceFile[]): FileAnalysis[] {
  return files.map((f) => analyzeFile(f.path, f.text));
}

export function resolveFiles(files: readonly WorkspaceFile[], options: ResolveOptions = {}): WorkspaceResult {
  return resolveWorkspace(analyzeAll(files), options);
}

/** What the CLI prints for the files: every scope's meshes (named when there are several) and the diagnostics of all scopes. */
export function scopedView(files: readonly WorkspaceFile[]): JsonView {
  const analyses = analyzeAll(files);
  const plan = planScopes(
    analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })),
    [SCOPE_CONFIG_NAME],
  );
  const { scopes, result } = resolveScopes(analyses, plan, {});
  return { meshes: toScopedJsonView(scopes, plan.scopes.length > 1), diagnostics: sortDiagnostics(result.diagnostics.map((d) => toJsonDiagnostic(result, d))) };
}

/** The resolved view with diagnostics in a stable order, as the CLI prints it. */
export function stableView(result: WorkspaceResult): JsonView {
  const view = toJsonView(result, []);
  return { ...view, diagnostics: sortDiagnostics(result.diagnostics.map((d) => toJsonDiagnostic(result, d))) };
}

/** Runs `f` with a fresh `({})` check: nothing may end up on Object.prototype. */
export function assertNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'x', 'kuma.io/service', 'svc', 'yes', 'leaf', 'k']) {
    if (probe[k] !== undefined) throw new Error(`Object.prototype polluted: ${k}`);
  }
}

// ---- the CLI ----

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const ROOT = pathJoin(__dirname, '..', '..');

/**
 * Runs `mesh-lens` in a child process: the TypeScript source through tsx (never a stale build), or
 * `dist/cli.js` when `built` is set. `timeout` is a hang guard, not a performance assertion.
 */
export function runCli(args: readonly string[], options: { cwd?: string; timeout?: number; built?: boolean; maxOldSpaceMb?: number } = {}): CliRun {
  const entry = options.built ? [pathJoin(ROOT, 'dist', 'cli.js')] : ['--import', 'tsx', pathJoin(ROOT, 'server', 'src', 'cli.ts')];
  const heap = options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : [];
  const t = Date.now();
  const r = spawnSync(process.execPath, [...heap, ...entry, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t };
}
