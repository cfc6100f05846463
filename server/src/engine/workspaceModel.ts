// The cross-file part of the engine, kept up to date file by file. Each update touches only the
// meshes whose resources changed: duplicate names are tracked per key, every mesh keeps an
// incremental view (claimants per hostname:port, VIPs and diagnostics, updated by difference), and
// an untouched mesh keeps its result. A fresh model
// fed all files gives exactly what an updated one gives; `resolveWorkspace` is that fresh model.
import type { FileAnalysis, MeshResult, ResolveOptions, WorkspaceResult } from './analyze';
import { deriveDataplanes, DEFAULT_KUBERNETES_OPTIONS, DerivedDataplanes, KubernetesOptions, NO_DERIVATION } from './kubernetes';
import { kubernetesDiagnosticsToReport } from './kubernetes/plain';
import { Dataplane, ExternalService, MeshGateway, PersistedEntry, Resource, VipConfig, VirtualOutbound, ZoneIngress } from './resources/model';
import { nameSpan } from './resolve/explain';
import { alternativeFolders } from './scopes/alternatives';
import { IncrementalMeshView } from './resolve/incrementalView';
import { dialectOf, sameDialect } from './render/evaluate';
import { RenderCache } from './resolve/view';
import { oneDiagnosticPerLine } from './oneDiagnosticPerLine';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { ControlPlaneSettings, DEFAULT_SETTINGS } from './settings';
import { DEFAULT_KUMA_VERSION, rulesFor } from './versions/kumaVersion';
import { byteOrder } from './validate/selectors';
import { firstLineOf, spanForPath } from './yaml/documents';

interface MeshState {
  readonly name: string;
  /** Resources (and derived dataplanes) that put the mesh in the result. */
  members: number;
  readonly dataplanes: Set<Dataplane>;
  readonly externalServices: Set<ExternalService>;
  readonly virtualOutbounds: Set<VirtualOutbound>;
  readonly vipConfigs: Set<VipConfig>;
  /** The VirtualOutbound list handed to the builder; a new array only when the set changed. */
  voList: VirtualOutbound[];
  vosChanged: boolean;
  dirty: boolean;
  builder: IncrementalMeshView;
  result?: MeshResult;
  diagnostics: EngineDiagnostic[];
}

function byLocation(a: Resource, b: Resource): number {
  return byteOrder(a.doc.file, b.doc.file) || a.doc.index - b.doc.index;
}

function byStoreOrder(a: Dataplane | ExternalService, b: Dataplane | ExternalService): number {
  return byteOrder(a.name, b.name) || byLocation(a, b);
}

const NO_ENTRIES: readonly PersistedEntry[] = [];

function duplicateKey(r: Resource): string {
  return `${r.kind}\u0000${r.mesh}\u0000${r.name}`;
}

/**
 * What a persisted address Kuma cannot reserve stops: that mesh's VIP updates, or, on a Universal
 * control plane of 2.7+ (every mesh in one pass), every mesh's.
 */
function reservationConsequence(kumaVersion: string, form: Resource['form'], mesh: string): string {
  const rules = rulesFor(kumaVersion);
  const scope = rules.vipsInOnePass && form === 'universal' ? 'every mesh' : `mesh ${mesh}`;
  return `Kuma ${rules.version}.x cannot reserve it and stops updating the VIPs of ${scope} until it is fixed`;
}

export class WorkspaceModel {
  private readonly analyses = new Map<string, FileAnalysis>();
  private sortedFiles: string[] = [];
  private readonly duplicates = new Map<string, Resource[]>();
  private readonly kept = new Map<string, Resource>();
  private readonly duplicateDiagnostics = new Map<string, EngineDiagnostic[]>();
  private readonly meshes = new Map<string, MeshState>();
  /** ZoneIngresses belong to no mesh, and every mesh's view holds the MeshGateways of all meshes. */
  private readonly zoneIngresses = new Set<ZoneIngress>();
  private readonly meshGateways = new Set<MeshGateway>();
  private globalsChanged = false;
  private cache = new RenderCache();
  private derived: DerivedDataplanes = NO_DERIVATION;
  private kubernetesDirty = false;
  private settings: ControlPlaneSettings = DEFAULT_SETTINGS;
  private kubernetes: KubernetesOptions = DEFAULT_KUBERNETES_OPTIONS;
  private optionsKey = '';
  private result?: WorkspaceResult;

  /** Applies changed (added or replaced) and removed files, and returns the new result. */
  update(changed: readonly FileAnalysis[], removed: readonly string[] = [], options: ResolveOptions = {}): WorkspaceResult {
    this.applyOptions(options);
    const touchedKeys = new Set<string>();
    const forget = (file: string) => {
      const old = this.analyses.get(file);
      if (!old) return;
      this.analyses.delete(file);
      if (old.kubernetesObjects.length) this.kubernetesDirty = true;
      for (const r of old.resources) {
        const key = duplicateKey(r);
        const group = this.duplicates.get(key);
        if (group) {
          const i = group.indexOf(r);
          if (i >= 0) group.splice(i, 1);
          if (group.length === 0) this.duplicates.delete(key);
        }
        touchedKeys.add(key);
      }
    };
    for (const file of removed) forget(file);
    const touched = new Set<string>();
    for (const a of changed) {
      if (this.analyses.get(a.file) === a) continue;
      touched.add(a.file);
      forget(a.file);
      this.analyses.set(a.file, a);
      if (a.kubernetesObjects.length) this.kubernetesDirty = true;
      for (const r of a.resources) {
        const key = duplicateKey(r);
        const group = this.duplicates.get(key);
        if (!group) this.duplicates.set(key, [r]);
        else {
          let at = group.length;
          while (at > 0 && byLocation(group[at - 1]!, r) > 0) at--;
          group.splice(at, 0, r);
        }
        touchedKeys.add(key);
      }
    }
    const filesChanged = removed.length > 0 || touched.size > 0;
    if (!filesChanged && !this.kubernetesDirty && this.result && !this.anyDirty()) return this.result;
    if (filesChanged) this.sortedFiles = [...this.analyses.keys()].sort(byteOrder);

    for (const key of touchedKeys) this.settleDuplicates(key);
    const vosChanged = [...this.meshes.values()].some((m) => m.vosChanged);
    if (this.kubernetesDirty || (vosChanged && this.hasKubernetesObjects())) this.rederive();
    if (this.globalsChanged) {
      this.globalsChanged = false;
      for (const mesh of this.meshes.values()) mesh.dirty = true;
    }

    for (const [name, mesh] of this.meshes) {
      if (mesh.members === 0) this.meshes.delete(name);
      else if (mesh.dirty) this.rebuild(mesh);
    }
    this.result = this.compose();
    return this.result;
  }

  private applyOptions(options: ResolveOptions): void {
    // One Kuma version for everything: the settings' own, else the Kubernetes options' (older callers).
    const kumaVersion = options.settings?.kumaVersion ?? options.kubernetes?.kumaVersion ?? DEFAULT_KUMA_VERSION;
    const settings = { ...(options.settings ?? DEFAULT_SETTINGS), kumaVersion };
    const kubernetes = { ...(options.kubernetes ?? DEFAULT_KUBERNETES_OPTIONS), kumaVersion };
    const key = JSON.stringify([settings, kubernetes]);
    if (key === this.optionsKey) return;
    this.optionsKey = key;
    this.settings = settings;
    this.kubernetes = kubernetes;
    this.kubernetesDirty = true;
    const dialect = dialectOf(rulesFor(kumaVersion));
    if (!sameDialect(dialect, this.cache.dialect)) this.cache = new RenderCache(dialect);
    // Settings change what every view holds: start each mesh's view again.
    for (const mesh of this.meshes.values()) {
      mesh.dirty = true;
      mesh.builder = new IncrementalMeshView(this.cache, settings);
    }
    this.result = undefined;
  }

  private anyDirty(): boolean {
    for (const m of this.meshes.values()) if (m.dirty) return true;
    return false;
  }

  private hasKubernetesObjects(): boolean {
    for (const a of this.analyses.values()) if (a.kubernetesObjects.length) return true;
    return false;
  }

  /** The first resource of a name (by location) is used; the others are reported. */
  private settleDuplicates(key: string): void {
    const group = this.duplicates.get(key) ?? [];
    const before = this.kept.get(key);
    const now = group[0];
    if (before !== now) {
      if (before) this.assign(before, -1);
      if (now) {
        this.kept.set(key, now);
        this.assign(now, +1);
      } else this.kept.delete(key);
    }
    if (group.length < 2) {
      this.duplicateDiagnostics.delete(key);
      return;
    }
    const first = group[0]!;
    this.duplicateDiagnostics.set(
      key,
      group.slice(1).map((r) => {
        const where = r.kind === 'Mesh' || !r.mesh ? '' : ` in mesh ${r.mesh}`;
        const folders = alternativeFolders(first.doc.file, r.doc.file);
        const hint = folders ? ` ${folders[0]} and ${folders[1]} look like alternatives: if they go to different control planes, declare them as scopes in mesh-lens.yaml.` : '';
        return diagnostic(
          RULES.duplicateResource,
          r.doc.file,
          nameSpan(r),
          `${r.kind} ${r.name} is already defined${where} (${first.doc.file}); applying both keeps only the last one applied. Mesh Lens uses the first.${hint}`,
          {
            related: [{ file: first.doc.file, span: nameSpan(first), message: `first definition of ${r.kind} ${r.name}` }],
          },
        );
      }),
    );
  }

  private mesh(name: string): MeshState {
    let m = this.meshes.get(name);
    if (!m) {
      m = {
        name,
        members: 0,
        dataplanes: new Set(),
        externalServices: new Set(),
        virtualOutbounds: new Set(),
        vipConfigs: new Set(),
        voList: [],
        vosChanged: false,
        dirty: true,
        builder: new IncrementalMeshView(this.cache, this.settings),
        diagnostics: [],
      };
      this.meshes.set(name, m);
    }
    return m;
  }

  /** Adds (+1) or removes (-1) a kept resource to or from its mesh. */
  private assign(r: Resource, delta: 1 | -1): void {
    if (r.kind === 'ZoneIngress' || r.kind === 'MeshGateway') {
      if (!r.rejected) {
        if (r.kind === 'ZoneIngress') {
          if (delta > 0) this.zoneIngresses.add(r);
          else this.zoneIngresses.delete(r);
        } else if (delta > 0) this.meshGateways.add(r);
        else this.meshGateways.delete(r);
        this.globalsChanged = true;
      }
      // A MeshGateway still makes its mesh part of the result.
      if (r.kind === 'ZoneIngress') return;
    }
    const name = r.kind === 'Mesh' ? r.name : r.mesh;
    if (!name) return;
    const m = this.mesh(name);
    m.members += delta;
    m.dirty = true;
    const edit = <T>(set: Set<T>, item: T) => (delta > 0 ? set.add(item) : set.delete(item));
    if (r.kind === 'Dataplane' && !r.rejected) edit(m.dataplanes, r);
    else if (r.kind === 'ExternalService' && !r.rejected) edit(m.externalServices, r);
    else if (r.kind === 'VirtualOutbound' && r.valid && !r.rejected) {
      edit(m.virtualOutbounds, r);
      m.vosChanged = true;
    } else if (r.kind === 'VipConfig') edit(m.vipConfigs, r);
  }

  private rederive(): void {
    this.kubernetesDirty = false;
    for (const dp of this.derived.dataplanes) this.assign(dp, -1);
    const objects = this.sortedFiles.flatMap((f) => this.analyses.get(f)!.kubernetesObjects);
    const vos = [...this.kept.values()].filter((r): r is VirtualOutbound => r.kind === 'VirtualOutbound').sort(byLocation);
    this.derived = objects.length ? deriveDataplanes(objects, this.kubernetes, vos) : NO_DERIVATION;
    for (const dp of this.derived.dataplanes) this.assign(dp, +1);
  }

  private rebuild(mesh: MeshState): void {
    mesh.dirty = false;
    if (mesh.vosChanged) {
      mesh.voList = [...mesh.virtualOutbounds].sort(byLocation);
      mesh.vosChanged = false;
    }
    const persisted = mesh.vipConfigs.size ? [...mesh.vipConfigs].sort(byLocation)[0] : undefined;
    const update = mesh.builder.update({
      mesh: mesh.name,
      dataplanes: mesh.dataplanes,
      externalServices: mesh.externalServices,
      zoneIngresses: this.zoneIngresses,
      meshGateways: this.meshGateways,
      virtualOutbounds: mesh.voList,
      persisted: persisted?.entries ?? NO_ENTRIES,
    });
    const diagnostics: EngineDiagnostic[] = [];
    for (const p of update.reservationProblems) {
      diagnostics.push(
        diagnostic(
          RULES.invalidVipConfig,
          persisted!.doc.file,
          firstLineOf(persisted!.doc, spanForPath(persisted!.doc, persisted!.configPath)),
          `${p.message}: ${reservationConsequence(this.settings.kumaVersion!, persisted!.form, mesh.name)}; Mesh Lens allocates as if the entry were not persisted.`,
        ),
      );
    }
    for (const d of update.diagnostics) diagnostics.push(d);
    mesh.diagnostics = diagnostics;
    // Kuma's Postgres store order (by name, then by location for look-alikes), sorted when read.
    const dataplanes = [...mesh.dataplanes];
    const externalServices = [...mesh.externalServices];
    let dataplanesSorted = false;
    let externalServicesSorted = false;
    mesh.result = {
      name: mesh.name,
      view: update.view,
      get dataplanes() {
        if (!dataplanesSorted) dataplanes.sort(byStoreOrder);
        dataplanesSorted = true;
        return dataplanes;
      },
      get externalServices() {
        if (!externalServicesSorted) externalServices.sort(byStoreOrder);
        externalServicesSorted = true;
        return externalServices;
      },
      virtualOutbounds: mesh.voList,
    };
  }

  private compose(): WorkspaceResult {
    const files = new Map<string, FileAnalysis>();
    const diagnostics: EngineDiagnostic[] = [];
    for (const f of this.sortedFiles) {
      const a = this.analyses.get(f)!;
      files.set(f, a);
      for (const d of a.diagnostics) diagnostics.push(d);
    }
    const derived = this.derived;
    for (const d of kubernetesDiagnosticsToReport(derived, this.kept.values())) diagnostics.push(d);
    const duplicates = [...this.duplicateDiagnostics.values()].flat();
    duplicates.sort((a, b) => byteOrder(a.file, b.file) || a.span[0] - b.span[0]);
    for (const d of duplicates) diagnostics.push(d);
    const names = [...this.meshes.keys()].sort(byteOrder);
    const meshes: MeshResult[] = [];
    // Every mesh's view holds the MeshGateways of all meshes, so a gateway's conflict with another
    // gateway is found once per mesh: it is reported once.
    const seen = this.meshGateways.size ? new Set<string>() : undefined;
    for (const name of names) {
      const m = this.meshes.get(name)!;
      meshes.push(m.result!);
      for (const d of m.diagnostics) {
        if (seen) {
          const key = `${d.file}\u0000${d.span[0]}\u0000${d.span[1]}\u0000${d.code}\u0000${d.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        diagnostics.push(d);
      }
    }
    const lineOf = (file: string, offset: number) => files.get(file)?.parsed.lines.positionAt(offset).line;
    // Every resource of the workspace, listed when first read: an edit does not pay for it.
    let resources: Resource[] | undefined;
    return {
      settings: this.settings,
      files,
      get resources() {
        if (!resources) {
          resources = [];
          for (const a of files.values()) for (const r of a.resources) resources.push(r);
          for (const dp of derived.dataplanes) resources.push(dp);
        }
        return resources;
      },
      derivedDataplanes: derived.dataplanes,
      kubernetes: derived,
      meshes,
      diagnostics: oneDiagnosticPerLine(diagnostics, lineOf),
    };
  }
}
