// An immutable picture of the workspace after one resolution: the engine's result, the files by
// URI, the diagnostics after suppression, and lookup tables the features share (built lazily,
// once per snapshot, so hovers and completions stay instant).
import { FileAnalysis, MeshResult, WorkspaceResult } from '../engine/analyze';
import { Dataplane, ExternalService, Inbound, Resource, VirtualOutbound } from '../engine/resources/model';
import { EngineDiagnostic } from '../engine/rules';
import { Entry, Outbound, RenderRecord, SourceResource } from '../engine/resolve/view';
import { YamlDocument } from '../engine/yaml/documents';
import { LineIndex } from '../engine/yaml/lineIndex';

export interface SnapshotFile {
  readonly uri: string;
  /** The engine's name for the file: relative to its workspace folder. */
  readonly file: string;
  readonly text: string;
  readonly version: number | null;
  readonly analysis: FileAnalysis;
}

export interface InboundRef {
  readonly dataplane: Dataplane;
  readonly inbound: Inbound;
}

/** A dataplane inbound or an external service that carries a tag. */
export type TagOwner = InboundRef | { readonly externalService: ExternalService };

export interface TagUse {
  readonly key: string;
  readonly value: string;
  readonly owner: TagOwner;
}

export interface Reach {
  readonly entry: Entry;
  readonly outbound: Outbound;
  readonly mesh: MeshResult;
  readonly vo?: VirtualOutbound;
}

/** VirtualOutbound claims of the workspace up to which `warm` orders every VirtualOutbound's claims ahead of requests. */
export const WARM_RECORDS_LIMIT = 500_000;

export class Snapshot {
  private docResources?: Map<YamlDocument, Resource>;
  private tags?: Map<string, Map<string, TagOwner[]>>;
  private meshNameList?: string[];
  /** Per source: its reaches four slots each, mesh, entry, outbound and VirtualOutbound (see `reachTable`). */
  private reach?: Map<string, ReachSlot[]>;
  private voRecords?: { get(vo: VirtualOutbound): { mesh: MeshResult; records: RenderRecord[] } | undefined };
  private readonly memos = new WeakMap<object, Map<string, unknown>>();

  constructor(
    readonly generation: number,
    readonly result: WorkspaceResult,
    readonly files: ReadonlyMap<string, SnapshotFile>,
    private readonly uriByFile: ReadonlyMap<string, string>,
    /** Diagnostics after suppression. */
    readonly diagnostics: readonly EngineDiagnostic[],
    /** The scope this snapshot is the result of (see engine/scopes); the whole workspace's has none when it is one scope. */
    readonly scopeName?: string,
  ) {}

  private scopeList?: readonly Snapshot[];

  /** Sets the per-scope snapshots of a workspace of several scopes (or one scope that leaves files out). */
  setScopes(list: readonly Snapshot[]): void {
    this.scopeList = list;
  }

  /** One snapshot per scope; `[this]` when the workspace is one scope. */
  get scopes(): readonly Snapshot[] {
    return this.scopeList ?? [this];
  }

  /** True when results belong to one of several scopes and should say which. */
  get scoped(): boolean {
    return (this.scopeList?.length ?? 1) > 1;
  }

  /** The snapshots of the scopes that hold the file. */
  scopesOf(uri: string): Snapshot[] {
    return this.scopes.filter((s) => s.files.has(uri));
  }

  /** A value computed once per snapshot for `owner` (a resource) and `key`, e.g. a hover's text. */
  memo<T>(owner: object, key: string, compute: () => T): T {
    let byKey = this.memos.get(owner);
    if (!byKey) this.memos.set(owner, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = compute();
    byKey.set(key, value);
    return value;
  }

  /** Builds the lookup tables requests share, so that the first request after an edit is as fast as the next. */
  warm(): void {
    this.tagIndex();
    this.docTable();
    this.meshNames();
    // Of several scopes, hovers, code lenses and inlay hints ask each scope's snapshot for reach
    // and records: building them for the whole as well held a second copy (16 MB on L).
    if (this.scopeList) {
      for (const s of this.scopeList) if (s !== this) s.warm();
      return;
    }
    this.reachTable();
    this.recordTable();
    // Every VirtualOutbound's claims in processing order, unless the workspace holds a storm of
    // claims. The records themselves are made when a request first asks for a VirtualOutbound: one
    // pass over its ordered claims, where holding every record ahead of requests took 8.6 MB on L.
    let claims = 0;
    for (const mesh of this.result.meshes) claims += mesh.view.claimCount ?? 0;
    if (claims <= WARM_RECORDS_LIMIT) for (const mesh of this.result.meshes) mesh.view.orderClaims?.();
  }

  fileByUri(uri: string): SnapshotFile | undefined {
    return this.files.get(uri);
  }

  uriOf(file: string): string {
    return this.uriByFile.get(file) ?? file;
  }

  linesOf(file: string): LineIndex | undefined {
    return this.result.files.get(file)?.parsed.lines;
  }

  /** The written resource of a YAML document, if it is one. */
  resourceOfDoc(doc: YamlDocument): Resource | undefined {
    return this.docTable().get(doc);
  }

  private docTable(): Map<YamlDocument, Resource> {
    if (!this.docResources) {
      this.docResources = new Map();
      for (const r of this.result.resources) if (!(r.kind === 'Dataplane' && r.derivedFrom)) this.docResources.set(r.doc, r);
    }
    return this.docResources;
  }

  /** Dataplanes derived from a workload written in this document. */
  derivedFromDoc(doc: YamlDocument): Dataplane[] {
    return this.result.resources.filter((r): r is Dataplane => r.kind === 'Dataplane' && !!r.derivedFrom && r.doc === doc);
  }

  /**
   * key -> value -> the owners that carry the tag. The key and value are the path to the list, so
   * a list holds owners, not a record per tag use: L has a third of a million tag uses.
   */
  tagIndex(): Map<string, Map<string, TagOwner[]>> {
    if (this.tags) return this.tags;
    const index = new Map<string, Map<string, TagOwner[]>>();
    const add = (key: string, value: string, owner: TagOwner) => {
      let byValue = index.get(key);
      if (!byValue) index.set(key, (byValue = new Map()));
      let list = byValue.get(value);
      if (!list) byValue.set(value, (list = []));
      list.push(owner);
    };
    for (const r of this.result.resources) {
      // One owner per inbound, shared by its tags.
      if (r.kind === 'Dataplane') {
        for (const inbound of r.inbounds) {
          const owner = { dataplane: r, inbound };
          for (const [k, v] of Object.entries(inbound.tags)) add(k, v, owner);
        }
      } else if (r.kind === 'ExternalService') {
        const owner = { externalService: r };
        for (const [k, v] of Object.entries(r.tags)) add(k, v, owner);
      }
    }
    this.tags = index;
    return index;
  }

  /** Every entry/outbound produced by a source: key `resourceName|mesh|inboundIndex`. */
  reachOf(resource: SourceResource, inboundIndex?: number): Reach[] {
    const slots = this.reachTable().get(sourceKey(resource, inboundIndex));
    const out: Reach[] = [];
    if (!slots) return out;
    for (let i = 0; i < slots.length; i += 4) {
      const vo = slots[i + 3] as VirtualOutbound | undefined;
      out.push({ entry: slots[i + 1] as Entry, outbound: slots[i + 2] as Outbound, mesh: slots[i] as MeshResult, ...(vo ? { vo } : {}) });
    }
    return out;
  }

  /**
   * The reaches of each source, four slots a reach in one array per source rather than a record
   * each: L has 97,000 reaches in its scopes, and a request asks for the few of one source.
   */
  private reachTable(): Map<string, ReachSlot[]> {
    if (!this.reach) {
      this.reach = new Map();
      for (const mesh of this.result.meshes) {
        for (const entry of mesh.view.entries) {
          for (const outbound of entry.outbounds) {
            for (const s of outbound.sources) {
              const key = sourceKey(s.resource, s.inboundIndex);
              let slots = this.reach.get(key);
              if (!slots) this.reach.set(key, (slots = []));
              if (!hasReach(slots, entry, outbound)) slots.push(mesh, entry, outbound, s.match?.vo);
            }
          }
        }
      }
    }
    return this.reach;
  }

  /** The render records of a VirtualOutbound (empty when it is invalid or in no mesh). */
  recordsOf(vo: VirtualOutbound): { mesh?: MeshResult; records: RenderRecord[] } {
    return this.recordTable().get(vo) ?? { records: [] };
  }

  /** Records are made per VirtualOutbound when first asked for: a storm has millions of them. */
  private recordTable(): NonNullable<Snapshot['voRecords']> {
    if (!this.voRecords) {
      const table = new Map<VirtualOutbound, { mesh: MeshResult; records: RenderRecord[] }>();
      const meshOf = new Map<VirtualOutbound, MeshResult>();
      for (const mesh of this.result.meshes) for (const v of mesh.virtualOutbounds) meshOf.set(v, mesh);
      this.voRecords = {
        get: (v: VirtualOutbound) => {
          let hit = table.get(v);
          const mesh = meshOf.get(v);
          if (!hit && mesh) {
            const records = mesh.view.rendersOf ? mesh.view.rendersOf(v) : mesh.view.renders.get(v);
            if (records) table.set(v, (hit = { mesh, records }));
          }
          return hit;
        },
      };
    }
    return this.voRecords;
  }

  meshOf(name: string): MeshResult | undefined {
    return this.result.meshes.find((m) => m.name === name);
  }

  /** Meshes that any resource names, plus those defined. */
  /** The meshes resources name, sorted; worked out once per snapshot (a copy each call). */
  meshNames(): string[] {
    if (!this.meshNameList) {
      const names = new Set<string>();
      for (const r of this.result.resources) if (r.mesh) names.add(r.mesh);
      this.meshNameList = [...names].sort();
    }
    return [...this.meshNameList];
  }
}

type ReachSlot = MeshResult | Entry | Outbound | VirtualOutbound | undefined;

function hasReach(slots: readonly ReachSlot[], entry: Entry, outbound: Outbound): boolean {
  for (let i = 0; i < slots.length; i += 4) if (slots[i + 1] === entry && slots[i + 2] === outbound) return true;
  return false;
}

function sourceKey(resource: SourceResource, inboundIndex?: number): string {
  return `${resource.kind}|${resource.mesh}|${resource.name}|${resource.doc.file}|${inboundIndex ?? ''}`;
}
