// Diagnostics beyond Kuma's validator, drawn from a built mesh view: hostnames lost to a
// higher-priority VirtualOutbound, conflicts between dataplanes, ambiguous priorities, skipped
// renders, VirtualOutbounds that select nothing, entries without a VIP, external-service host
// clashes and hosts outside the DNS domain. Each participant of a conflict is told, once per
// finding (see `FINDING_UNITS`), with counts and examples rather than once per lost pair.
import { compileTemplate } from '../render/evaluate';
import { effectiveTagKey, VirtualOutbound } from '../resources/model';
import { diagnostic, EngineDiagnostic, formatCount, MAX_RELATED, RelatedInfo, RULES } from '../rules';
import { ControlPlaneSettings } from '../settings';
import { Span } from '../yaml/lineIndex';
import { adviceEnvironment, missingTagAdvice } from './advice';
import { describeSource, fieldSpan, listWithMore, nameSpan, sourceLocation } from './explain';
import { LostClaim, Part, slotParts, SlotLosses, writeFindings } from './findings';
import { Dropped, Entry, MeshView, Outbound, RenderRecord } from './view';

export function diagnoseMeshView(view: MeshView, settings: ControlPlaneSettings, meshHasWorkloads: boolean): EngineDiagnostic[] {
  const out = writeFindings(findingsOf(slotsOf(view.dropped)));
  for (const [vo, records] of view.renders) {
    const outside = records.find((r) => r.host !== undefined && !r.host.endsWith(`.${settings.dnsDomain}`));
    diagnoseVirtualOutbound(
      vo,
      records.filter((r) => r.status === 'skipped'),
      records.length > 0,
      outside?.host,
      settings,
      meshHasWorkloads,
      out,
    );
  }
  diagnoseMissingVips(view.mesh, view.entries, settings, out);
  return out;
}

/** Dropped outbounds per hostname:port, in processing order. */
export function slotsOf(dropped: readonly Dropped[]): SlotLosses[] {
  const slots = new Map<string, { entry: Entry; port: number; winner: Outbound; losers: LostClaim[] }>();
  for (const d of dropped) {
    const key = `${d.entry.type}:${d.entry.name}\u0000${d.outbound.port}`;
    const loser: LostClaim = { source: d.source, tags: d.outbound.tags, origin: d.outbound.origin, port: d.outbound.port };
    const slot = slots.get(key);
    if (slot) slot.losers.push(loser);
    else slots.set(key, { entry: d.entry, port: d.outbound.port, winner: d.winner, losers: [loser] });
  }
  return [...slots.values()];
}

/** The parts of every slot, per finding. */
export function findingsOf(slots: readonly SlotLosses[]): Map<string, Part[]> {
  const byKey = new Map<string, Part[]>();
  for (const slot of slots) {
    for (const part of slotParts(slot)) {
      const list = byKey.get(part.key);
      if (list) list.push(part);
      else byKey.set(part.key, [part]);
    }
  }
  return byKey;
}

/**
 * What one VirtualOutbound's renders say on their own: skipped renders (in processing order),
 * selecting nothing, and the first rendered host outside the DNS domain.
 */
export function diagnoseVirtualOutbound(
  vo: VirtualOutbound,
  skipped: readonly RenderRecord[],
  rendersAny: boolean,
  firstOutsideHost: string | undefined,
  settings: ControlPlaneSettings,
  meshHasWorkloads: boolean,
  out: EngineDiagnostic[],
): void {
  diagnoseSkipped(vo, skipped, out);
  if (!rendersAny && meshHasWorkloads) {
    out.push(
      diagnostic(
        RULES.selectsNothing,
        vo.doc.file,
        nameSpan(vo),
        `VirtualOutbound ${vo.name} selects no dataplane inbound and no external service of mesh ${vo.mesh} in this workspace, so it renders no hostname.`,
        {
          unnecessary: true,
        },
      ),
    );
  }
  if (firstOutsideHost) {
    out.push(
      diagnostic(
        RULES.hostOutsideDomain,
        vo.doc.file,
        fieldSpan(vo, ['conf', 'host']),
        `Renders ${firstOutsideHost}, which does not end with .${settings.dnsDomain}: it resolves only where the data-plane proxy serves DNS (builtin DNS); the control plane's DNS answers only for .${settings.dnsDomain}.`,
      ),
    );
  }
}

/** One finding per template field: every inbound it skips, the first cause in processing order named. */
function diagnoseSkipped(vo: VirtualOutbound, records: readonly RenderRecord[], out: EngineDiagnostic[]): void {
  const byField = new Map<'host' | 'port', Map<string, RenderRecord[]>>();
  for (const r of records) {
    if (r.status !== 'skipped') continue;
    const field = r.failedField ?? 'host';
    let reasons = byField.get(field);
    if (!reasons) byField.set(field, (reasons = new Map()));
    // One cause: the same missing tags (whatever each inbound's render then reads), or else the same reason.
    const cause = r.missingTags?.length ? `missing\u0000${r.missingTags.join('\u0000')}` : `reason\u0000${r.reason ?? ''}`;
    const list = reasons.get(cause);
    if (list) list.push(r);
    else reasons.set(cause, [r]);
  }
  for (const [field, reasons] of byField) {
    // Each field and each cause was recorded from a skipped record above, so neither list is empty.
    const groups = [...reasons.values()];
    const group = groups[0]!;
    const first = group[0]!;
    const template = field === 'host' ? vo.conf!.host : vo.conf!.port;
    const missing = missingReadTags(vo, template, first.missingTags ?? []);
    const who = listWithMore(group.map((r) => describeSource(r.source)));
    const { cause, advice } = skipCause(field, who, group.length, missing, first, group);
    let total = 0;
    for (const g of groups) total += g.length;
    const others = total - group.length;
    const also =
      groups.length > 1
        ? ` Also skipped for ${formatCount(others)} more inbound${others === 1 ? '' : 's'} for ${groups.length - 1} other reason${groups.length === 2 ? '' : 's'}, such as: ${groups[1]![0]!.reason}.`
        : '';
    const related: RelatedInfo[] = [];
    for (const g of groups) for (const r of g.slice(0, MAX_RELATED - related.length)) related.push({ ...sourceLocation(r.source), message: 'skipped here' });
    out.push(
      diagnostic(RULES.renderSkipped, vo.doc.file, fieldSpan(vo, ['conf', field]), `Hostname skipped for ${who}: ${cause}. Kuma: ${first.reason}. ${advice}${also}`, {
        related,
        relatedTotal: total,
        count: total,
      }),
    );
  }
}

const DEFAULT_ADVICE = 'give the template a default ({{if .x}}{{.x}}{{else}}...{{end}}).';

/**
 * Why the renders were skipped and what to do. A missing tag is named with where to add it; a
 * template that renders a value Kuma rejects, or fails while it runs (no tag is missing then, and
 * `rendered` is unset), is told as such, with no tag to add.
 */
function skipCause(field: 'host' | 'port', who: string, n: number, missing: readonly string[], first: RenderRecord, group: readonly RenderRecord[]): { cause: string; advice: string } {
  if (missing.length) {
    const env = missingTagAdvice(missing, adviceEnvironment(group.map((r) => r.source)));
    return {
      cause: `${who} ha${n === 1 ? 's' : 've'} no ${missing.map((t) => `'${t}'`).join(' or ')} tag, so the ${field} template renders <no value> there`,
      advice: `${env ? `${env} Or narrow` : 'Add the tag to the inbound, narrow'} the selector to inbounds that have it, or ${DEFAULT_ADVICE}`,
    };
  }
  if (first.rendered === undefined) {
    return {
      cause: `the ${field} template fails while it runs for ${who}`,
      advice: 'Change the template so that it runs, with these tag values, under the Go release this Kuma version is built with, or narrow the selector to inbounds it runs for.',
    };
  }
  return {
    cause: `the ${field} template renders ${JSON.stringify(first.rendered)} for ${who}`,
    advice: `Change the template, narrow the selector to inbounds it renders a valid value for, or ${DEFAULT_ADVICE}`,
  };
}

/** The missing tags whose parameters the failing template actually reads. */
function missingReadTags(vo: VirtualOutbound, template: string, missing: readonly string[]): string[] {
  const c = compileTemplate(template);
  if (!c.ok) return [...missing];
  const read = new Set(c.template.fieldsRead().map((f) => f.name));
  return (vo.conf?.parameters ?? []).filter((p) => read.has(p.name) && missing.includes(effectiveTagKey(p))).map(effectiveTagKey);
}

/** Entries left without a VIP by an exhausted CIDR: one finding per place that makes them. */
export function diagnoseMissingVips(mesh: string, entries: readonly Entry[], settings: ControlPlaneSettings, out: EngineDiagnostic[]): void {
  const places = new Map<string, { file: string; span: Span; names: string[]; count: number }>();
  for (const entry of entries) {
    if (entry.vip !== null || entry.address) continue;
    const seen = new Set<string>();
    for (const ob of entry.outbounds) {
      for (const source of ob.sources) {
        const vo = source.match?.vo;
        const at = vo
          ? { file: vo.doc.file, span: fieldSpan(vo, ['conf', 'host']) }
          : source.resource.kind === 'ExternalService'
            ? { file: source.resource.doc.file, span: nameSpan(source.resource) }
            : sourceLocation(source);
        const key = `${at.file}:${at.span[0]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const place = places.get(key);
        if (!place) places.set(key, { ...at, names: [`${entry.type} ${entry.name}`], count: 1 });
        else {
          place.count++;
          if (place.names.length < 3) place.names.push(`${entry.type} ${entry.name}`);
        }
      }
    }
  }
  const why = `the CIDR ${settings.cidr} is exhausted in mesh ${mesh} (${entries.length} entries)`;
  for (const place of places.values()) {
    const text =
      place.count === 1
        ? `${place.names[0]} gets no VIP: ${why}, so Kuma leaves it without an address and no proxy can reach it. Give dnsServer.CIDR more room.`
        : `${formatCount(place.count)} entries made here get no VIP (${place.names.join(', ')}${place.count > place.names.length ? ` and ${formatCount(place.count - place.names.length)} more` : ''}): ${why}, so Kuma leaves them without an address and no proxy can reach them. Give dnsServer.CIDR more room.`;
    out.push(diagnostic(RULES.noVip, place.file, place.span, text, { count: place.count }));
  }
}
