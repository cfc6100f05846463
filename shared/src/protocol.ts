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
}
