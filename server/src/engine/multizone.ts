// Multizone hint: only the kuma.io/service tag of an inbound in another zone reaches this zone, so
// a VirtualOutbound that selects on, or reads, other tags renders hostnames only for inbounds of
// its own zone. Reported when the workspace is multizone (an inbound carries kuma.io/zone). Pure.
import { WorkspaceResult } from './analyze';
import { effectiveTagKey } from './resources/model';
import { compileTemplate } from './render/evaluate';
import { fieldSpan } from './resolve/explain';
import { diagnostic, EngineDiagnostic, RULES } from './rules';
import { SERVICE_TAG } from './validate/virtualOutbound';

export const ZONE_TAG = 'kuma.io/zone';

export function isMultizone(result: WorkspaceResult): boolean {
  return result.resources.some((r) => r.kind === 'Dataplane' && r.inbounds.some((i) => Object.prototype.hasOwnProperty.call(i.tags, ZONE_TAG)));
}

export function diagnoseMultizone(result: WorkspaceResult): EngineDiagnostic[] {
  if (!isMultizone(result)) return [];
  const out: EngineDiagnostic[] = [];
  const why = 'only kuma.io/service crosses zones, so inbounds of other zones do not carry it here and get no hostname from this VirtualOutbound';
  for (const vo of result.resources) {
    if (vo.kind !== 'VirtualOutbound') continue;
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
  return out;
}
