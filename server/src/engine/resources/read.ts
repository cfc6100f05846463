// Recognises Kuma resources in a parsed file, in the Universal form (`type:`, flat) and the
// Kubernetes form (`apiVersion: kuma.io/v1alpha1`, `kind:`, top-level `mesh:`, body under `spec:`).
// Any other YAML is left alone: it produces no resources and no diagnostics.
import { isMap, isScalar } from 'yaml';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { firstLineOf, nodeAt, pairOf, ParsedFile, spanForPath, YamlDocument, YamlPath } from '../yaml/documents';
import { readVipConfig } from './vipConfig';
import { Dataplane, ExternalService, Form, GatewayListener, Inbound, Mesh, MeshGateway, Resource, ResourceBase, ResourceKind, VirtualOutbound, ZoneIngress } from './model';
import { AliasResolver, any, arr, asArray, asRecord, asString, asTags, bool, decode, Decoded, DecodeProblem, map, obj, Schema, since, skip, str, uint, until } from './schema';
import { DEFAULT_KUMA_VERSION, minorOf } from '../versions/kumaVersion';

const KUMA_KINDS = new Set(['Mesh', 'Dataplane', 'VirtualOutbound', 'ExternalService', 'MeshGateway', 'ZoneIngress']);
/** Kinds whose Kubernetes form is namespaced: their core name is `<name>.<namespace>`. */
const NAMESPACED = new Set(['Dataplane', 'ZoneIngress']);
/** Kinds that belong to no mesh. */
const GLOBAL = new Set(['Mesh', 'ZoneIngress']);
// `kri` is output only: `kumactl get`/`export` write it since 2.13 and every version ignores it on apply,
// so a file read back from that output is not warned about it.
const UNIVERSAL_META = { type: str, mesh: str, name: str, creationTime: any, modificationTime: any, kri: any, labels: since(6, map(str)) };
const tags = map(str);

// Fields that Kuma added or removed after 2.1 carry their version (docs/kuma-versions.md).
const BODY_SCHEMAS: Record<string, Record<string, Schema>> = {
  Mesh: {
    mtls: any,
    logging: any,
    tracing: any,
    metrics: any,
    networking: any,
    routing: any,
    constraints: any,
    skipCreatingInitialPolicies: since(3, any),
    meshServices: since(9, any),
  },
  Dataplane: {
    networking: obj({
      address: str,
      advertisedAddress: str,
      inbound: arr(
        obj({
          port: uint,
          servicePort: uint,
          serviceAddress: str,
          address: str,
          tags,
          health: any,
          serviceProbe: any,
          state: since(5, any),
          name: since(8, str),
          protocol: since(14, str),
        }),
      ),
      outbound: arr(obj({ address: str, port: uint, service: until(4, str), tags, backendRef: since(7, any) })),
      gateway: obj({ type: str, tags }),
      ingress: any,
      transparentProxying: obj({
        redirectPortInbound: uint,
        redirectPortOutbound: uint,
        redirectPortInboundV6: until(9, uint),
        directAccessServices: arr(str),
        reachableServices: arr(str),
        ipFamilyMode: since(7, any),
        reachableBackends: since(9, any),
      }),
      admin: any,
      listeners: since(14, any),
    }),
    metrics: any,
    probes: any,
  },
  VirtualOutbound: {
    selectors: arr(obj({ match: tags })),
    conf: obj({ host: str, port: str, parameters: arr(obj({ name: str, tagKey: str })) }),
  },
  ExternalService: {
    tags,
    networking: obj({ address: str, tls: any, disableHostDNSEntry: bool }),
  },
  MeshGateway: {
    selectors: arr(obj({ match: tags })),
    tags,
    conf: obj({
      listeners: arr(
        obj({
          hostname: str,
          port: uint,
          protocol: any,
          tls: obj({ mode: any, certificates: arr(any), options: any }),
          tags,
          crossMesh: bool,
          resources: obj({ connectionLimit: uint }),
        }),
      ),
    }),
  },
  ZoneIngress: {
    zone: str,
    networking: obj({ address: str, advertisedAddress: str, port: uint, advertisedPort: uint, admin: obj({ port: uint }) }),
    availableServices: arr(obj({ tags, instances: uint, mesh: str, externalService: bool })),
  },
};

/** The Universal form's schema per kind (meta and body fields side by side), built once. */
const UNIVERSAL_SCHEMAS: Record<string, Schema> = Object.fromEntries(Object.entries(BODY_SCHEMAS).map(([kind, body]) => [kind, obj({ ...UNIVERSAL_META, ...body })]));
const BODY_OBJECTS: Record<string, Schema> = Object.fromEntries(Object.entries(BODY_SCHEMAS).map(([kind, body]) => [kind, obj(body)]));
const KUBERNETES_TOP = obj({ apiVersion: str, kind: str, mesh: str, metadata: any, spec: skip });

/** MeshGateway enums by number, as protobuf JSON also accepts them. */
const PROTOCOLS = ['NONE', 'TCP', 'UDP', 'TLS', 'HTTP', 'HTTPS'];
const TLS_MODES = ['NONE', 'TERMINATE', 'PASSTHROUGH'];

function enumName(v: Decoded | undefined, names: readonly string[]): string {
  if (typeof v === 'number') return names[v] ?? String(v);
  return v === null || v === undefined ? names[0]! : asString(v);
}

/**
 * Whether Kuma `kumaVersion` knows `field` of a `kind` at `path` (body fields, e.g.
 * `['networking', 'inbound']`); fields Mesh Lens does not describe count as known.
 */
export function fieldKnownIn(kind: string, path: readonly string[], field: string, kumaVersion: string): boolean {
  const minor = minorOf(kumaVersion);
  let fields: Readonly<Record<string, Schema>> | undefined = BODY_SCHEMAS[kind];
  for (const step of [...path, field]) {
    let schema: Schema | undefined = fields && Object.prototype.hasOwnProperty.call(fields, step) ? fields[step] : undefined;
    if (!schema) return true;
    if (schema.t === 'versioned') {
      if ((schema.since !== undefined && minor < schema.since) || (schema.until !== undefined && minor >= schema.until)) return false;
      schema = schema.schema;
    }
    while (schema.t === 'array') schema = schema.items;
    fields = schema.t === 'object' ? schema.fields : undefined;
  }
  return true;
}

export interface FileResources {
  readonly resources: Resource[];
  readonly diagnostics: EngineDiagnostic[];
  /** Documents that are plain Kubernetes objects (workloads, Services, Namespaces, ...). */
  readonly kubernetesObjects: YamlDocument[];
}

/** Quick test on a document's text: could it be a Kuma resource? Used to decide whether syntax errors are ours to report. */
export function looksLikeKuma(text: string): boolean {
  return (
    /^(type:[ \t]*["']?(Mesh|Dataplane|VirtualOutbound|ExternalService|MeshGateway|ZoneIngress|HostnameGenerator)\b|apiVersion:[ \t]*["']?kuma\.io\/)/m.test(text) ||
    /^type:[ \t]*["']?Mesh[A-Z][A-Za-z]*\b/m.test(text) ||
    /^name:[ \t]*["']?kuma-[0-9a-z-_]+-dns-vips\b/m.test(text)
  );
}

/** Reads the Kuma resources of a file as Kuma `kumaVersion` (`2.N`) reads them. */
export function readResources(file: ParsedFile, kumaVersion: string = DEFAULT_KUMA_VERSION): FileResources {
  const minor = minorOf(kumaVersion);
  const resources: Resource[] = [];
  const diagnostics: EngineDiagnostic[] = [];
  const kubernetesObjects: YamlDocument[] = [];
  for (const doc of file.documents) {
    if (doc.errors.length) {
      if (looksLikeKuma(doc.text)) {
        for (const e of doc.errors) diagnostics.push(diagnostic(RULES.yamlSyntax, file.file, e.span, e.message));
      }
      continue;
    }
    const root = doc.tree().contents;
    if (!isMap(root)) continue;
    // Only the identifying keys: converting the whole document here would double the work.
    const type = topString(root, 'type');
    const apiVersion = topString(root, 'apiVersion');
    const kind = topString(root, 'kind');
    let resource: Resource | undefined;
    if (type && !apiVersion && KUMA_KINDS.has(type)) {
      resource = readKuma(doc, 'universal', type as ResourceKind, diagnostics, minor);
    } else if (type === 'Config' && !apiVersion) {
      resource = readVipConfig(doc, 'universal', diagnostics, minor);
    } else if (apiVersion.startsWith('kuma.io/') && KUMA_KINDS.has(kind)) {
      resource = readKuma(doc, 'kubernetes', kind as ResourceKind, diagnostics, minor);
    } else if (apiVersion === 'v1' && kind === 'ConfigMap') {
      resource = readVipConfig(doc, 'kubernetes', diagnostics, minor);
    } else if (apiVersion && kind) {
      kubernetesObjects.push(doc);
    }
    if (resource) resources.push(resource);
  }
  return { resources, diagnostics, kubernetesObjects };
}

function topString(root: unknown, key: string): string {
  const value = pairOf(root, key)?.value;
  return isScalar(value) && typeof value.value === 'string' ? value.value : '';
}

function readKuma(doc: YamlDocument, form: Form, kind: ResourceKind, diagnostics: EngineDiagnostic[], minor: number): Resource {
  const problems: DecodeProblem[] = [];
  const tree = doc.tree();
  const root = tree.contents;
  const aliases = new AliasResolver(tree.document);
  let body: Record<string, Decoded>;
  let meta: { name: string; mesh: string; creationTime?: number; namePath: YamlPath };
  const specPath: YamlPath = form === 'kubernetes' ? ['spec'] : [];
  if (form === 'universal') {
    const all = asRecord(decode(root, UNIVERSAL_SCHEMAS[kind]!, [], problems, aliases, minor));
    body = all;
    meta = { name: asString(all.name), mesh: GLOBAL.has(kind) ? '' : asString(all.mesh), creationTime: parseTime(all.creationTime), namePath: ['name'] };
  } else {
    const top = asRecord(decode(root, KUBERNETES_TOP, [], problems, aliases, minor));
    const metadata = asRecord(top.metadata);
    body = asRecord(decode(nodeAt(root, ['spec']), BODY_OBJECTS[kind]!, ['spec'], problems, aliases, minor));
    const name = asString(metadata.name);
    const namespace = asString(metadata.namespace);
    const namespaced = NAMESPACED.has(kind);
    meta = {
      name: namespaced && namespace ? `${name}.${namespace}` : name,
      // The top-level mesh field; Kuma reads no label and applies no default for it.
      mesh: GLOBAL.has(kind) ? '' : asString(top.mesh),
      creationTime: parseTime(metadata.creationTimestamp),
      namePath: ['metadata', 'name'],
    };
  }
  if (aliases.exhausted) {
    diagnostics.push(
      diagnostic(RULES.analysisLimit, doc.file, firstLineOf(doc, spanForPath(doc, [])), `${kind}: its aliases expand to more than the nodes Mesh Lens reads per resource; the rest is not read`),
    );
  }
  for (const p of problems) {
    const r = p.kind === 'unknown-field' ? RULES.unknownField : RULES.wrongType;
    const span = spanForPath(doc, p.path, p.kind === 'unknown-field' ? 'key' : 'value');
    diagnostics.push(diagnostic(r, doc.file, firstLineOf(doc, span), applyMessage(p, form, kind)));
  }
  const base: ResourceBase = {
    kind,
    form,
    name: meta.name,
    mesh: kind === 'Mesh' ? meta.name : meta.mesh,
    doc,
    specPath,
    namePath: meta.namePath,
    ...(meta.creationTime !== undefined ? { creationTime: meta.creationTime } : {}),
    rejected: problems.some((p) => p.kind === 'wrong-type'),
  };
  switch (kind) {
    case 'Mesh':
      return { ...base, kind: 'Mesh' } as Mesh;
    case 'Dataplane':
      return readDataplane(base, body);
    case 'VirtualOutbound':
      return readVirtualOutbound(base, body);
    case 'ExternalService':
      return readExternalService(base, body);
    case 'MeshGateway':
      return readMeshGateway(base, body);
    case 'ZoneIngress':
      return readZoneIngress(base, body);
    default:
      throw new Error(`unexpected kind ${kind}`);
  }
}

function applyMessage(p: DecodeProblem, form: Form, kind: string): string {
  const where = p.path
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[');
  if (p.kind === 'unknown-field') {
    if (form === 'universal' && p.path.length === 1 && p.path[0] === 'spec') {
      return `${p.message}: the Universal form of a ${kind} has no spec wrapper, so Kuma ignores everything under spec:; move those fields to the top level`;
    }
    return `${where}: ${p.message}: Kuma ignores it on apply`;
  }
  const quote = p.message.endsWith('type string') ? '; quote the value' : '';
  return `${where}: ${p.message} (Kuma refuses the ${kind} on apply${quote})`;
}

function parseTime(v: Decoded | undefined): number | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function readDataplane(base: ResourceBase, body: Record<string, Decoded>): Dataplane {
  const networking = asRecord(body.networking);
  const inbounds: Inbound[] = asArray(networking.inbound).map((raw, index) => {
    const inbound = asRecord(raw);
    const port = typeof inbound.port === 'number' ? inbound.port : undefined;
    // The proto enum, by name or by number (Ready = 0, NotReady = 1, Ignored = 2).
    const ignored = inbound.state === 'Ignored' || inbound.state === 2;
    return {
      index,
      ...(port !== undefined ? { port } : {}),
      tags: asTags(inbound.tags),
      ...(ignored ? { ignored } : {}),
      doc: base.doc,
      path: [...base.specPath, 'networking', 'inbound', index],
    };
  });
  const gw = networking.gateway ? asRecord(networking.gateway) : undefined;
  const tp = networking.transparentProxying ? asRecord(networking.transparentProxying) : undefined;
  return {
    ...base,
    kind: 'Dataplane',
    networkingDefined: body.networking !== undefined && body.networking !== null,
    address: asString(networking.address),
    inbounds,
    ...(gw ? { gateway: { type: asString(gw.type) || 'DELEGATED', tags: asTags(gw.tags) } } : {}),
    transparentProxying: tp !== undefined && (typeof tp.redirectPortInbound === 'number' || typeof tp.redirectPortOutbound === 'number'),
    reachableServices: asArray(tp?.reachableServices)
      .map(asString)
      .filter((s) => s !== ''),
  };
}

function readVirtualOutbound(base: ResourceBase, body: Record<string, Decoded>): VirtualOutbound {
  const selectors = asArray(body.selectors).map((s) => ({ match: asTags(asRecord(s).match) }));
  const confRaw = body.conf;
  const conf =
    confRaw && typeof confRaw === 'object' && !Array.isArray(confRaw)
      ? {
          host: asString(confRaw.host),
          port: asString(confRaw.port),
          parameters: asArray(confRaw.parameters).map((p) => ({ name: asString(asRecord(p).name), tagKey: asString(asRecord(p).tagKey) })),
        }
      : undefined;
  return { ...base, kind: 'VirtualOutbound', selectors, ...(conf ? { conf } : {}), valid: false };
}

function readExternalService(base: ResourceBase, body: Record<string, Decoded>): ExternalService {
  const networking = asRecord(body.networking);
  const address = asString(networking.address);
  const split = splitHostPort(address);
  return {
    ...base,
    kind: 'ExternalService',
    tags: asTags(body.tags),
    address,
    ...(split ? { host: split.host, port: split.port } : {}),
    disableHostDNSEntry: networking.disableHostDNSEntry === true,
  };
}

function readMeshGateway(base: ResourceBase, body: Record<string, Decoded>): MeshGateway {
  const selectors = asArray(body.selectors).map((s) => ({ match: asTags(asRecord(s).match) }));
  const conf = body.conf && typeof body.conf === 'object' && !Array.isArray(body.conf) ? body.conf : undefined;
  const listeners = conf
    ? asArray(conf.listeners).map((raw, index): GatewayListener => {
        const l = asRecord(raw);
        const tls = l.tls && typeof l.tls === 'object' && !Array.isArray(l.tls) ? { mode: enumName(l.tls.mode, TLS_MODES), certificates: asArray(l.tls.certificates).length } : undefined;
        const limit = asRecord(l.resources).connectionLimit;
        return {
          index,
          hostname: asString(l.hostname),
          port: typeof l.port === 'number' ? l.port : 0,
          protocol: enumName(l.protocol, PROTOCOLS),
          crossMesh: l.crossMesh === true,
          tags: asTags(l.tags),
          ...(tls ? { tls } : {}),
          connectionLimit: typeof limit === 'number' ? limit : 0,
        };
      })
    : undefined;
  return { ...base, kind: 'MeshGateway', selectors, tags: asTags(body.tags), ...(listeners ? { listeners } : {}) };
}

function readZoneIngress(base: ResourceBase, body: Record<string, Decoded>): ZoneIngress {
  const availableServices = asArray(body.availableServices).map((raw, index) => {
    const svc = asRecord(raw);
    return { index, tags: asTags(svc.tags), mesh: asString(svc.mesh) };
  });
  const n = asRecord(body.networking);
  const admin = n.admin && typeof n.admin === 'object' && !Array.isArray(n.admin) ? n.admin : undefined;
  const num = (v: Decoded | undefined) => (typeof v === 'number' ? v : 0);
  const networking = {
    address: asString(n.address),
    advertisedAddress: asString(n.advertisedAddress),
    port: num(n.port),
    advertisedPort: num(n.advertisedPort),
    ...(admin ? { adminPort: num(admin.port) } : {}),
  };
  return { ...base, kind: 'ZoneIngress', zone: asString(body.zone), networking, availableServices };
}

/** Go's net.SplitHostPort followed by a port parse (range unchecked); undefined when the address is not host:port. */
export function splitHostPort(address: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]*)\]:(\d+)$/.exec(address) ?? /^([^:]*):(\d+)$/.exec(address);
  if (!m) return undefined;
  return { host: m[1]!, port: Number(m[2]) };
}
