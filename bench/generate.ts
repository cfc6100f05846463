// Deterministic synthetic Kuma workspaces for benchmarks and smoke tests.
//
//   npm run bench:generate -- --size S|M|L|storm --out DIR [--seed N]
//
// The same size and seed always give byte-identical files. A workspace has meshes, Dataplanes
// with one to three inbounds and realistic tags, VirtualOutbounds in every template style of the
// docs, ExternalServices, Universal and Kubernetes forms, many resources per file and many
// files, plus a few deliberate conflicts and validation errors (listed in the manifest).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Size = 'S' | 'M' | 'L' | 'storm';

export interface SizeSpec {
  readonly dataplanes: number;
  readonly virtualOutbounds: number;
  readonly meshes: number;
  readonly files: number;
  readonly externalServicesPerMesh: number;
}

export const SIZES: Record<Size, SizeSpec> = {
  S: { dataplanes: 100, virtualOutbounds: 12, meshes: 2, files: 12, externalServicesPerMesh: 3 },
  M: { dataplanes: 2_000, virtualOutbounds: 60, meshes: 3, files: 200, externalServicesPerMesh: 8 },
  L: { dataplanes: 20_000, virtualOutbounds: 300, meshes: 5, files: 2_000, externalServicesPerMesh: 20 },
  // L's dataplanes with few ordinary VirtualOutbounds; `generate` adds the storm on top of them.
  storm: { dataplanes: 20_000, virtualOutbounds: 50, meshes: 5, files: 2_000, externalServicesPerMesh: 20 },
};

/** VirtualOutbounds per mesh added to the storm workspace, most of them selecting every service. */
export const STORM_VOS_PER_MESH = 56;

/** Where the benchmark can make its edits. Offsets are into the file's text. */
export interface EditTarget {
  readonly file: string;
  /** Offset of the value text to replace. */
  readonly offset: number;
  /** The current value text at `offset`. */
  readonly value: string;
}

export interface Manifest {
  readonly size: Size | 'custom';
  readonly seed: number;
  readonly files: number;
  readonly bytes: number;
  readonly documents: number;
  readonly counts: { readonly Mesh: number; readonly Dataplane: number; readonly VirtualOutbound: number; readonly ExternalService: number };
  /** What was planted on purpose: a short description per item. */
  readonly planted: readonly string[];
  /** `conf.host` values of Universal VirtualOutbounds that are valid and match many inbounds. */
  readonly voHostEdits: readonly EditTarget[];
  /** `address:` values of Universal Dataplanes. */
  readonly dataplaneEdits: readonly EditTarget[];
  /** `version:` tag values of Universal Dataplane inbounds. */
  readonly tagEdits: readonly EditTarget[];
}

export interface Workspace {
  /** Relative path (forward slashes) → text, in a stable order. */
  readonly files: Map<string, string>;
  readonly manifest: Manifest;
}

/** mulberry32: small, fast and good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'cart',
  'checkout',
  'payments',
  'ledger',
  'orders',
  'catalog',
  'search',
  'pricing',
  'inventory',
  'shipping',
  'billing',
  'accounts',
  'auth',
  'profile',
  'reviews',
  'ratings',
  'media',
  'thumbnails',
  'notifications',
  'email',
  'sms',
  'push',
  'gateway',
  'frontend',
  'backend',
  'recommend',
  'analytics',
  'events',
  'audit',
  'reports',
  'export',
  'import',
  'scheduler',
  'worker',
  'queue',
  'cache',
  'session',
  'tokens',
  'fraud',
  'risk',
  'tax',
  'invoices',
  'refunds',
  'loyalty',
  'coupons',
  'wishlist',
  'stock',
  'warehouse',
];
const TEAMS = ['checkout', 'platform', 'growth', 'core', 'data', 'mobile', 'identity', 'fulfilment', 'finance', 'search'];
const ZONES = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1'];
const PROTOCOLS = ['http', 'http', 'http', 'grpc', 'tcp', 'http2'];
const MESH_NAMES = ['default', 'payments', 'retail', 'internal', 'edge', 'analytics', 'staging'];

interface Service {
  readonly name: string;
  readonly team: string;
  readonly port: number;
  readonly protocol: string;
  readonly versions: readonly string[];
  /** Stateful: instances carry kuma.io/instance. */
  readonly stateful: boolean;
  /** Publishes its own hostname/port through tags (the docs' host-port scenario). */
  readonly hostPort: boolean;
  /** Extra inbounds: 0 to 2 (admin, grpc). */
  readonly extraInbounds: number;
  readonly kubernetes: boolean;
  readonly namespace: string;
}

interface Out {
  readonly path: string;
  readonly docs: string[];
}

function q(s: string): string {
  return JSON.stringify(s);
}

export function generate(size: Size | SizeSpec, seed = 1): Workspace {
  const ws = generateBase(size, seed);
  if (size !== 'storm') return ws;
  const storm = stormFiles(MESH_NAMES.slice(0, SIZES.storm.meshes), seed);
  let bytes = ws.manifest.bytes;
  for (const [file, text] of storm.files) {
    ws.files.set(file, text);
    bytes += Buffer.byteLength(text);
  }
  const counts = { ...ws.manifest.counts, VirtualOutbound: ws.manifest.counts.VirtualOutbound + storm.count };
  return { files: ws.files, manifest: { ...ws.manifest, files: ws.files.size, bytes, documents: ws.manifest.documents + storm.count, counts, planted: [...ws.manifest.planted, ...storm.planted] } };
}

/**
 * The conflict storm: in every mesh, VirtualOutbounds that select every service and render the
 * same hostnames. Copies of one-hostname-per-service with equal rank (ambiguous priority), wider
 * selectors that outrank them (priority), templates that read a tag they do not render (conflicts
 * between dataplanes), and one hostname shared by every service (a conflict on every inbound).
 */
function stormFiles(meshes: readonly string[], seed: number): { files: Map<string, string>; count: number; planted: string[] } {
  const files = new Map<string, string>();
  let count = 0;
  for (const mesh of meshes) {
    const domain = `${mesh}.mesh`;
    const docs: string[] = [];
    for (let i = 0; i < STORM_VOS_PER_MESH; i++) {
      const kind = i % 7;
      const name = `storm-${String(i).padStart(2, '0')}`;
      const svc = ['  parameters:', '    - name: service', '      tagKey: kuma.io/service'];
      let match = ['      kuma.io/service: "*"'];
      let host = `{{.service}}.${domain}`;
      let port = '80';
      let params = svc;
      if (kind === 1 || kind === 2) match = [...match, '      version: "*"'];
      else if (kind === 3) params = [...svc, '    - name: version'];
      else if (kind === 4) {
        host = `{{.service}}.{{.version}}.${domain}`;
        params = [...svc, '    - name: version'];
      } else if (kind === 5) host = `all.${domain}`;
      else if (kind === 6) {
        match = [...match, '      kuma.io/zone: "*"'];
        port = '8080';
      }
      docs.push(['type: VirtualOutbound', `mesh: ${mesh}`, `name: ${name}`, 'selectors:', '  - match:', ...match, 'conf:', `  host: ${q(host)}`, `  port: ${q(port)}`, ...params].join('\n') + '\n');
      count++;
    }
    files.set(`policies/${mesh}/storm.yaml`, `# policies/${mesh}/storm.yaml: synthetic Kuma resources (seed ${seed})\n` + docs.join('---\n'));
  }
  return { files, count, planted: [`storm: ${STORM_VOS_PER_MESH} VirtualOutbounds per mesh render overlapping hostnames for every service`] };
}

/**
 * The copy-paste mistake: `services` services of one dataplane each and two copies of the docs'
 * one-hostname-per-service VirtualOutbound. One mistake: one finding on each copy.
 */
export function generateCopyPaste(services: number): Workspace {
  const docs: string[] = ['type: Mesh\nname: default\n'];
  for (let i = 0; i < services; i++) {
    docs.push(
      `type: Dataplane\nmesh: default\nname: dp-${i}\nnetworking:\n  address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: svc-${i}\n`,
    );
  }
  const vo = (name: string) =>
    `type: VirtualOutbound\nmesh: default\nname: ${name}\nselectors:\n  - match:\n      kuma.io/service: "*"\nconf:\n  host: "{{.service}}.mesh"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n`;
  const files = new Map<string, string>([
    ['dataplanes.yaml', docs.join('---\n')],
    ['virtual-outbounds.yaml', [vo('per-service'), vo('per-service-copy')].join('---\n')],
  ]);
  let bytes = 0;
  for (const t of files.values()) bytes += Buffer.byteLength(t);
  return {
    files,
    manifest: {
      size: 'custom',
      seed: 0,
      files: files.size,
      bytes,
      documents: docs.length + 2,
      counts: { Mesh: 1, Dataplane: services, VirtualOutbound: 2, ExternalService: 0 },
      planted: ['copy-paste: per-service and per-service-copy render the same hostname for every service'],
      voHostEdits: [],
      dataplaneEdits: [],
      tagEdits: [],
    },
  };
}

function generateBase(size: Size | SizeSpec, seed: number): Workspace {
  const spec = typeof size === 'string' ? SIZES[size] : size;
  const sizeName: Size | 'custom' = typeof size === 'string' ? size : 'custom';
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;

  const meshes = MESH_NAMES.slice(0, spec.meshes);
  const planted: string[] = [];
  const counts = { Mesh: 0, Dataplane: 0, VirtualOutbound: 0, ExternalService: 0 };
  const voHostEdits: EditTarget[] = [];
  const dataplaneEdits: EditTarget[] = [];
  const tagEdits: EditTarget[] = [];

  // Services per mesh: about ten dataplanes per service.
  const dpsPerMesh = meshes.map((_, i) => Math.floor(spec.dataplanes / meshes.length) + (i < spec.dataplanes % meshes.length ? 1 : 0));
  const servicesByMesh: Service[][] = meshes.map((mesh, mi) => {
    const n = Math.max(3, Math.round(dpsPerMesh[mi]! / 10));
    const out: Service[] = [];
    for (let i = 0; i < n; i++) {
      const base = WORDS[i % WORDS.length]!;
      const name = i < WORDS.length ? base : `${base}-${Math.floor(i / WORDS.length)}`;
      const kubernetes = mi % 2 === 1 && chance(0.6);
      const nVersions = chance(0.5) ? 1 : chance(0.6) ? 2 : 3;
      out.push({
        name,
        team: TEAMS[(i * 7 + mi) % TEAMS.length]!,
        port: pick([8080, 8080, 8080, 9090, 3000, 5432, 6379, 8443]),
        protocol: pick(PROTOCOLS),
        versions: ['v1', 'v2', 'v3'].slice(0, nVersions),
        stateful: chance(0.15),
        hostPort: chance(0.05),
        extraInbounds: chance(0.6) ? 0 : chance(0.6) ? 1 : 2,
        kubernetes,
        namespace: `${name!.split('-')[0]}-ns`,
      });
    }
    void mesh;
    return out;
  });

  // Dataplanes, grouped by team folder, many per file.
  const folders = Math.max(1, Math.min(40, Math.round(spec.files / 50)));
  const meshFile: Out = { path: 'meshes.yaml', docs: [] };
  const voFiles: Out[] = [];
  const esFiles: Out[] = [];
  const dpFiles: Out[] = [];

  for (const mesh of meshes) {
    const k8s = meshes.indexOf(mesh) % 2 === 1;
    meshFile.docs.push(
      k8s
        ? `apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: ${mesh}\nspec:\n  mtls:\n    enabledBackend: ca-1\n    backends:\n      - name: ca-1\n        type: builtin\n`
        : `type: Mesh\nname: ${mesh}\nmtls:\n  enabledBackend: ca-1\n  backends:\n    - name: ca-1\n      type: builtin\n`,
    );
    counts.Mesh++;
  }

  // VirtualOutbounds and ExternalServices take a fixed share of the file budget; dataplanes the rest.
  const voFileCount = Math.max(meshes.length, Math.round(spec.virtualOutbounds / 6));
  const esFileCount = meshes.length;
  const dpFileCount = Math.max(1, spec.files - 1 - voFileCount - esFileCount);
  for (let i = 0; i < dpFileCount; i++) {
    const folder = `team-${String(i % folders).padStart(2, '0')}`;
    dpFiles.push({ path: `${folder}/dataplanes-${String(Math.floor(i / folders)).padStart(3, '0')}.yaml`, docs: [] });
  }

  let addressCounter = 0;
  const nextAddress = () => {
    const n = ++addressCounter;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
  const dpNames = new Set<string>();
  let dpIndex = 0;
  const dataplaneDoc = (mesh: string, svc: Service, instance: number): string => {
    const zone = ZONES[instance % ZONES.length]!;
    const version = svc.versions[instance % svc.versions.length];
    let name = `${svc.name}-${zone.replace(/-\d$/, '')}-${instance}`;
    while (dpNames.has(`${mesh}/${name}`)) name = `${name}x`;
    dpNames.add(`${mesh}/${name}`);
    const address = nextAddress();
    const lines: string[] = [];
    const inboundTags = (service: string, ind: string, main = true): string[] => {
      const t = [`${ind}kuma.io/service: ${service}`, `${ind}kuma.io/protocol: ${svc.protocol}`, `${ind}kuma.io/zone: ${zone}`, `${ind}version: ${version}`, `${ind}team: ${svc.team}`];
      if (svc.stateful) t.push(`${ind}kuma.io/instance: ${svc.name}-${instance}`);
      if (svc.hostPort && main) t.push(`${ind}my.mesh/hostname: ${svc.name}-${instance}.${svc.team}.mesh`, `${ind}my.mesh/port: "${svc.port}"`);
      return t;
    };
    if (svc.kubernetes) {
      const svcTag = `${svc.name}_${svc.namespace}_svc_${svc.port}`;
      lines.push(
        'apiVersion: kuma.io/v1alpha1',
        'kind: Dataplane',
        `mesh: ${mesh}`,
        'metadata:',
        `  name: ${name}`,
        `  namespace: ${svc.namespace}`,
        '  labels:',
        `    app: ${svc.name}`,
        'spec:',
        '  networking:',
        `    address: ${address}`,
        '    inbound:',
      );
      lines.push(`      - port: ${svc.port}`, '        tags:', ...inboundTags(svcTag, '          '), `          k8s.kuma.io/namespace: ${svc.namespace}`);
      for (let e = 0; e < svc.extraInbounds; e++) {
        const port = e === 0 ? 9901 : 9090;
        lines.push(
          `      - port: ${port}`,
          '        tags:',
          ...inboundTags(`${svc.name}-${e === 0 ? 'admin' : 'grpc'}_${svc.namespace}_svc_${port}`, '          ', false),
          `          k8s.kuma.io/namespace: ${svc.namespace}`,
        );
      }
    } else {
      lines.push('type: Dataplane', `mesh: ${mesh}`, `name: ${name}`, 'networking:', `  address: ${address}`, '  inbound:');
      lines.push(`    - port: ${svc.port}`, `      servicePort: ${svc.port + 1}`, '      tags:', ...inboundTags(svc.name, '        '));
      for (let e = 0; e < svc.extraInbounds; e++) {
        const port = e === 0 ? 9901 : 9090;
        lines.push(`    - port: ${port}`, '      tags:', ...inboundTags(`${svc.name}-${e === 0 ? 'admin' : 'grpc'}`, '        ', false));
      }
      lines.push('  transparentProxying:', '    redirectPortInbound: 15006', '    redirectPortOutbound: 15001');
    }
    dpIndex++;
    counts.Dataplane++;
    return lines.join('\n') + '\n';
  };

  // Deal dataplanes into files: each file holds consecutive instances of a few services.
  let fileCursor = 0;
  meshes.forEach((mesh, mi) => {
    const services = servicesByMesh[mi]!;
    let remaining = dpsPerMesh[mi];
    let instance = 0;
    while (remaining! > 0) {
      for (const svc of services) {
        if (remaining === 0) break;
        const file = dpFiles[Math.min(dpFiles.length - 1, Math.floor((fileCursor * dpFiles.length) / spec.dataplanes))]!;
        file.docs.push(dataplaneDoc(mesh, svc, instance));
        fileCursor++;
        remaining!--;
      }
      instance++;
    }
  });

  // VirtualOutbounds: a few wide ones per mesh in every documented style, the rest per service or team.
  interface Vo {
    name: string;
    match: Record<string, string>;
    host: string;
    port: string;
    params: Array<{ name: string; tagKey?: string }>;
    edit?: boolean;
  }
  const vosByMesh: Vo[][] = meshes.map(() => []);
  const editableVos = new Set<string>();
  const perMesh = meshes.map((_, i) => Math.floor(spec.virtualOutbounds / meshes.length) + (i < spec.virtualOutbounds % meshes.length ? 1 : 0));
  meshes.forEach((mesh, mi) => {
    const services = servicesByMesh[mi]!;
    const list = vosByMesh[mi]!;
    const domain = `${mesh}.mesh`;
    const svcParam = { name: 'service', tagKey: 'kuma.io/service' };
    // The docs' styles, workspace-wide.
    list.push({
      name: 'per-version',
      match: { 'kuma.io/service': '*', version: '*' },
      host: `{{.service}}.{{.version}}.${domain}`,
      port: '80',
      params: [svcParam, { name: 'version', tagKey: 'version' }],
      edit: true,
    });
    list.push({
      name: 'per-instance',
      match: { 'kuma.io/service': '*', 'kuma.io/instance': '*' },
      host: `inst-{{.instance}}.{{.service}}.${domain}`,
      port: '{{if .port}}{{.port}}{{else}}6379{{end}}',
      params: [svcParam, { name: 'instance', tagKey: 'kuma.io/instance' }, { name: 'port', tagKey: 'kuma.io/port' }],
    });
    list.push({
      name: 'host-port',
      match: { 'kuma.io/service': '*', 'my.mesh/hostname': '*' },
      host: '{{.hostname}}',
      port: '{{.port}}',
      params: [{ name: 'hostname', tagKey: 'my.mesh/hostname' }, { name: 'port', tagKey: 'my.mesh/port' }, svcParam],
    });
    list.push({
      name: 'per-zone',
      match: { 'kuma.io/service': '*', 'kuma.io/zone': '*' },
      host: `{{printf "%s.%s" .service .zone}}.zones.${domain}`,
      port: '{{- if .port -}} {{.port}} {{- else -}} 8080 {{- end -}}',
      params: [svcParam, { name: 'zone', tagKey: 'kuma.io/zone' }, { name: 'port', tagKey: 'kuma.io/port' }],
    });
    const plantHere = mi === 0 && perMesh[mi]! >= 6;
    let n = 0;
    while (list.length < perMesh[mi]! - (plantHere ? 6 : 0)) {
      const svc = services[(n * 13) % services.length]!;
      const svcName = svc.kubernetes ? `${svc.name}_${svc.namespace}_svc_${svc.port}` : svc.name;
      const style = n % 6;
      const id = `${svc.name}-${style}-${n}`;
      if (style === 0) list.push({ name: `svc-${id}`, match: { 'kuma.io/service': svcName }, host: `${svc.name}.${svc.team}.${domain}`, port: String(svc.port), params: [svcParam], edit: true });
      else if (style === 1)
        list.push({
          name: `ver-${id}`,
          match: { 'kuma.io/service': svcName, version: '*' },
          host: `{{.version}}.${svc.name}.r${n}.${domain}`,
          port: '{{if .port}}{{.port}}{{else}}80{{end}}',
          params: [svcParam, { name: 'version', tagKey: 'version' }, { name: 'port', tagKey: 'kuma.io/port' }],
          edit: true,
        });
      else if (style === 2)
        list.push({
          name: `zone-${id}`,
          match: { 'kuma.io/service': svcName, 'kuma.io/zone': '*' },
          host: `{{printf "%s-%s" .zone "${svc.name}"}}.z${n}.${domain}`,
          port: `{{printf "%d" ${svc.port}}}`,
          params: [svcParam, { name: 'zone', tagKey: 'kuma.io/zone' }],
          edit: true,
        });
      else if (style === 3)
        list.push({
          name: `team-${id}`,
          match: { 'kuma.io/service': '*', team: svc.team, version: '*' },
          host: `{{.service}}.{{.version}}.t${n}.{{.team}}.${domain}`,
          port: '8080',
          params: [svcParam, { name: 'team' }, { name: 'version' }],
        });
      else if (style === 4)
        list.push({
          name: `inst-${id}`,
          match: { 'kuma.io/service': svcName, 'kuma.io/instance': '*' },
          host: `{{.inst}}.i${n}.${domain}`,
          port: String(svc.port),
          params: [svcParam, { name: 'inst', tagKey: 'kuma.io/instance' }],
        });
      else
        list.push({
          name: `lower-${id}`,
          match: { 'kuma.io/service': svcName },
          host: `{{with .svc}}{{.}}{{end}}.l${n}.${domain}`,
          port: '{{ .p | printf "%s" | len | printf "%d0" }}',
          params: [
            { name: 'svc', tagKey: 'kuma.io/service' },
            { name: 'p', tagKey: 'kuma.io/protocol' },
          ],
          edit: true,
        });
      n++;
    }
    // Planted problems (only where the size allows).
    if (plantHere) {
      const svc = services.find((x) => x.versions.length > 1 && !x.kubernetes) ?? services[1];
      list.push({ name: 'team-short-names', match: { 'kuma.io/service': svc!.name, version: '*' }, host: `${svc!.name}.short.${domain}`, port: '80', params: [svcParam, { name: 'version' }] });
      planted.push(`conflict: VirtualOutbound team-short-names (mesh ${mesh}) reads version without using it, so ${svc!.name}.short.${domain}:80 gets different tag sets`);
      list.push({
        name: 'docs-host-port',
        match: { 'kuma.io/service': '*' },
        host: '{{.hostname}}',
        port: '{{.port}}',
        params: [{ name: 'hostname', tagKey: 'my.mesh/hostname' }, { name: 'port', tagKey: 'my.mesh/port' }, { name: 'service' }],
      });
      planted.push(`validation: VirtualOutbound docs-host-port (mesh ${mesh}) has no parameter with tagKey kuma.io/service`);
      list.push({ name: 'broken-template', match: { 'kuma.io/service': services[2]!.name }, host: '{{.svc}.broken.mesh', port: '80', params: [{ name: 'svc', tagKey: 'kuma.io/service' }] });
      planted.push(`validation: VirtualOutbound broken-template (mesh ${mesh}) has a template parse error`);
      list.push({
        name: 'port-overflow',
        match: { 'kuma.io/service': services[0]!.name },
        host: `{{.svc}}.overflow.${domain}`,
        port: '{{.p}}00000',
        params: [
          { name: 'svc', tagKey: 'kuma.io/service' },
          { name: 'p', tagKey: 'kuma.io/service' },
        ],
      });
      planted.push(`validation: VirtualOutbound port-overflow (mesh ${mesh}) renders a port out of range`);
      list.push({ name: 'clash-a', match: { 'kuma.io/service': services[0]!.name }, host: `shared.${domain}`, port: '80', params: [svcParam] });
      list.push({ name: 'clash-b', match: { 'kuma.io/service': services[2]!.name }, host: `shared.${domain}`, port: '80', params: [svcParam] });
      planted.push(`conflict: VirtualOutbounds clash-a and clash-b (mesh ${mesh}) both claim shared.${domain}:80`);
    }
  });

  meshes.forEach((mesh, mi) => {
    const k8s = mi % 2 === 1;
    const list = vosByMesh[mi]!;
    const filesForMesh = Math.max(1, Math.round((list.length / spec.virtualOutbounds) * voFileCount));
    const outs: Out[] = [];
    for (let f = 0; f < filesForMesh; f++) outs.push({ path: `policies/${mesh}/virtual-outbounds-${String(f).padStart(2, '0')}.yaml`, docs: [] });
    list.forEach((vo, i) => {
      const out = outs[i % outs.length]!;
      const matchLines = (ind: string) => Object.entries(vo.match).map(([k, v]) => `${ind}${k}: ${q(v)}`);
      const paramLines = (ind: string) => vo.params.flatMap((p) => [`${ind}- name: ${p.name}`, ...(p.tagKey ? [`${ind}  tagKey: ${p.tagKey}`] : [])]);
      let doc: string;
      if (k8s) {
        doc =
          [
            'apiVersion: kuma.io/v1alpha1',
            'kind: VirtualOutbound',
            `mesh: ${mesh}`,
            'metadata:',
            `  name: ${vo.name}`,
            'spec:',
            '  selectors:',
            '    - match:',
            ...matchLines('        '),
            '  conf:',
            `    host: ${q(vo.host)}`,
            `    port: ${q(vo.port)}`,
            '    parameters:',
            ...paramLines('      '),
          ].join('\n') + '\n';
      } else {
        doc =
          [
            'type: VirtualOutbound',
            `mesh: ${mesh}`,
            `name: ${vo.name}`,
            'selectors:',
            '  - match:',
            ...matchLines('      '),
            'conf:',
            `  host: ${q(vo.host)}`,
            `  port: ${q(vo.port)}`,
            '  parameters:',
            ...paramLines('    '),
          ].join('\n') + '\n';
        if (vo.edit) editableVos.add(vo.name);
      }
      out.docs.push(doc);
      counts.VirtualOutbound++;
    });
    voFiles.push(...outs);

    // ExternalServices of the mesh.
    const es: Out = { path: `external/${mesh}.yaml`, docs: [] };
    for (let i = 0; i < spec.externalServicesPerMesh; i++) {
      const host = i === 1 && mi === 0 ? `api.${WORDS[0]}.example.com` : `api.${WORDS[i % WORDS.length]}${i >= WORDS.length ? i : ''}.example.com`;
      const name = `ext-${WORDS[i % WORDS.length]}-${i}`;
      const port = i % 3 === 0 ? 80 : 443;
      const addr = i === 1 && mi === 0 ? `api.${WORDS[0]}.example.com:80` : `${host}:${port}`;
      es.docs.push(
        k8s
          ? `apiVersion: kuma.io/v1alpha1\nkind: ExternalService\nmesh: ${mesh}\nmetadata:\n  name: ${name}\nspec:\n  tags:\n    kuma.io/service: ${name}\n    kuma.io/protocol: ${port === 80 ? 'http' : 'tcp'}\n  networking:\n    address: ${addr}\n`
          : `type: ExternalService\nmesh: ${mesh}\nname: ${name}\ntags:\n  kuma.io/service: ${name}\n  kuma.io/protocol: ${port === 80 ? 'http' : 'tcp'}\nnetworking:\n  address: ${addr}\n${port === 443 ? '  tls:\n    enabled: true\n' : ''}`,
      );
      counts.ExternalService++;
    }
    if (mi === 0 && spec.externalServicesPerMesh >= 2) planted.push(`conflict: two ExternalServices of mesh ${mesh} share networking.address api.${WORDS[0]}.example.com:80`);
    esFiles.push(es);
  });

  // Planted Dataplane problems: an invalid tag value, an unknown field, a syntax error, a duplicate name.
  const universalDp = dpFiles.filter((f) => f.docs.some((d) => d.startsWith('type: Dataplane')));
  if (universalDp.length >= 3) {
    const a = universalDp[Math.floor(universalDp.length / 3)]!;
    const ai = a.docs.findIndex((d) => d.startsWith('type: Dataplane'));
    a.docs[ai] = a.docs[ai]!.replace(/version: (v\d)/, 'version: $1 beta');
    planted.push(`validation: a Dataplane in ${a.path} has a tag value with a space`);
    const b = universalDp[Math.floor((2 * universalDp.length) / 3)]!;
    const bi = b.docs.findIndex((d) => d.startsWith('type: Dataplane'));
    b.docs[bi] = b.docs[bi]!.replace('  transparentProxying:', '  transparentProxy:');
    planted.push(`unknown field: a Dataplane in ${b.path} has networking.transparentProxy`);
    const c = universalDp[universalDp.length - 1]!;
    const ci = c.docs.findIndex((d) => d.startsWith('type: Dataplane'));
    c.docs[ci] = c.docs[ci]!.replace(/\n {2}inbound:\n/, '\n  inbound:\n   - port: [9\n');
    planted.push(`syntax: a Dataplane in ${c.path} has a YAML syntax error`);
    const dup = universalDp[1]!.docs.find((d) => d.startsWith('type: Dataplane'))!;
    universalDp[0]!.docs.push(dup.replace(/address: [\d.]+/, `address: ${nextAddress()}`));
    counts.Dataplane++;
    planted.push(`duplicate: a Dataplane of ${universalDp[1]!.path} is defined again in ${universalDp[0]!.path}`);
  }

  const all: Out[] = [meshFile, ...esFiles, ...voFiles, ...dpFiles].filter((o) => o.docs.length > 0);
  const files = new Map<string, string>();
  let bytes = 0;
  let documents = 0;
  for (const out of all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const header = `# ${out.path}: synthetic Kuma resources (seed ${seed})\n`;
    let text = header;
    const docOffsets: number[] = [];
    out.docs.forEach((d, i) => {
      if (i > 0) text += '---\n';
      docOffsets.push(text.length);
      text += d;
    });
    files.set(out.path, text);
    bytes += Buffer.byteLength(text);
    documents += out.docs.length;
    // Edit targets: the host of valid Universal VirtualOutbounds that match a service's inbounds.
    out.docs.forEach((d, i) => {
      const m = /^name: (.*)\n/m.exec(d);
      if (!d.startsWith('type: VirtualOutbound') || !m || !editableVos.has(m[1]!)) return;
      const h = /^ {2}host: (.*)$/m.exec(d)!;
      voHostEdits.push({ file: out.path, offset: docOffsets[i]! + h.index + '  host: '.length, value: h[1]! });
    });
    if (out.path.includes('/dataplanes-')) {
      const re = /^ {2}address: ([\d.]+)$/gm;
      for (let m = re.exec(text), k = 0; m && k < 1; m = re.exec(text), k++) {
        dataplaneEdits.push({ file: out.path, offset: m.index + '  address: '.length, value: m[1]! });
      }
      const tr = /^ {8}version: (v\d)$/gm;
      for (let m = tr.exec(text), k = 0; m && k < 1; m = tr.exec(text), k++) {
        tagEdits.push({ file: out.path, offset: m.index + '        version: '.length, value: m[1]! });
      }
    }
  }
  void dpIndex;
  return {
    files,
    manifest: { size: sizeName, seed, files: files.size, bytes, documents, counts, planted, voHostEdits, dataplaneEdits, tagEdits },
  };
}

export function writeWorkspace(ws: Workspace, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of ws.files) {
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  fs.writeFileSync(path.join(dir, '.manifest.json'), JSON.stringify(ws.manifest, null, 2) + '\n');
}

function main(argv: string[]): void {
  let size: Size = 'S';
  let out = '';
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') size = argv[++i] as Size;
    else if (a === '--out') out = argv[++i]!;
    else if (a === '--seed') seed = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(size in SIZES)) throw new Error('--size must be S, M, L or storm');
  if (!out) throw new Error('--out DIR is required');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const ws = generate(size, seed);
  writeWorkspace(ws, out);
  const m = ws.manifest;
  process.stdout.write(
    `${m.files} files, ${(m.bytes / 1e6).toFixed(1)} MB, ${m.documents} documents (${m.counts.Dataplane} Dataplane, ${m.counts.VirtualOutbound} VirtualOutbound, ${m.counts.ExternalService} ExternalService, ${m.counts.Mesh} Mesh) in ${out}\n`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:generate: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
