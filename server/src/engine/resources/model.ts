// The typed resources the engine works on. Universal and Kubernetes forms are normalised to one
// model; every resource remembers its document and the path of its body inside it, so any field
// can be located again (see `spanForPath`).
import { YamlDocument, YamlPath } from '../yaml/documents';

export type Form = 'universal' | 'kubernetes';
export type ResourceKind = 'Mesh' | 'Dataplane' | 'VirtualOutbound' | 'ExternalService' | 'MeshGateway' | 'ZoneIngress' | 'VipConfig';
export type Tags = Readonly<Record<string, string>>;

export interface ResourceBase {
  readonly kind: ResourceKind;
  readonly form: Form;
  /** Kuma's core name: on Kubernetes a namespaced resource is `<name>.<namespace>`. */
  readonly name: string;
  readonly mesh: string;
  readonly doc: YamlDocument;
  /** Path of the resource's body (`[]` in the Universal form, `['spec']` in the Kubernetes form). */
  readonly specPath: YamlPath;
  /** Path of the field that holds the resource's name. */
  readonly namePath: YamlPath;
  /** creationTime (Universal) or metadata.creationTimestamp (Kubernetes), in ms since the epoch. */
  readonly creationTime?: number;
  /** True when Kuma would refuse the resource on apply (wrong types, unknown fields, bad names). */
  rejected: boolean;
}

export interface Mesh extends ResourceBase {
  readonly kind: 'Mesh';
}

export interface Inbound {
  readonly index: number;
  readonly port?: number;
  readonly tags: Tags;
  /** `state: Ignored` (Kuma 2.5+): the inbound gets no VIP entries. */
  readonly ignored?: boolean;
  /** Where the inbound is written (for derived dataplanes: the workload or Service it comes from). */
  readonly doc: YamlDocument;
  readonly path: YamlPath;
}

export interface DerivedFrom {
  /** The workload the dataplane was derived from, e.g. `StatefulSet kafka/kafka`. */
  readonly workload: string;
  readonly podName: string;
  /** True when the pod name is a stand-in for a name Kubernetes generates at random. */
  readonly placeholderName: boolean;
  /** True for a pod that already says `kuma.io/sidecar-injected`: its Dataplane does not depend on the injector. */
  readonly alreadyInjected?: boolean;
}

export interface Dataplane extends ResourceBase {
  readonly kind: 'Dataplane';
  /** False when the resource has no `networking` section at all. */
  readonly networkingDefined: boolean;
  readonly address: string;
  readonly inbounds: Inbound[];
  readonly gateway?: { readonly type: string; readonly tags: Tags };
  readonly transparentProxying: boolean;
  /** Non-empty: only VIP outbounds of these services reach the dataplane. */
  readonly reachableServices: readonly string[];
  readonly derivedFrom?: DerivedFrom;
}

export interface SelectorSpec {
  readonly match: Tags;
}

export interface Parameter {
  readonly name: string;
  readonly tagKey: string;
}

export interface VirtualOutbound extends ResourceBase {
  readonly kind: 'VirtualOutbound';
  readonly selectors: readonly SelectorSpec[];
  readonly conf?: {
    readonly host: string;
    readonly port: string;
    readonly parameters: readonly Parameter[];
  };
  /** Set by validation: an invalid VirtualOutbound renders nothing, as in Kuma. */
  valid: boolean;
}

export interface ExternalService extends ResourceBase {
  readonly kind: 'ExternalService';
  readonly tags: Tags;
  readonly address: string;
  readonly host?: string;
  readonly port?: number;
  readonly disableHostDNSEntry: boolean;
}

export interface GatewayListener {
  readonly index: number;
  readonly hostname: string;
  readonly port: number;
  /** The protocol's enum name as written (`HTTP`, `TCP`, ...); `NONE` when not given. */
  readonly protocol: string;
  readonly crossMesh: boolean;
  readonly tags: Tags;
  /** For validation: the TLS mode's enum name and the number of certificates, when `tls` is set. */
  readonly tls?: { readonly mode: string; readonly certificates: number };
  /** `resources.connectionLimit`, 0 when not set. */
  readonly connectionLimit: number;
}

export interface MeshGateway extends ResourceBase {
  readonly kind: 'MeshGateway';
  readonly selectors: readonly SelectorSpec[];
  readonly tags: Tags;
  /** Undefined when the resource has no `conf`. */
  readonly listeners?: readonly GatewayListener[];
}

export interface AvailableService {
  readonly index: number;
  readonly tags: Tags;
  readonly mesh: string;
}

/** A global resource: `mesh` is always empty. */
export interface ZoneIngress extends ResourceBase {
  readonly kind: 'ZoneIngress';
  readonly zone: string;
  /** For validation. */
  readonly networking: {
    readonly address: string;
    readonly advertisedAddress: string;
    readonly port: number;
    readonly advertisedPort: number;
    /** Set when `admin` is given (0 when it has no port). */
    readonly adminPort?: number;
  };
  readonly availableServices: readonly AvailableService[];
}

export interface PersistedOutbound {
  readonly port: number;
  readonly tags: Tags;
  readonly origin: string;
}

export interface PersistedEntry {
  readonly type: 'service' | 'host' | 'fqdn';
  readonly name: string;
  readonly address: string;
}

export interface VipConfig extends ResourceBase {
  readonly kind: 'VipConfig';
  /** Entries whose addresses a control plane persisted; problems are reported by the reader. */
  readonly entries: readonly PersistedEntry[];
  /** Path of the JSON string inside the document. */
  readonly configPath: YamlPath;
}

export type Resource = Mesh | Dataplane | VirtualOutbound | ExternalService | MeshGateway | ZoneIngress | VipConfig;

export function effectiveTagKey(p: Parameter): string {
  return p.tagKey || p.name;
}

/** The path of a field of the resource body, e.g. `['conf', 'host']` -> `['spec', 'conf', 'host']`. */
export function bodyPath(resource: ResourceBase, path: YamlPath): YamlPath {
  return [...resource.specPath, ...path];
}
