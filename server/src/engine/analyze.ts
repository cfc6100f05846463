// The engine's entry points. `analyzeFile` does everything that depends on one file only (parse,
// recognise, validate) and can be cached by content; `resolveWorkspace` does the cross-file part
// (Kubernetes derivation, duplicates, per-mesh views, VIPs, conflicts). Pure: no I/O.
import { deriveDataplanes, DEFAULT_KUBERNETES_OPTIONS, KubernetesOptions } from './kubernetes';
import { Dataplane, ExternalService, Mesh, Resource, VipConfig, VirtualOutbound } from './resources/model';
import { readResources } from './resources/read';
import { diagnoseMeshView } from './resolve/diagnose';
import { nameSpan } from './resolve/explain';
import { buildMeshView, MeshView, RenderCache } from './resolve/view';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { cidrOf, ControlPlaneSettings, DEFAULT_SETTINGS } from './settings';
import { validateResource } from './validate/resource';
import { byteOrder } from './validate/selectors';
import { allocateVips } from './vips/allocate';
import { firstLineOf, MAX_DOCUMENTS, ParsedFile, parseYamlFile, spanForPath, YamlDocument } from './yaml/documents';

export interface FileAnalysis {
  readonly file: string;
  readonly parsed: ParsedFile;
  readonly resources: Resource[];
  readonly kubernetesObjects: YamlDocument[];
  /** Diagnostics that depend on this file alone: syntax, apply-time schema and Kuma validation. */
  readonly diagnostics: EngineDiagnostic[];
}

export function analyzeFile(file: string, text: string): FileAnalysis {
  const parsed = parseYamlFile(file, text);
  const { resources, diagnostics, kubernetesObjects } = readResources(parsed);
  if (parsed.truncatedAt !== undefined) {
    const at = Math.min(parsed.truncatedAt, text.length);
    diagnostics.push(diagnostic(RULES.analysisLimit, file, [at, at], `more than ${MAX_DOCUMENTS} documents: the documents after the first ${MAX_DOCUMENTS} are not analysed`));
  }
  for (const r of resources) {
    const violations = validateResource(r);
    for (const v of violations) {
      diagnostics.push(diagnostic(RULES.kumaValidation, file, firstLineOf(r.doc, spanForPath(r.doc, v.path)), `${v.field}: ${v.message}`));
    }
    if (r.kind === 'VirtualOutbound') r.valid = violations.length === 0;
    if (violations.length && r.kind !== 'VirtualOutbound') r.rejected = true;
  }
  return { file, parsed, resources, kubernetesObjects, diagnostics };
}

export interface ResolveOptions {
  readonly settings?: ControlPlaneSettings;
  readonly kubernetes?: KubernetesOptions;
  /** Renders kept between runs, so an edit re-renders only what it changed. */
  readonly renderCache?: RenderCache;
}

export interface MeshResult {
  readonly name: string;
  readonly view: MeshView;
  readonly dataplanes: readonly Dataplane[];
  readonly externalServices: readonly ExternalService[];
  readonly virtualOutbounds: readonly VirtualOutbound[];
}

export interface WorkspaceResult {
  readonly settings: ControlPlaneSettings;
  readonly files: ReadonlyMap<string, FileAnalysis>;
  /** All resources, derived dataplanes included. */
  readonly resources: readonly Resource[];
  readonly meshes: readonly MeshResult[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

function byLocation(a: Resource, b: Resource): number {
  return byteOrder(a.doc.file, b.doc.file) || a.doc.index - b.doc.index;
}

export function resolveWorkspace(analyses: readonly FileAnalysis[], options: ResolveOptions = {}): WorkspaceResult {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const files = new Map(analyses.map((a) => [a.file, a]));
  const diagnostics: EngineDiagnostic[] = analyses.flatMap((a) => a.diagnostics);
  const written = analyses.flatMap((a) => a.resources).sort(byLocation);
  const derived = deriveDataplanes(
    // In location order, as the written resources: which of two same-named objects counts must not depend on the order of `analyses`.
    analyses.flatMap((a) => a.kubernetesObjects).sort((a, b) => byteOrder(a.file, b.file) || a.index - b.index),
    options.kubernetes ?? DEFAULT_KUBERNETES_OPTIONS,
  );
  diagnostics.push(...derived.diagnostics);
  const resources: Resource[] = [...written, ...derived.dataplanes];
  const kept = dropDuplicates(written, diagnostics);

  const meshNames = new Set<string>();
  const byMesh = new Map<string, { dps: Dataplane[]; ess: ExternalService[]; vos: VirtualOutbound[]; vips: VipConfig[] }>();
  const group = (mesh: string) => {
    meshNames.add(mesh);
    let g = byMesh.get(mesh);
    if (!g) byMesh.set(mesh, (g = { dps: [], ess: [], vos: [], vips: [] }));
    return g;
  };
  for (const r of [...kept, ...derived.dataplanes]) {
    if (r.kind === 'Mesh') group((r as Mesh).name);
    else if (r.kind === 'Dataplane' && !r.rejected) group(r.mesh).dps.push(r);
    else if (r.kind === 'ExternalService' && !r.rejected) group(r.mesh).ess.push(r);
    else if (r.kind === 'VirtualOutbound' && r.valid && !r.rejected) group(r.mesh).vos.push(r);
    else if (r.kind === 'VipConfig') group(r.mesh).vips.push(r);
    else if (r.mesh) group(r.mesh);
  }

  const cache = options.renderCache ?? new RenderCache();
  const cidr = cidrOf(settings);
  const meshes: MeshResult[] = [];
  for (const mesh of [...meshNames].sort(byteOrder)) {
    const g = byMesh.get(mesh)!;
    // Kuma's Universal store order: by name, then mesh.
    const dataplanes = g.dps.sort((a, b) => byteOrder(a.name, b.name));
    const externalServices = g.ess.sort((a, b) => byteOrder(a.name, b.name));
    const view = buildMeshView({ mesh, dataplanes, externalServices, virtualOutbounds: g.vos, serviceVipEnabled: settings.serviceVipEnabled }, cache);
    const persisted = g.vips[0];
    const problems = allocateVips(cidr, view.entries, persisted?.entries ?? []);
    for (const p of problems) {
      diagnostics.push(
        diagnostic(
          RULES.invalidVipConfig,
          persisted.doc.file,
          firstLineOf(persisted.doc, spanForPath(persisted.doc, persisted.configPath)),
          `${p.message}: Kuma 2.1.x cannot reserve it and stops updating the VIPs of mesh ${mesh} until it is fixed; Mesh Lens allocates as if the entry were not persisted.`,
        ),
      );
    }
    diagnostics.push(...diagnoseMeshView(view, settings, dataplanes.length + externalServices.length > 0));
    meshes.push({ name: mesh, view, dataplanes, externalServices, virtualOutbounds: g.vos });
  }
  return { settings, files, resources, meshes, diagnostics };
}

/** Two resources of one kind with one name in one mesh: the first by location is kept, the others reported. */
function dropDuplicates(resources: readonly Resource[], diagnostics: EngineDiagnostic[]): Resource[] {
  const first = new Map<string, Resource>();
  const kept: Resource[] = [];
  for (const r of resources) {
    const key = `${r.kind}\u0000${r.mesh}\u0000${r.name}`;
    const existing = first.get(key);
    if (!existing) {
      first.set(key, r);
      kept.push(r);
      continue;
    }
    const where = r.kind === 'Mesh' ? '' : ` in mesh ${r.mesh}`;
    diagnostics.push(
      diagnostic(RULES.duplicateResource, r.doc.file, nameSpan(r), `${r.kind} ${r.name} is already defined${where} (${existing.doc.file}); applying both keeps only the last one applied. Mesh Lens uses the first.`, {
        related: [{ file: existing.doc.file, span: nameSpan(existing), message: `first definition of ${r.kind} ${r.name}` }],
      }),
    );
  }
  return kept;
}
