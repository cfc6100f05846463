// Completion from the workspace: tag keys where a key goes, tag values and "*" where a value goes,
// parameter names after `{{.`, mesh names, resource kinds, and the fields of each kind in both
// forms. The context is read from the text (indentation), so it works while the YAML is broken.
import { CompletionItem, CompletionItemKind, CompletionList, MarkupKind, Position, TextEdit, Range } from 'vscode-languageserver';
import { isPlaceholderValue } from '../engine/kubernetes';
import { VirtualOutbound } from '../engine/resources/model';
import { fieldKnownIn } from '../engine/resources/read';
import { kumaVersionOf } from '../engine/settings';
import { Snapshot } from '../workspace/snapshot';

export const KINDS: Record<string, string> = {
  Mesh: 'A service mesh: mTLS, logging, tracing, metrics and routing defaults.',
  Dataplane: 'A data-plane proxy: its address and inbounds (with tags) and, optionally, transparent proxying.',
  VirtualOutbound: 'Generates hostnames and ports (Go templates over inbound tags) for the inbounds its selectors match.',
  ExternalService: 'A service outside the mesh, reachable through its tags and networking.address.',
  MeshGateway: 'A built-in gateway: listeners (hostname, port, protocol); `crossMesh` listeners get an entry in every mesh.',
  ZoneIngress: 'The ingress of a zone (global, no mesh): its zone and the services it makes available to other zones.',
};

type FieldDocs = Record<string, string>;
const FIELDS: Record<string, Record<string, FieldDocs>> = {
  VirtualOutbound: {
    '': { selectors: 'Which inbounds the VirtualOutbound applies to (`- match: {tag: value}`; `*` matches any value).', conf: 'The hostname and port templates and their parameters.' },
    selectors: { match: 'Tags an inbound must have; `*` matches any value.' },
    conf: {
      host: 'Go template for the hostname, e.g. `{{.service}}.mesh`. Must render a DNS name.',
      port: 'Go template for the port, e.g. `"{{.port}}"`. Must render 1..65535. A string.',
      parameters: 'The template parameters: each reads the tag `tagKey` (default: the name) of the inbound.',
    },
    'conf/parameters': { name: 'The parameter name, read in the templates as `{{.name}}`.', tagKey: 'The inbound tag the parameter reads (defaults to the name).' },
  },
  Dataplane: {
    '': { networking: 'Address, inbounds, outbounds, gateway and transparent proxying.', metrics: 'Metrics backend override.', probes: 'Virtual probes.' },
    networking: {
      address: 'The IP address (or hostname) of the dataplane.',
      advertisedAddress: 'The address other dataplanes use when it differs from `address`.',
      inbound: 'The services the dataplane exposes, each with a port and tags (`kuma.io/service` required).',
      outbound: 'Explicit outbounds (without transparent proxying).',
      gateway: 'Makes the dataplane a gateway (`type: DELEGATED | BUILTIN`).',
      transparentProxying: 'Redirect ports of the transparent proxy; without it the dataplane does not see VIP hostnames.',
      admin: 'Envoy admin port.',
      listeners: 'Listeners of the proxy (Kuma 2.14+).',
    },
    'networking/inbound': {
      port: 'The inbound port.',
      servicePort: 'The port of the service behind the proxy.',
      serviceAddress: 'The address of the service.',
      address: 'The inbound address.',
      tags: 'Tags of the inbound; `kuma.io/service` is required.',
      health: 'Health status.',
      serviceProbe: 'Service probe.',
      state: 'Inbound state: `Ready`, `NotReady` or `Ignored` (Kuma 2.5+; an ignored inbound gets no VIP entries).',
      name: 'The inbound name (Kuma 2.8+).',
      protocol: 'The inbound protocol (Kuma 2.14+).',
    },
    'networking/transparentProxying': {
      redirectPortInbound: 'Inbound redirect port (15006).',
      redirectPortOutbound: 'Outbound redirect port (15001).',
      directAccessServices: 'Services reached directly.',
      reachableServices: 'Limits the VIP outbounds to these services.',
      redirectPortInboundV6: 'IPv6 inbound redirect port (15010; removed in Kuma 2.9).',
      ipFamilyMode: 'IP families of the transparent proxy (Kuma 2.7+).',
      reachableBackends: 'Limits the MeshService outbounds to these backends (Kuma 2.9+).',
    },
  },
  ExternalService: {
    '': { tags: 'Tags of the external service; `kuma.io/service` is required.', networking: 'The address (`host:port`) and TLS settings.' },
    networking: { address: 'The `host:port` of the service.', tls: 'TLS settings.', disableHostDNSEntry: 'Do not generate a DNS entry for the host.' },
  },
  MeshGateway: {
    '': {
      selectors: 'The builtin-gateway dataplanes it configures (`kuma.io/service` required; one selector with crossMesh).',
      tags: 'Tags of the gateway, added to its listeners.',
      conf: 'The listeners.',
    },
    selectors: { match: 'Tags of the gateway dataplanes.' },
    conf: { listeners: 'Hostname, port, protocol, TLS and tags of each listener.' },
    'conf/listeners': {
      hostname: 'The hostname it serves (`*` or empty: any); a cross-mesh listener without a concrete one gets `internal.<gateway>.<mesh>.<domain>`.',
      port: 'The listener port.',
      protocol: '`HTTP`, `HTTPS` or `TCP`.',
      tls: 'TLS mode and certificates (not with crossMesh).',
      tags: 'Tags of the listener.',
      crossMesh: "Reachable from every mesh: an entry in every mesh's view.",
      resources: 'Connection limit.',
    },
  },
  ZoneIngress: {
    '': {
      zone: 'The zone of the ingress; only ingresses of other zones feed the view.',
      networking: 'Address and port, advertised address and port.',
      availableServices: 'The services reachable through the ingress, per mesh.',
    },
    networking: {
      address: 'The address of the ingress.',
      advertisedAddress: 'The address other zones use.',
      port: 'The ingress port.',
      advertisedPort: 'The port other zones use.',
      admin: 'Envoy admin port.',
    },
    availableServices: {
      tags: 'Tags of the service (`kuma.io/service` required).',
      instances: 'Number of instances.',
      mesh: 'The mesh of the service.',
      externalService: 'True for an external service.',
    },
  },
  Mesh: {
    '': {
      mtls: 'Mutual TLS backends.',
      logging: 'Logging backends.',
      tracing: 'Tracing backends.',
      metrics: 'Metrics backends.',
      networking: 'Outbound passthrough and more.',
      routing: 'Locality-aware load balancing, zone egress.',
      constraints: 'Dataplane proxy constraints.',
      skipCreatingInitialPolicies: 'Skips the default policies (Kuma 2.3+).',
      meshServices: 'MeshService mode (Kuma 2.9+).',
    },
  },
};

const TOP_UNIVERSAL: FieldDocs = { type: 'The resource kind.', name: 'The resource name.', mesh: 'The mesh the resource belongs to.' };
const TOP_KUBERNETES: FieldDocs = { apiVersion: '`kuma.io/v1alpha1`', kind: 'The resource kind.', mesh: 'The mesh (default: `default`).', metadata: 'Name and namespace.', spec: 'The resource body.' };

interface LineContext {
  /** Ancestor keys, outermost first (sequence items are transparent). */
  readonly parents: string[];
  /** The key of the line when the cursor is in its value, else undefined. */
  readonly key?: string;
  /** What is typed so far (key or value), and where it starts. */
  readonly prefix: string;
  readonly prefixStart: number;
  readonly indent: number;
}

function documentBounds(text: string, offset: number): { start: number; end: number } {
  const re = /^---.*$/gm;
  let start = 0;
  let end = text.length;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index + m[0].length < offset) start = m.index + m[0].length + 1;
    else if (m.index >= offset) {
      end = m.index;
      break;
    }
  }
  return { start: Math.min(start, text.length), end };
}

export function lineContext(text: string, offset: number): LineContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const itemMatch = /^(\s*)((?:- +)*)/.exec(before)!;
  const indent = itemMatch[1]!.length + itemMatch[2]!.length;
  const rest = before.slice(indent);
  // `s`: a line may hold \r (CRLF files) or U+2028, which `.` would not match.
  const kv = /^("[^"]*"|'[^']*'|[^:#'"]+?)\s*:(?:\s+|$)(.*)$/s.exec(rest);
  let key: string | undefined;
  let prefix: string;
  let prefixStart: number;
  if (kv) {
    key = kv[1]!.replace(/^["']|["']$/g, '').trim();
    prefix = kv[2]!.replace(/^["']/, '');
    prefixStart = offset - prefix.length;
  } else {
    prefix = rest.replace(/^["']/, '');
    prefixStart = offset - prefix.length;
  }
  // Ancestors: walk up to lines with a smaller indentation that end in `key:`.
  const parents: string[] = [];
  let limit = indent;
  const { start } = documentBounds(text, offset);
  let pos = lineStart - 1;
  while (pos > start && limit > 0) {
    const ls = text.lastIndexOf('\n', pos - 1) + 1;
    const line = text.slice(ls, pos);
    pos = ls - 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = /^(\s*)((?:- +)*)(.*)$/s.exec(line)!;
    const ind = m[1]!.length;
    const contentInd = ind + m[2]!.length;
    if (contentInd < limit) {
      const k = /^("[^"]*"|'[^']*'|[^:#'"]+?)\s*:\s*(#.*)?$/s.exec(m[3]!);
      if (k) {
        parents.unshift(k[1]!.replace(/^["']|["']$/g, '').trim());
        limit = ind;
      } else if (m[2]) limit = ind;
      // A sibling key on a `- ` item line (e.g. `- name: x` above `tagKey:`) is skipped.
    }
  }
  return { parents, ...(key !== undefined ? { key } : {}), prefix, prefixStart, indent };
}

function kindOfDocument(text: string, offset: number): { kind?: string; kubernetes: boolean } {
  const { start, end } = documentBounds(text, offset);
  const doc = text.slice(start, end);
  const t = /^type:\s*["']?(\w+)/m.exec(doc);
  const k = /^kind:\s*["']?(\w+)/m.exec(doc);
  const kubernetes = /^apiVersion:/m.test(doc) || !!k;
  const kind = kubernetes ? k?.[1] : t?.[1];
  return { ...(kind ? { kind } : {}), kubernetes };
}

function item(label: string, kind: CompletionItemKind, doc: string | undefined, range: Range, sortText?: string, insert?: string): CompletionItem {
  return {
    label,
    kind,
    ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
    textEdit: TextEdit.replace(range, insert ?? label),
    ...(sortText ? { sortText } : {}),
  };
}

export function completion(snapshot: Snapshot, uri: string, position: Position): CompletionList {
  const file = snapshot.fileByUri(uri);
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (!file) return empty;
  const text = file.text;
  const lines = file.analysis.parsed.lines;
  const offset = lines.offsetAt(position);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return empty;

  // Parameter names inside `{{ .` of host / port.
  const tmpl = /\{\{-?\s*(?:[^}]*\s)?\.([A-Za-z0-9_]*)$/.exec(before);
  const ctx = lineContext(text, offset);
  const { kind, kubernetes } = kindOfDocument(text, offset);
  if (tmpl && (ctx.key === 'host' || ctx.key === 'port')) {
    const range = Range.create(lines.positionAt(offset - tmpl[1]!.length), position);
    const vo = voAt(snapshot, file.analysis.parsed.documents, offset);
    const params = vo?.conf?.parameters ?? [];
    return {
      isIncomplete: false,
      items: params.filter((p) => p.name).map((p) => item(p.name, CompletionItemKind.Variable, `Parameter \`${p.name}\`: reads tag \`${p.tagKey || p.name}\`.`, range)),
    };
  }

  const body = kubernetes && ctx.parents[0] === 'spec' ? ctx.parents.slice(1) : kubernetes ? undefined : ctx.parents;
  const range = Range.create(lines.positionAt(ctx.prefixStart), position);
  const tagIndex = snapshot.tagIndex();
  // The Kuma versions of the scopes holding the file: a field is offered when every one knows it.
  const versions = [...new Set(snapshot.scopesOf(uri).map((s) => kumaVersionOf(s.result.settings)))];
  if (versions.length === 0) versions.push(kumaVersionOf(snapshot.result.settings));
  const knownIn = (k: string, path: readonly string[], field: string) => versions.every((v) => fieldKnownIn(k, path, field, v));
  // The texts are worked out once per snapshot (a key can have thousands of values); a request
  // only places them at its range.
  const tagKeyItems = () => snapshot.memo(tagIndex, 'completion:tag-keys', () => tagKeyTexts(tagIndex)).map((t) => item(t.label, CompletionItemKind.Property, t.doc, range));
  const tagValueList = (key: string, wildcard: boolean): CompletionList => {
    const all = snapshot.memo(tagIndex, `completion:tag-values:${key}`, () => tagValueTexts(tagIndex, key));
    const texts = boundedTexts(all, ctx.prefix);
    const items = texts.map((t) => item(t.label, CompletionItemKind.Value, t.doc, range, t.sortText, t.insert));
    if (wildcard) items.unshift(item('"*"', CompletionItemKind.Value, 'Any value: the inbound must have the tag.', range, '0'));
    return { isIncomplete: texts !== all, items };
  };

  if (ctx.key !== undefined) {
    // Value position.
    if (ctx.parents.length === 0 && ctx.key === 'mesh') return { isIncomplete: false, items: snapshot.meshNames().map((m) => item(m, CompletionItemKind.Module, `Mesh \`${m}\``, range)) };
    if (ctx.parents.length === 0 && (ctx.key === 'type' || ctx.key === 'kind'))
      return { isIncomplete: false, items: Object.entries(KINDS).map(([k, d]) => item(k, CompletionItemKind.Class, d, range)) };
    if (body && body.at(-1) === 'match' && body[0] === 'selectors') return tagValueList(ctx.key, true);
    if (body && body.at(-1) === 'tags') return tagValueList(ctx.key, false);
    if (ctx.key === 'tagKey') return { isIncomplete: false, items: tagKeyItems() };
    return empty;
  }
  // Key position.
  if (body && (body.at(-1) === 'match' || body.at(-1) === 'tags')) return { isIncomplete: false, items: tagKeyItems() };
  if (ctx.parents.length === 0) {
    const top = kubernetes ? TOP_KUBERNETES : { ...TOP_UNIVERSAL, ...(kind ? FIELDS[kind]?.[''] : {}) };
    const known = Object.entries(top).filter(([k]) => kubernetes || !kind || knownIn(kind, [], k));
    return { isIncomplete: false, items: known.map(([k, d]) => item(k, CompletionItemKind.Field, d, range, undefined, `${k}: `)) };
  }
  if (kind && body) {
    const docs = FIELDS[kind]?.[body.join('/')];
    // Only the fields the Kuma version set knows.
    const known = Object.entries(docs ?? {}).filter(([k]) => knownIn(kind, body, k));
    if (docs) return { isIncomplete: false, items: known.map(([k, d]) => item(k, CompletionItemKind.Field, d, range, undefined, `${k}: `)) };
  }
  return empty;
}

interface ItemText {
  readonly label: string;
  readonly doc: string;
  readonly sortText?: string;
  readonly insert?: string;
}

function tagKeyTexts(tagIndex: ReadonlyMap<string, ReadonlyMap<string, unknown>>): ItemText[] {
  return [...tagIndex.keys()].sort().map((k) => {
    const values = [...tagIndex.get(k)!.keys()].filter((v) => !isPlaceholderValue(v));
    return {
      label: k,
      doc: `Tag \`${k}\` (${values.length} value${values.length === 1 ? '' : 's'} in the workspace: ${values
        .slice(0, 5)
        .map((v) => `\`${v}\``)
        .join(', ')}${values.length > 5 ? ', …' : ''})`,
    };
  });
}

/**
 * Values a completion list carries at most. A tag key with thousands of values (`kuma.io/service`,
 * `kuma.io/instance`) made a list of several hundred kilobytes on every request; past the limit the
 * list holds the first values that contain what is typed as a subsequence (every value an editor's
 * fuzzy filter could keep), and says it is incomplete, so the editor asks again as the user types.
 */
export const COMPLETION_VALUES_LIMIT = 200;

function boundedTexts(texts: readonly ItemText[], typed: string): readonly ItemText[] {
  if (texts.length <= COMPLETION_VALUES_LIMIT) return texts;
  const wanted = typed.replace(/^["']/, '').toLowerCase();
  const out: ItemText[] = [];
  for (const t of texts) {
    if (!isSubsequence(wanted, t.label.toLowerCase())) continue;
    out.push(t);
    if (out.length === COMPLETION_VALUES_LIMIT) break;
  }
  return out;
}

function isSubsequence(wanted: string, label: string): boolean {
  let at = 0;
  for (let i = 0; i < wanted.length; i++) {
    at = label.indexOf(wanted[i]!, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

function tagValueTexts(tagIndex: ReadonlyMap<string, ReadonlyMap<string, readonly unknown[]>>, key: string): ItemText[] {
  const byValue = tagIndex.get(key);
  const values = [...(byValue?.keys() ?? [])].filter((v) => !isPlaceholderValue(v)).sort();
  return values.map((v) => ({
    label: v,
    doc: `${byValue!.get(v)!.length} inbound(s) carry \`${key}: ${v}\``,
    sortText: `1${v}`,
    insert: /^[\w.-]+$/.test(v) && !/^(true|false|null|~|[-+]?[0-9.]+)$/i.test(v) ? v : JSON.stringify(v),
  }));
}

function voAt(snapshot: Snapshot, docs: readonly { span: readonly [number, number] }[], offset: number): VirtualOutbound | undefined {
  const doc = docs.find((d) => offset >= d.span[0] && offset <= d.span[1]);
  if (!doc) return undefined;
  const r = snapshot.resourceOfDoc(doc as never);
  return r?.kind === 'VirtualOutbound' ? r : undefined;
}
