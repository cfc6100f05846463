// The Kuma versions Mesh Lens models, and what changed between them for the parts it computes.
// A minor version stands for its last patch release (2.5 is 2.5.11): a change backported to a
// patch of a minor counts from that minor on. Sources are listed in docs/kuma-versions.md.
import type { GoRelease } from '../gotemplate/goRelease';

export const KUMA_VERSIONS = ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14'] as const;
export type KumaVersion = (typeof KUMA_VERSIONS)[number];
export const DEFAULT_KUMA_VERSION: KumaVersion = '2.1';

export function isKumaVersion(v: string): v is KumaVersion {
  return (KUMA_VERSIONS as readonly string[]).includes(v);
}

/** `2.N`, `2.N.P` or `v2.N.P` of a supported minor as `2.N`; undefined otherwise. */
export function normalizeKumaVersion(v: string): KumaVersion | undefined {
  const m = /^v?2\.(\d+)(?:\.\d+)?$/.exec(v.trim());
  const version = m ? `2.${Number(m[1])}` : '';
  return isKumaVersion(version) ? version : undefined;
}

/** The minor version number of a `2.N` (or `2.N.x`) version string; unknown strings count as 2.1. */
export function minorOf(version: string): number {
  const m = /^2\.(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : 1;
}

/** True when `version` is `2.<minor>` or later. */
export function atLeast(version: string, minor: number): boolean {
  return minorOf(version) >= minor;
}

/** The rules of one Kuma version that Mesh Lens applies outside the Kubernetes derivation. */
export interface KumaRules {
  readonly version: string;
  /** 2.6+: the VirtualOutbound template errors quote with Go's %q (`error="..."`), the port range error is unquoted. */
  readonly quotedTemplateErrors: boolean;
  /** The Go release the version is built with (the `go` directive of go.mod at the minor's last patch): its templates run as that release. */
  readonly goRelease: GoRelease;
  /** 2.5+: inbounds with `state: Ignored` give no VIP entries. */
  readonly skipIgnoredInbounds: boolean;
  /** 2.7+: inbounds on the reserved port 49151 give no VIP entries. */
  readonly skipReservedPortInbounds: boolean;
  /** 2.14+: an inbound without a `kuma.io/service` gets no service VIP. */
  readonly serviceVipNeedsService: boolean;
  /** 2.11+: a persisted address outside the CIDR (or none) is not reserved; the entry gets a new one. */
  readonly reserveSkipsOutsideCidr: boolean;
  /** 2.7+: Universal control planes compute every mesh's VIPs in one pass, so one bad persisted config stops them all. */
  readonly vipsInOnePass: boolean;
  /** 2.5+: Universal names are RFC 1123 subdomains (at most 253 characters); meshes may hold '.'. */
  readonly rfc1123Names: boolean;
  /** 2.5-2.9: an update of a resource named before 2.5 still passes the old name rule. */
  readonly legacyNamesOnUpdate: boolean;
  /** 2.6+: an ExternalService's kuma.io/service may not equal the host of its address. */
  readonly serviceNotAddressHost: boolean;
  /** 2.12+: a gateway's kuma.io/protocol is parsed (any case of tcp passes) and shown with %q. */
  readonly parsedGatewayProtocol: boolean;
  /** 2.14+: a Dataplane needs no inbound, and an inbound's or gateway's tags (when it has none) need no `kuma.io/service`. */
  readonly inboundTagsOptional: boolean;
}

export const RESERVED_INBOUND_PORT = 49151;

// go.mod at 2.1.7 (1.21.3), 2.2.9 and 2.3.7 (1.21.9), 2.4.10 (1.22.5), 2.5.11 (1.22.8), 2.6.15
// (1.22.11), 2.8.8 (1.23.7), 2.10.8 (1.24.6); v2.7.29, 2.9.19 and v2.11.18 to v2.14.3 moved to
// 1.26.5 in their security patches. The release builds install the Go of go.mod.
const GO_RELEASE_BY_MINOR: Readonly<Record<number, GoRelease>> = {
  1: '1.21',
  2: '1.21',
  3: '1.21',
  4: '1.22',
  5: '1.22',
  6: '1.22',
  7: '1.26',
  8: '1.23',
  9: '1.26',
  10: '1.24',
  11: '1.26',
  12: '1.26',
  13: '1.26',
  14: '1.26',
};

export function rulesFor(version: string): KumaRules {
  const minor = minorOf(version);
  return {
    version: `2.${minor}`,
    quotedTemplateErrors: minor >= 6,
    goRelease: GO_RELEASE_BY_MINOR[minor] ?? (minor < 1 ? '1.21' : '1.26'),
    skipIgnoredInbounds: minor >= 5,
    skipReservedPortInbounds: minor >= 7,
    serviceVipNeedsService: minor >= 14,
    reserveSkipsOutsideCidr: minor >= 11,
    vipsInOnePass: minor >= 7,
    inboundTagsOptional: minor >= 14,
    serviceNotAddressHost: minor >= 6,
    parsedGatewayProtocol: minor >= 12,
    rfc1123Names: minor >= 5,
    legacyNamesOnUpdate: minor >= 5 && minor <= 9,
  };
}
