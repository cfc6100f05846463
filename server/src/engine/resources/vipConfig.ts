// Persisted VIP configs, `kuma-<mesh>-dns-vips`: a Universal `Config` (field `config`) or a
// Kubernetes `ConfigMap` (data key `config`) holding the JSON view a control plane wrote.
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { spanForPath, YamlDocument, YamlPath } from '../yaml/documents';
import { Form, PersistedEntry, VipConfig } from './model';
import { AliasResolver, any, asRecord, asString, decode } from './schema';
import { readTagFirstVips } from './tagFirstVips';

const NAME = /^kuma-([0-9a-z-_]+)-dns-vips$/;
const TYPES = ['service', 'host', 'fqdn'] as const;

export function readVipConfig(doc: YamlDocument, form: Form, diagnostics: EngineDiagnostic[], minor = 1): VipConfig | undefined {
  const tree = doc.tree();
  const top = asRecord(decode(tree.contents, any, [], [], new AliasResolver(tree.document)));
  const name = form === 'universal' ? asString(top.name) : asString(asRecord(top.metadata).name);
  const m = NAME.exec(name);
  if (!m) return undefined; // some other Config or ConfigMap: not ours
  const configPath: YamlPath = form === 'universal' ? ['config'] : ['data', 'config'];
  const json = form === 'universal' ? asString(top.config) : asString(asRecord(top.data).config);
  const entries = parseVipJson(json, (message) => diagnostics.push(diagnostic(RULES.invalidVipConfig, doc.file, spanForPath(doc, configPath), `${name}: ${message}`)), minor);
  return {
    kind: 'VipConfig',
    form,
    name,
    mesh: m[1]!,
    doc,
    specPath: [],
    namePath: form === 'universal' ? ['name'] : ['metadata', 'name'],
    rejected: false,
    entries,
    configPath,
  };
}

/**
 * Reads the formats Kuma accepts, in Kuma's order: from 2.3 the compact tag-first format
 * (`experimental.useTagFirstVirtualOutboundModel`, see tagFirstVips.ts); the current `{"<type>:<name>": {"address": ...,
 * "outbounds": [...]}}`, the typed legacy `{"<type>:<name>": "<address>"}` (fqdn entries dropped)
 * and the plain legacy `{"<service>": "<address>"}`, where every key is a service entry.
 */
export function parseVipJson(json: string, report: (message: string) => void, minor = 1): PersistedEntry[] {
  if (json.trim() === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    report(`could not unmarshal: ${(e as Error).message}`);
    return [];
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    report('could not unmarshal: the config must be a JSON object');
    return [];
  }
  if (minor >= 3) {
    const tagFirst = readTagFirstVips(data as Record<string, unknown>, report);
    if (tagFirst) return tagFirst;
  }
  const items = Object.entries(data as Record<string, unknown>);
  const typed = items.map(([key]) => parseEntryKey(key));
  if (items.every(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    const entries: PersistedEntry[] = [];
    items.forEach(([key, value], i) => {
      const entry = typed[i];
      if (!entry) {
        report(`could not unmarshal: could not parse hostname entry: ${JSON.stringify(key)}`);
        return;
      }
      const address = (value as Record<string, unknown>).address;
      entries.push({ ...entry, address: typeof address === 'string' ? address : '' });
    });
    return entries;
  }
  if (items.every(([, v]) => typeof v === 'string')) {
    if (typed.every((t) => t !== undefined)) {
      return items.flatMap(([, v], i) => (typed[i]!.type === 'fqdn' ? [] : [{ ...typed[i]!, address: v as string }]));
    }
    return items.map(([key, v]) => ({ type: 'service' as const, name: key, address: v as string }));
  }
  report('could not unmarshal: every value must be an entry object (current format) or an address string (legacy format)');
  return [];
}

/** HostnameEntry.UnmarshalText: `<type number>:<name>`. */
function parseEntryKey(key: string): { type: PersistedEntry['type']; name: string } | undefined {
  const m = /^([+-]?\d+):(\S+)/.exec(key);
  const type = m ? TYPES[Number(m[1])] : undefined;
  return m && type ? { type, name: m[2]! } : undefined;
}
