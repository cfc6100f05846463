// The resolved view as plain data: the JSON contract of `mesh-lens resolve --format json`, also
// served to the editor. Entries in Kuma's order (service < host < fqdn, then name byte-wise),
// outbounds by port; diagnostics with 0-based LSP ranges.
import { WorkspaceResult } from '../engine/analyze';
import { EngineDiagnostic, Severity } from '../engine/rules';
import { dnsNamesOf, listenerName, listenerPorts } from '../engine/resolve/outbounds';
import { Range } from '../engine/yaml/lineIndex';

export interface JsonOutbound {
  port: number;
  tags: Record<string, string>;
  origin: string;
  /** The dataplanes (or external services) whose inbounds produced the outbound. */
  sources: string[];
}

export interface JsonEntry {
  type: 'service' | 'host' | 'fqdn';
  name: string;
  vip: string | null;
  outbounds: JsonOutbound[];
  dnsNames: string[];
  listeners: string[];
}

export interface JsonDiagnostic {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related?: { file: string; range: Range; message: string }[];
}

export interface JsonView {
  /** `scope`: set when the workspace holds several scopes (control planes); a mesh then appears once per scope. */
  meshes: { name: string; scope?: string; entries: JsonEntry[] }[];
  diagnostics: JsonDiagnostic[];
}

export function toJsonView(result: WorkspaceResult, diagnostics: readonly EngineDiagnostic[] = result.diagnostics): JsonView {
  const { dnsDomain, serviceVipPort } = result.settings;
  return {
    meshes: result.meshes.map((m) => ({
      name: m.name,
      entries: m.view.entries.map((e) => ({
        type: e.type,
        name: e.name,
        vip: e.vip,
        outbounds: e.outbounds.map((o) => ({
          port: o.port,
          tags: { ...o.tags },
          origin: o.origin,
          sources: [...new Set(o.sources.map((s) => s.resource.name))],
        })),
        dnsNames: dnsNamesOf(e, dnsDomain),
        listeners: e.vip === null ? [] : listenerPorts(e, dnsDomain, serviceVipPort).map((p) => listenerName(e.vip!, p)),
      })),
    })),
    diagnostics: diagnostics.map((d) => toJsonDiagnostic(result, d)),
  };
}

/** The view of several scopes: each scope's meshes, named by scope when there is more than one. */
export function toScopedJsonView(
  scopes: readonly { scope: { name: string }; result: WorkspaceResult }[],
  named: boolean,
): JsonView['meshes'] {
  return scopes.flatMap(({ scope, result }) => toJsonView(result, []).meshes.map((m) => (named ? { name: m.name, scope: scope.name, entries: m.entries } : m)));
}

export function rangeIn(result: WorkspaceResult, file: string, span: readonly [number, number]): Range {
  const lines = result.files.get(file)?.parsed.lines;
  return lines ? lines.rangeOf(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function toJsonDiagnostic(result: WorkspaceResult, d: EngineDiagnostic): JsonDiagnostic {
  return {
    file: d.file,
    range: rangeIn(result, d.file, d.span),
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.related ? { related: d.related.map((r) => ({ file: r.file, range: rangeIn(result, r.file, r.span), message: r.message })) } : {}),
  };
}

/** Diagnostics in a stable order: file, position, code. */
export function sortDiagnostics(list: JsonDiagnostic[]): JsonDiagnostic[] {
  return list.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
