// Writes schemas/kuma-resources.schema.json: a draft-07 JSON schema of the Kuma resources Mesh Lens
// reads (Mesh, Dataplane, VirtualOutbound, ExternalService), in the Universal form (`type:`, flat)
// and the Kubernetes form (`apiVersion: kuma.io/v1alpha1`, `kind:`, top-level `mesh:`, `spec:`).
// Usable by vscode-yaml users (`yaml.schemas`), and by the benchmark's yaml-language-server run.
//
//   node --import tsx bench/build-schema.ts
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;

const ref = (name: string, description?: string): Json => ({ $ref: `#/definitions/${name}`, ...(description ? { description } : {}) });
const str = (description: string, extra: Json = {}): Json => ({ type: 'string', description, ...extra });

const specs: Record<string, Json> = {
  Mesh: {
    mtls: { type: 'object', description: 'Mutual TLS: enabledBackend and backends.' },
    logging: { type: 'object', description: 'Traffic logging backends.' },
    tracing: { type: 'object', description: 'Tracing backends.' },
    metrics: { type: 'object', description: 'Metrics backends.' },
    networking: { type: 'object', description: 'Mesh networking (outbound passthrough).' },
    routing: { type: 'object', description: 'Routing settings (locality-aware load balancing, zone egress).' },
    constraints: { type: 'object', description: 'Constraints on which dataplane proxies may join.' },
    skipCreatingInitialPolicies: { type: 'array', items: { type: 'string' }, description: 'Default policies not to create.' },
  },
  Dataplane: {
    networking: {
      description: 'Networking of the data plane proxy. Only inbound tags feed VirtualOutbound hostnames.',
      type: 'object',
      additionalProperties: false,
      properties: {
        address: str('IP address or DNS name of the data plane proxy.'),
        advertisedAddress: str('Address advertised to other proxies.'),
        inbound: {
          description: 'Inbound listeners. Each inbound is matched against VirtualOutbound selectors on its own tags.',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['tags'],
            properties: {
              port: ref('port', 'Port the proxy listens on.'),
              servicePort: ref('port', 'Port of the application.'),
              serviceAddress: str('Address of the application.'),
              address: str('Address of the inbound listener.'),
              tags: ref('inboundTags'),
              health: { type: 'object' },
              serviceProbe: { type: 'object' },
              state: { type: 'string' },
            },
          },
        },
        outbound: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { address: { type: 'string' }, port: ref('port'), service: { type: 'string' }, tags: ref('tags') },
          },
        },
        gateway: {
          type: 'object',
          additionalProperties: false,
          properties: { type: { enum: ['DELEGATED', 'BUILTIN'] }, tags: ref('tags') },
        },
        ingress: { type: 'object' },
        transparentProxying: {
          type: 'object',
          additionalProperties: false,
          properties: {
            redirectPortInbound: ref('port'),
            redirectPortOutbound: ref('port'),
            redirectPortInboundV6: ref('port'),
            directAccessServices: { type: 'array', items: { type: 'string' } },
            reachableServices: { type: 'array', items: { type: 'string' }, description: 'When set, only these services are reachable through VIPs.' },
            ipFamilyMode: { enum: ['DualStack', 'IPv4', 'IPv6'] },
          },
        },
        admin: { type: 'object' },
      },
    },
    metrics: { type: 'object' },
    probes: { type: 'object' },
  },
  VirtualOutbound: {
    selectors: {
      description: 'Which inbounds (and external services) this VirtualOutbound applies to. All matching VirtualOutbounds apply.',
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match'],
        properties: {
          match: {
            description: 'Tag selector: every key must exist on the inbound, with an equal value or "*".',
            type: 'object',
            minProperties: 1,
            propertyNames: { pattern: '^[a-zA-Z0-9.\\-_:/]+$' },
            additionalProperties: { type: 'string', pattern: '^([a-zA-Z0-9.\\-_:/]+|\\*)$' },
          },
        },
      },
    },
    conf: {
      description: 'Hostname and port templates (Go text/template) and the parameters they read.',
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port', 'parameters'],
      properties: {
        host: str('Go template that renders the hostname, e.g. "{{.service}}.{{.version}}.mesh".', { minLength: 1 }),
        port: str('Go template that must render to a port in 1..65535, e.g. "{{if .port}}{{.port}}{{else}}8080{{end}}".', { minLength: 1 }),
        parameters: {
          description: 'Template parameters. One must have tagKey kuma.io/service.',
          type: 'array',
          minItems: 1,
          contains: { required: ['tagKey'], properties: { tagKey: { const: 'kuma.io/service' } } },
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: str('Parameter name used as {{.name}} in the templates.', { pattern: '^[a-zA-Z0-9]+$' }),
              tagKey: str('Tag whose value fills the parameter (defaults to the name).', { pattern: '^[a-zA-Z0-9.\\-_:/]*$' }),
            },
          },
        },
      },
    },
  },
  ExternalService: {
    tags: ref('serviceTags'),
    networking: {
      type: 'object',
      additionalProperties: false,
      required: ['address'],
      properties: {
        address: str('host:port of the external service.', { pattern: '^.+:[0-9]+$' }),
        tls: { type: 'object' },
        disableHostDNSEntry: { type: 'boolean', description: 'Do not generate a DNS entry for the host part of the address.' },
      },
    },
  },
};

const required: Record<string, string[]> = { Mesh: [], Dataplane: ['networking'], VirtualOutbound: ['selectors', 'conf'], ExternalService: ['tags', 'networking'] };

const definitions: Record<string, Json> = {
  name: str("Resource name (Universal API rule: numbers, lowercase letters, '-' and '_').", { minLength: 1, maxLength: 253, pattern: '^[0-9a-z_-]+$' }),
  mesh: str('Name of the Mesh this resource belongs to.', { minLength: 1, pattern: '^[0-9a-z_-]+$' }),
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  tags: {
    type: 'object',
    propertyNames: { pattern: '^[a-zA-Z0-9.\\-_:/]+$' },
    additionalProperties: { type: 'string', pattern: '^[a-zA-Z0-9.\\-_:]+$' },
  },
  inboundTags: {
    description: 'Tags of an inbound: kuma.io/service is required.',
    allOf: [ref('tags')],
    type: 'object',
    required: ['kuma.io/service'],
    properties: {
      'kuma.io/service': str('Service this inbound belongs to.'),
      'kuma.io/zone': str('Zone of the data plane proxy.'),
      'kuma.io/instance': str('Instance identifier (headless services, StatefulSets).'),
      'kuma.io/protocol': { enum: ['http', 'http2', 'grpc', 'tcp', 'kafka'], description: 'Protocol of the service.' },
      version: str('Version tag.'),
      team: str('Owning team.'),
    },
  },
  serviceTags: { allOf: [ref('tags')], type: 'object', required: ['kuma.io/service'] },
};

const universalMeta: Json = {
  type: { description: 'Kuma resource type.' },
  mesh: ref('mesh'),
  name: ref('name'),
  creationTime: { type: 'string' },
  modificationTime: { type: 'string' },
  kri: { type: 'string', description: 'Resource identifier that kumactl get/export write (Kuma 2.13+); ignored on apply.' },
  labels: { type: 'object', additionalProperties: { type: 'string' } },
};

const allOf: Json[] = [];
for (const kind of Object.keys(specs)) {
  const universal = `${kind}`;
  const kubernetes = `${kind}Kubernetes`;
  const meta = { ...universalMeta, type: { const: kind, description: `Resource type: ${kind}.` } } as Json;
  if (kind === 'Mesh') delete meta.mesh;
  definitions[universal] = {
    title: kind,
    type: 'object',
    additionalProperties: false,
    required: ['type', 'name', ...(kind === 'Mesh' ? [] : ['mesh']), ...required[kind]!],
    properties: { ...meta, ...specs[kind] },
  };
  definitions[kubernetes] = {
    title: `${kind} (Kubernetes)`,
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', ...(required[kind]!.length ? ['spec'] : [])],
    properties: {
      apiVersion: { const: 'kuma.io/v1alpha1' },
      kind: { const: kind },
      ...(kind === 'Mesh' ? {} : { mesh: { ...(ref('mesh') as object), description: 'Mesh of the resource (top level, not under spec); defaults to "default".' } }),
      metadata: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, labels: { type: 'object' }, annotations: { type: 'object' } },
      },
      spec: { type: 'object', additionalProperties: false, required: required[kind], properties: specs[kind] },
    },
  };
  allOf.push({ if: { required: ['type'], properties: { type: { const: kind } } }, then: ref(universal) });
  allOf.push({ if: { required: ['apiVersion', 'kind'], properties: { apiVersion: { pattern: '^kuma\\.io/' }, kind: { const: kind } } }, then: ref(kubernetes) });
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mesh-lens.invalid/schemas/kuma-resources.schema.json',
  title: 'Kuma resource',
  description: 'One Kuma resource (one YAML document) in the Universal or the Kubernetes form: Mesh, Dataplane, VirtualOutbound, ExternalService. Other documents are left alone.',
  type: 'object',
  allOf,
  definitions,
};

const out = path.join(__dirname, '..', 'schemas', 'kuma-resources.schema.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(schema, null, 2) + '\n');
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
