// Multizone hint: only the kuma.io/service tag of an inbound in another zone reaches this zone, so
// a VirtualOutbound that selects on, or reads, other tags renders hostnames only for inbounds of
// its own zone. Reported when the workspace is multizone (an inbound carries kuma.io/zone).
// `MultizoneHints` keeps both halves per file analysis, so an edit costs one file.
import { FileAnalysis, WorkspaceResult } from './analyze';
import { Dataplane, effectiveTagKey, Resource, VirtualOutbound } from './resources/model';
import { compileTemplate } from './render/evaluate';
import { fieldSpan } from './resolve/explain';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { SERVICE_TAG } from './validate/virtualOutbound';

export const ZONE_TAG = 'kuma.io/zone';

function zoned(r: Resource): boolean {
  return r.kind === 'Dataplane' && r.inbounds.some((i) => Object.prototype.hasOwnProperty.call(i.tags, ZONE_TAG));
}

export function isMultizone(result: WorkspaceResult): boolean {
  return result.resources.some(zoned);
}

export function diagnoseMultizone(result: WorkspaceResult): EngineDiagnostic[] {
  if (!isMultizone(result)) return [];
  const out: EngineDiagnostic[] = [];
  for (const vo of result.resources) if (vo.kind === 'VirtualOutbound') diagnoseVirtualOutbound(vo, out);
  return out;
}

/** `diagnoseMultizone` with the per-file part kept per file analysis. */
export class MultizoneHints {
  private readonly perFile = new WeakMap<FileAnalysis, { zoned: boolean; diagnostics: EngineDiagnostic[] }>();

  diagnose(files: Iterable<FileAnalysis>, derived: readonly Dataplane[]): EngineDiagnostic[] {
    const parts: EngineDiagnostic[][] = [];
    let multizone = derived.some(zoned);
    for (const a of files) {
      let part = this.perFile.get(a);
      if (!part) {
        const diagnostics: EngineDiagnostic[] = [];
        for (const r of a.resources) if (r.kind === 'VirtualOutbound') diagnoseVirtualOutbound(r, diagnostics);
        part = { zoned: a.resources.some(zoned), diagnostics };
        this.perFile.set(a, part);
      }
      multizone ||= part.zoned;
      if (part.diagnostics.length) parts.push(part.diagnostics);
    }
    return multizone ? parts.flat() : [];
  }
}

const why = 'only kuma.io/service crosses zones, so inbounds of other zones do not carry it here and get no hostname from this VirtualOutbound';

function diagnoseVirtualOutbound(vo: VirtualOutbound, out: EngineDiagnostic[]): void {
  vo.selectors.forEach((s, i) => {
    for (const key of Object.keys(s.match)) {
      if (key === SERVICE_TAG) continue;
      out.push(diagnostic(RULES.multizoneNonServiceTag, vo.doc.file, fieldSpan(vo, ['selectors', i, 'match', key], 'key'), `Selects on tag ${key} in a multizone mesh: ${why}.`));
    }
  });
  const read = new Set<string>();
  for (const t of [vo.conf?.host, vo.conf?.port]) {
    const c = t === undefined ? undefined : compileTemplate(t);
    if (c?.ok) for (const f of c.template.fieldsRead()) read.add(f.name);
  }
  (vo.conf?.parameters ?? []).forEach((p, i) => {
    const key = effectiveTagKey(p);
    if (key === SERVICE_TAG || !read.has(p.name)) return;
    out.push(diagnostic(RULES.multizoneNonServiceTag, vo.doc.file, fieldSpan(vo, ['conf', 'parameters', i, 'name']), `Reads tag ${key} in a multizone mesh: ${why}.`));
  });
}
