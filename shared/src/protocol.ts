// Custom messages between the Mesh Lens client and server, typed once for both sides. Only names
// and shapes live here (no runtime imports), so both sides can build their own message objects:
//   server: connection.sendNotification(STATUS_NOTIFICATION, params)
//   client: client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => ...)

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface LspLocation {
  uri: string;
  range: LspRange;
}

/** `meshLens/status`: sent after the first full index and whenever results are republished. */
export const STATUS_NOTIFICATION = 'meshLens/status';

export type StatusState = 'indexing' | 'ready' | 'error';

export interface StatusParams {
  state: StatusState;
  /** YAML files in the index. */
  files: number;
  /** Meshes resolved. */
  meshes: number;
  /** Diagnostics published (after suppression). */
  problems: number;
  /** The scopes (control planes) of the workspace, when it holds more than one. */
  scopes?: string[];
  message?: string;
}

/** `meshLens/resolvedView`: the resolved view of the workspace (the CLI's JSON), with source locations. */
export const RESOLVED_VIEW_REQUEST = 'meshLens/resolvedView';

export interface ResolvedViewParams {
  /** Only this mesh; all meshes when absent. */
  mesh?: string;
  /** Only this scope (control plane); all scopes when absent. */
  scope?: string;
  /**
   * Answer with `compact` (one short row per hostname, no per-source locations, no diagnostics)
   * and empty `meshes` and `diagnostics`: the preview's form, small enough for 200,000 hostnames.
   * A row's claims come on demand with `meshLens/resolvedClaims`.
   */
  compact?: boolean;
}

export interface ResolvedOutbound {
  port: number;
  tags: Record<string, string>;
  origin: string;
  sources: string[];
  /** Where each source is written: the dataplane inbound, workload or external service. */
  locations: LspLocation[];
}

export interface ResolvedEntry {
  type: 'service' | 'host' | 'fqdn';
  name: string;
  vip: string | null;
  outbounds: ResolvedOutbound[];
  dnsNames: string[];
  listeners: string[];
  /** The first source's location, for "go to" from a preview row. */
  location?: LspLocation;
  /** The scope (control plane) the row belongs to, when the workspace holds several. */
  scope?: string;
}

export interface ResolvedDiagnostic {
  file: string;
  uri: string;
  range: LspRange;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface ResolvedViewResult {
  /** A mesh appears once per scope when the workspace holds several scopes (`scope` set). */
  meshes: { name: string; scope?: string; entries: ResolvedEntry[] }[];
  /** The scopes of the workspace, when it holds more than one. */
  scopes?: string[];
  diagnostics: ResolvedDiagnostic[];
  /** Set when the request asked for `compact`. */
  compact?: CompactView;
}

/**
 * One hostname of the compact view, as a tuple (field names are not repeated 200,000 times).
 * Fields marked "string" are indexes into `CompactView.strings`, which holds each repeated text once.
 */
export type CompactRow = [
  /** string: the mesh */
  mesh: number,
  /** string: 'service', 'host' or 'fqdn' */
  type: number,
  hostname: string,
  /** '' when the entry has no VIP */
  vip: string,
  /** string: the ports, `80, 8080` (the listener ports when the entry has a VIP) */
  ports: number,
  /** string: the origins of its outbounds, `virtual-outbound:name, ...` */
  origins: number,
  /** string: the resources behind it, the first few and a count */
  sources: number,
  /** every claim on the hostname: kept, merged into the kept one, and dropped */
  claims: number,
  /** claims dropped because another claim holds the hostname:port */
  dropped: number,
  /** string: the scope (control plane) of the row, when the workspace holds several */
  scope?: number,
];

export interface CompactView {
  strings: string[];
  rows: CompactRow[];
}

/** `meshLens/resolvedClaims`: every claim on one hostname of the resolved view, with why it won or lost. */
export const RESOLVED_CLAIMS_REQUEST = 'meshLens/resolvedClaims';

export interface ResolvedClaimsParams {
  mesh: string;
  type: 'service' | 'host' | 'fqdn';
  hostname: string;
  /** The scope (control plane) of the row, when the workspace holds several. */
  scope?: string;
  /** Claims to send at most (default 10,000); `total` counts them all. */
  limit?: number;
}

export interface ResolvedClaim {
  /** `won`: holds the hostname:port; `merged`: same tags and origin, so it shares that outbound; `dropped`: lost. */
  status: 'won' | 'merged' | 'dropped';
  port: number;
  origin: string;
  tags: Record<string, string>;
  /** Who claims: `dataplane backend-1 (inbound 1, backend)`, `external service httpbin`. */
  source: string;
  /** Where the claimant is written. */
  location: LspLocation;
  /** For a dropped claim: why it lost, naming the claim that keeps the hostname:port. */
  reason?: string;
}

export interface ResolvedClaimsResult {
  /** False when the hostname is not (or no longer) in the view. */
  found: boolean;
  claims: ResolvedClaim[];
  /** All claims on the hostname, also those beyond `limit`. */
  total: number;
}
