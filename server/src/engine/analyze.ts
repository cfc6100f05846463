// The engine's entry points. `analyzeFile` does everything that depends on one file only (parse,
// recognise, validate) and can be cached by content; `resolveWorkspace` does the cross-file part
// (Kubernetes derivation, duplicates, per-mesh views, VIPs, conflicts), in `WorkspaceModel`. Pure: no I/O.
import { DerivedDataplanes, KubernetesOptions } from './kubernetes';
import { Dataplane, ExternalService, Resource, VirtualOutbound } from './resources/model';
import { readResources } from './resources/read';
import { rememberSpans } from './resources/spans';
import { setTemplatesAside } from './templates/unknowns';
import { MeshView } from './resolve/view';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { ControlPlaneSettings } from './settings';
import { validateResource } from './validate/resource';
import { DEFAULT_KUMA_VERSION } from './versions/kumaVersion';
import { WorkspaceModel } from './workspaceModel';
import { firstLineOf, MAX_DOCUMENTS, ParsedFile, parseYamlFile, spanForPath, YamlDocument, YamlReader } from './yaml/documents';

export interface FileAnalysis {
  readonly file: string;
  /** The Kuma version whose schema and validation the file was analysed with. */
  readonly kumaVersion: string;
  readonly parsed: ParsedFile;
  readonly resources: Resource[];
  readonly kubernetesObjects: YamlDocument[];
  /** Diagnostics that depend on this file alone: syntax, apply-time schema and Kuma validation. */
  readonly diagnostics: EngineDiagnostic[];
}

/** `reader` 'composed' skips the block reader (yaml/documents.ts); the result is the same. */
export function analyzeFile(file: string, text: string, kumaVersion: string = DEFAULT_KUMA_VERSION, reader: YamlReader = 'block'): FileAnalysis {
  const parsed = parseYamlFile(file, text, reader);
  const { resources, diagnostics, kubernetesObjects } = readResources(parsed, kumaVersion);
  if (parsed.truncatedAt !== undefined) {
    const at = Math.min(parsed.truncatedAt, text.length);
    diagnostics.push(diagnostic(RULES.analysisLimit, file, [at, at], `more than ${MAX_DOCUMENTS} documents: the documents after the first ${MAX_DOCUMENTS} are not analysed`));
  }
  for (const r of resources) {
    const violations = validateResource(r, kumaVersion);
    for (const v of violations) {
      diagnostics.push(diagnostic(RULES.kumaValidation, file, firstLineOf(r.doc, spanForPath(r.doc, v.path)), `${v.field}: ${v.message}`));
    }
    if (r.kind === 'VirtualOutbound') r.valid = violations.length === 0;
    if (violations.length && r.kind !== 'VirtualOutbound') r.rejected = true;
    rememberSpans(r);
  }
  return { file, kumaVersion, parsed, ...setTemplatesAside(parsed, { resources, kubernetesObjects, diagnostics }) };
}

export interface ResolveOptions {
  /** Its `kumaVersion` should be the one the files were analysed with (`FileAnalysis.kumaVersion`). */
  readonly settings?: ControlPlaneSettings;
  readonly kubernetes?: KubernetesOptions;
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
  /** The dataplanes derived from Kubernetes workloads (also in `resources`). */
  readonly derivedDataplanes: readonly Dataplane[];
  /** The Kubernetes derivation: the injection decision per workload (with its reason) and the Services. */
  readonly kubernetes: DerivedDataplanes;
  readonly meshes: readonly MeshResult[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

/** Resolves the workspace from scratch; `WorkspaceModel` keeps the same result up to date across edits. */
export function resolveWorkspace(analyses: readonly FileAnalysis[], options: ResolveOptions = {}): WorkspaceResult {
  return new WorkspaceModel().update(analyses, [], options);
}
