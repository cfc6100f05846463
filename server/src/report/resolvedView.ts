// The resolved view as plain data: the JSON contract of `mesh-lens resolve --format json`, also
// served to the editor. Entries in Kuma's order (service < host < fqdn, then name byte-wise),
// outbounds by port; diagnostics with 0-based LSP ranges.
import { WorkspaceResult } from '../engine/analyze';
import { EngineDiagnostic, Severity } from '../engine/rules';
import { dnsNamesOf, listenerName, listenerPorts } from '../engine/resolve/outbounds';
import type { Dropped } from '../engine/resolve/view';
import { Range } from '../engine/yaml/lineIndex';

export interface JsonOutbound {
  port: number;
  tags: Record<string, string>;
  origin: string;
  /** The dataplanes (or external services) whose inbounds produced the outbound. */
  sources: string[];
  /** The claims on the same hostname:port that lost to it, in Kuma's processing order (`resolve --format json`). */
  dropped?: JsonDropped[];
}

export interface JsonDropped {
  origin: string;
  tags: Record<string, string>;
  /** The dataplane (or external service) the claim was rendered for, and its inbound. */
  source: string;
  inbound?: number;
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
  /** How many occurrences the finding sums up, when more than one. */
  count?: number;
}

export interface JsonView {
  /** `scope`: set when the workspace holds several scopes (control planes); a mesh then appears once per scope. */
  meshes: { name: string; scope?: string; entries: JsonEntry[] }[];
  diagnostics: JsonDiagnostic[];
}

/** With `dropped`, each outbound lists the claims that lost its hostname:port: every pair, large on a conflict storm. */
export function toJsonView(result: WorkspaceResult, diagnostics: readonly EngineDiagnostic[] = result.diagnostics, options: { dropped?: boolean } = {}): JsonView {
  const { dnsDomain, serviceVipPort } = result.settings;
  return {
    meshes: result.meshes.map((m) => {
      const dropped = options.dropped ? droppedBySlot(m.view.dropped) : undefined;
      return {
        name: m.name,
        entries: m.view.entries.map((e) => ({
          type: e.type,
          name: e.name,
          vip: e.vip,
          outbounds: e.outbounds.map((o) => {
            const lost = dropped?.get(`${e.type}:${e.name}\u0000${o.port}`);
            return { port: o.port, tags: { ...o.tags }, origin: o.origin, sources: [...new Set(o.sources.map((s) => s.resource.name))], ...(lost ? { dropped: lost } : {}) };
          }),
          dnsNames: dnsNamesOf(e, dnsDomain),
          listeners: e.vip === null ? [] : listenerPorts(e, dnsDomain, serviceVipPort).map((p) => listenerName(e.vip!, p)),
        })),
      };
    }),
    diagnostics: diagnostics.map((d) => toJsonDiagnostic(result, d)),
  };
}

function droppedBySlot(dropped: readonly Dropped[]): Map<string, JsonDropped[]> {
  const out = new Map<string, JsonDropped[]>();
  for (const d of dropped) {
    const key = `${d.entry.type}:${d.entry.name}\u0000${d.outbound.port}`;
    const item: JsonDropped = {
      origin: d.outbound.origin,
      tags: { ...d.outbound.tags },
      source: d.source.resource.name,
      ...(d.source.inboundIndex !== undefined ? { inbound: d.source.inboundIndex } : {}),
    };
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** The view of several scopes: each scope's meshes, named by scope when there is more than one. */
export function toScopedJsonView(scopes: readonly { scope: { name: string }; result: WorkspaceResult }[], named: boolean, options: { dropped?: boolean } = {}): JsonView['meshes'] {
  return scopes.flatMap(({ scope, result }) => toJsonView(result, [], options).meshes.map((m) => (named ? { name: m.name, scope: scope.name, entries: m.entries } : m)));
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
    ...(d.count !== undefined ? { count: d.count } : {}),
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
