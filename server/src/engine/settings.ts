// Control-plane settings that change the resolved view, read from a kuma-cp configuration file
// (the control plane's own format: `dnsServer.domain`, `.CIDR`, `.serviceVipEnabled`, `.serviceVipPort`,
// and the local zone's name `multizone.zone.name`).
import { parseDocument } from 'yaml';
import { Cidr, parseCidr } from './vips/cidr';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { atLeast, DEFAULT_KUMA_VERSION, isKumaVersion, KUMA_VERSIONS } from './versions/kumaVersion';

export interface ControlPlaneSettings {
  readonly dnsDomain: string;
  readonly cidr: string;
  readonly serviceVipEnabled: boolean;
  readonly serviceVipPort: number;
  /** `multizone.zone.name`: ZoneIngresses of other zones feed the view; empty outside a zone. */
  readonly zone: string;
  /**
   * The Kuma version whose rules apply (`2.1` ... `2.14`): schema, validation messages, the view and
   * the Kubernetes derivation. Unset: the Kubernetes options' version, else 2.1.
   */
  readonly kumaVersion?: string;
}

export const DEFAULT_SETTINGS: ControlPlaneSettings = {
  dnsDomain: 'mesh',
  cidr: '240.0.0.0/4',
  serviceVipEnabled: true,
  serviceVipPort: 80,
  zone: '',
};

export interface SettingsProblem {
  readonly field: string;
  readonly message: string;
}

/** Kuma's DNSServerConfig.Validate: its first error (2.14 added the leading-dot rule), after the version's own check. */
export function validateSettings(s: ControlPlaneSettings): SettingsProblem[] {
  if (s.kumaVersion !== undefined && !isKumaVersion(s.kumaVersion)) return [{ field: 'kumaVersion', message: `must be one of ${KUMA_VERSIONS.join(', ')}` }];
  if (atLeast(kumaVersionOf(s), 14) && s.dnsDomain.startsWith('.')) return [{ field: 'dnsServer.domain', message: 'domain must not start with a dot' }];
  if (!parseCidr(s.cidr)) return [{ field: 'dnsServer.CIDR', message: 'CIDR must be valid' }];
  if (s.serviceVipPort === 0) return [{ field: 'dnsServer.serviceVipPort', message: "port can't be 0" }];
  return [];
}

/** The Kuma version the settings ask for (2.1 when they name none). */
export function kumaVersionOf(s: ControlPlaneSettings): string {
  return s.kumaVersion ?? DEFAULT_KUMA_VERSION;
}

export function cidrOf(s: ControlPlaneSettings): Cidr {
  return parseCidr(s.cidr) ?? parseCidr(DEFAULT_SETTINGS.cidr)!;
}

/** Reads a kuma-cp config file; missing keys keep Kuma's defaults. */
export function readCpConfig(text: string, base: ControlPlaneSettings = DEFAULT_SETTINGS): { settings: ControlPlaneSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    return { settings: base, problems: [{ field: '', message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` }] };
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An alias bomb: `yaml` refuses to expand more than maxAliasCount aliases.
    return { settings: base, problems: [{ field: '', message: `not valid YAML: ${(e as Error).message}` }] };
  }
  const dns = root && typeof root === 'object' ? (root as Record<string, unknown>).dnsServer : undefined;
  const d = dns && typeof dns === 'object' ? (dns as Record<string, unknown>) : {};
  const zoneName = objectAt(root, 'multizone', 'zone')?.name;
  const settings: ControlPlaneSettings = {
    dnsDomain: typeof d.domain === 'string' ? d.domain : base.dnsDomain,
    cidr: typeof d.CIDR === 'string' ? d.CIDR : base.cidr,
    serviceVipEnabled: typeof d.serviceVipEnabled === 'boolean' ? d.serviceVipEnabled : base.serviceVipEnabled,
    serviceVipPort: typeof d.serviceVipPort === 'number' ? d.serviceVipPort : base.serviceVipPort,
    zone: typeof zoneName === 'string' ? zoneName : base.zone,
    ...(base.kumaVersion !== undefined ? { kumaVersion: base.kumaVersion } : {}),
  };
  if (zoneName !== undefined && zoneName !== null && typeof zoneName !== 'string') problems.push({ field: 'multizone.zone.name', message: 'must be a string' });
  for (const [key, want] of [
    ['domain', 'string'],
    ['CIDR', 'string'],
    ['serviceVipEnabled', 'boolean'],
    ['serviceVipPort', 'number'],
  ] as const) {
    if (d[key] !== undefined && typeof d[key] !== want) problems.push({ field: `dnsServer.${key}`, message: `must be a ${want}` });
  }
  problems.push(...validateSettings(settings));
  return { settings, problems };
}

/** The object at a path of nested keys, if every step is an object. */
function objectAt(root: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let at = root;
  for (const k of keys) {
    if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[k];
  }
  return at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : undefined;
}

/** A problem of the control-plane configuration, reported at the top of that file. */
export function cpConfigDiagnostic(file: string, message: string): EngineDiagnostic {
  return diagnostic(RULES.invalidCpConfig, file, [0, 0], message);
}
