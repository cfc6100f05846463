// Diagnostics beyond Kuma's validator, drawn from a built mesh view: hostnames lost to a
// higher-priority VirtualOutbound, conflicts between dataplanes, ambiguous priorities, skipped
// renders, VirtualOutbounds that select nothing, entries without a VIP, external-service host
// clashes and hosts outside the DNS domain. Each participant of a conflict is told.
import { compileTemplate } from '../render/evaluate';
import { effectiveTagKey, VirtualOutbound } from '../resources/model';
import { diagnostic, EngineDiagnostic, RelatedInfo, RULES } from '../rules';
import { ControlPlaneSettings } from '../settings';
import { adviceEnvironment, missingTagAdvice } from './advice';
import { describeRank, describeSource, describeTags, fieldSpan, listWithMore, nameSpan, sourceLocation } from './explain';
import { claimNoun, claimOrderNote, conflictAdvice } from './claimOrder';
import { compareRank, isAmbiguous } from './match';
import { Dropped, Entry, MeshView, RenderRecord } from './view';

export function diagnoseMeshView(view: MeshView, settings: ControlPlaneSettings, meshHasWorkloads: boolean): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  for (const group of groupDropped(view.dropped)) diagnoseDroppedGroup(group, out);
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
      diagnostic(RULES.selectsNothing, vo.doc.file, nameSpan(vo), `VirtualOutbound ${vo.name} selects no dataplane inbound and no external service of mesh ${vo.mesh} in this workspace, so it renders no hostname.`, {
        unnecessary: true,
      }),
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

function voOf(d: Dropped): VirtualOutbound | undefined {
  return d.source.match?.vo;
}

/** Dropped outbounds grouped by (loser, hostname:port, winner origin), in order of first appearance. */
export function groupDropped(dropped: readonly Dropped[]): Dropped[][] {
  // Aggregate per (loser resource, hostname:port, winner origin) so a VirtualOutbound that conflicts
  // on a thousand dataplanes gets one diagnostic, not a thousand.
  const groups = new Map<string, Dropped[]>();
  for (const d of dropped) {
    const loser = voOf(d) ?? d.source.resource;
    const key = `${loser.doc.file}#${loser.doc.index}|${d.entry.type}:${d.entry.name}:${d.outbound.port}|${d.winner.origin}`;
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.values()];
}

/** The diagnostics of one group of `groupDropped`. */
export function diagnoseDroppedGroup(group: readonly Dropped[], out: EngineDiagnostic[]): void {
  const first = group[0];
  const hostPort = `${first.entry.name}:${first.outbound.port}`;
  const winnerSource = first.winner.sources[0];
  const loserVo = voOf(first);
  const winnerVo = winnerSource.match?.vo;
  if (first.entry.type === 'host') {
    diagnoseHostClash(first, out);
    return;
  }
  const sameInbound = group.filter((d) => d.source.resource === winnerSource.resource && d.source.inboundIndex === winnerSource.inboundIndex);
  if (loserVo && winnerVo && sameInbound.length > 0) {
    const loserMatch = first.source.match!;
    const winnerMatch = winnerSource.match!;
    const where = listWithMore(sameInbound.map((d) => describeSource(d.source)));
    const related: RelatedInfo[] = [
      { file: winnerVo.doc.file, span: fieldSpan(winnerVo, ['conf', 'host']), message: `VirtualOutbound ${winnerVo.name} keeps ${hostPort}` },
      { ...sourceLocation(first.source), message: `the inbound both select` },
    ];
    if (isAmbiguous(loserMatch, winnerMatch)) {
      const text = `${hostPort} is rendered for ${where} by both ${winnerVo.name} and ${loserVo.name} with equal selector rank (${describeRank(loserMatch.rank)}) and no creation time that orders them. Mesh Lens assumes name order, so ${winnerVo.name} keeps it; a live control plane prefers the most recently created one.`;
      out.push(diagnostic(RULES.ambiguousPriority, loserVo.doc.file, fieldSpan(loserVo, ['conf', 'host']), text, { related }));
      out.push(
        diagnostic(RULES.ambiguousPriority, winnerVo.doc.file, fieldSpan(winnerVo, ['conf', 'host']), text, {
          related: [{ file: loserVo.doc.file, span: fieldSpan(loserVo, ['conf', 'host']), message: `VirtualOutbound ${loserVo.name} also renders ${hostPort}` }],
        }),
      );
    } else {
      const why =
        compareRank(winnerMatch.rank, loserMatch.rank) > 0
          ? `its selector ranks higher (${describeRank(winnerMatch.rank)} against ${describeRank(loserMatch.rank)})`
          : `it was created later (equal selector rank; the newest VirtualOutbound has the higher priority)`;
      out.push(
        diagnostic(
          RULES.hostnameLostToPriority,
          loserVo.doc.file,
          fieldSpan(loserVo, ['conf', 'host']),
          `${hostPort} for ${where} is taken by VirtualOutbound ${winnerVo.name}: ${why}. This VirtualOutbound's outbound there is dropped.`,
          { related },
        ),
      );
      out.push(
        diagnostic(
          RULES.hostnameLostToPriority,
          winnerVo.doc.file,
          fieldSpan(winnerVo, ['conf', 'host']),
          `Keeps ${hostPort} for ${where} over VirtualOutbound ${loserVo.name}, which renders the same hostname:port there with a lower priority.`,
          { severity: 'information', related: [{ file: loserVo.doc.file, span: fieldSpan(loserVo, ['conf', 'host']), message: `VirtualOutbound ${loserVo.name} loses ${hostPort}` }] },
        ),
      );
    }
  }
  const across = group.filter((d) => !sameInbound.includes(d));
  if (across.length > 0) diagnoseConflictAcross(across, out);
}

function diagnoseConflictAcross(group: readonly Dropped[], out: EngineDiagnostic[]): void {
  const first = group[0];
  const hostPort = `${first.entry.name}:${first.outbound.port}`;
  const winnerSource = first.winner.sources[0];
  const winnerVo = winnerSource.match?.vo;
  const loserVo = first.source.match?.vo;
  const losers = listWithMore(group.map((d) => `${describeSource(d.source)} (${describeTags(d.outbound.tags)})`));
  const winnerText = `${describeSource(winnerSource)} (${describeTags(first.winner.tags)})${winnerVo && winnerVo !== loserVo ? ` through VirtualOutbound ${winnerVo.name}` : ''}`;
  const order = claimOrderNote(winnerSource, first.source);
  const related: RelatedInfo[] = [
    { ...sourceLocation(winnerSource), message: `keeps ${hostPort}` },
    ...group.slice(0, 10).map((d) => ({ ...sourceLocation(d.source), message: `loses ${hostPort}` })),
  ];
  const text = `${hostPort} is claimed with different tags: ${winnerText} keeps it, and the outbound of ${losers} is dropped. ${order} ${conflictAdvice(winnerSource, first.source)}`;
  if (loserVo) out.push(diagnostic(RULES.hostnameConflict, loserVo.doc.file, fieldSpan(loserVo, ['conf', 'host']), text, { related }));
  if (winnerVo && winnerVo !== loserVo) out.push(diagnostic(RULES.hostnameConflict, winnerVo.doc.file, fieldSpan(winnerVo, ['conf', 'host']), text, { related }));
  for (const d of group) {
    const at = sourceLocation(d.source);
    out.push(
      diagnostic(RULES.hostnameConflict, at.file, at.span, `${hostPort} ${loserVo ? 'rendered' : 'claimed'} for this ${claimNoun(d.source)}${loserVo ? ` by VirtualOutbound ${loserVo.name}` : ''} is dropped: ${winnerText} claimed it first with other tags. ${order}`, {
        related: [{ ...sourceLocation(winnerSource), message: `keeps ${hostPort}` }],
      }),
    );
  }
}

function diagnoseHostClash(d: Dropped, out: EngineDiagnostic[]): void {
  const winner = d.winner.sources[0].resource;
  const kumaText = `autogenerated DNS entry ${d.entry.name}:${d.outbound.port} from ${d.outbound.origin} conflicts with existing entry ${d.winner.origin}`;
  const hint =
    "there are two external services with the same 'networking.address' or two headless services, to disable automatic DNS generation in external services set 'networking.disableHostDNSEntry=true' in at least one of these externalService";
  const at = sourceLocation(d.source);
  out.push(
    diagnostic(RULES.externalServiceHostClash, at.file, at.span, `${kumaText}: ${hint}`, {
      related: [{ ...sourceLocation(d.winner.sources[0]), message: `${winner.kind === 'ExternalService' ? 'external service' : 'resource'} ${winner.name} keeps ${d.entry.name}:${d.outbound.port}` }],
    }),
  );
}

function diagnoseSkipped(vo: VirtualOutbound, records: readonly RenderRecord[], out: EngineDiagnostic[]): void {
  const groups = new Map<string, RenderRecord[]>();
  for (const r of records) {
    if (r.status !== 'skipped') continue;
    const key = `${r.failedField}|${r.reason}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    const field = first.failedField ?? 'host';
    const template = field === 'host' ? vo.conf!.host : vo.conf!.port;
    const missing = missingReadTags(vo, template, first.missingTags ?? []);
    const who = listWithMore(group.map((r) => describeSource(r.source)));
    const advice = missingTagAdvice(missing, adviceEnvironment(group.map((r) => r.source)));
    const cause = missing.length
      ? `${who} ha${group.length === 1 ? 's' : 've'} no ${missing.map((t) => `'${t}'`).join(' or ')} tag, so the ${field} template renders <no value> there`
      : `the ${field} template renders ${JSON.stringify(first.rendered ?? '')} for ${who}`;
    out.push(
      diagnostic(
        RULES.renderSkipped,
        vo.doc.file,
        fieldSpan(vo, ['conf', field]),
        `Hostname skipped for ${who}: ${cause}. Kuma: ${first.reason}. ${advice ? `${advice} Or narrow` : 'Add the tag to the inbound, narrow'} the selector to inbounds that have it, or give the template a default ({{if .x}}{{.x}}{{else}}...{{end}}).`,
        { related: group.slice(0, 10).map((r) => ({ ...sourceLocation(r.source), message: 'skipped here' })) },
      ),
    );
  }
}

/** The missing tags whose parameters the failing template actually reads. */
function missingReadTags(vo: VirtualOutbound, template: string, missing: readonly string[]): string[] {
  const c = compileTemplate(template);
  if (!c.ok) return [...missing];
  const read = new Set(c.template.fieldsRead().map((f) => f.name));
  return (vo.conf?.parameters ?? []).filter((p) => read.has(p.name) && missing.includes(effectiveTagKey(p))).map(effectiveTagKey);
}

/** Entries left without a VIP by an exhausted CIDR. */
export function diagnoseMissingVips(mesh: string, entries: readonly Entry[], settings: ControlPlaneSettings, out: EngineDiagnostic[]): void {
  for (const entry of entries) {
    if (entry.vip !== null || entry.address) continue;
    const seen = new Set<string>();
    for (const ob of entry.outbounds) {
      for (const source of ob.sources) {
        const vo = source.match?.vo;
        const at = vo ? { file: vo.doc.file, span: fieldSpan(vo, ['conf', 'host']) } : source.resource.kind === 'ExternalService' ? { file: source.resource.doc.file, span: nameSpan(source.resource) } : sourceLocation(source);
        const key = `${at.file}:${at.span[0]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(
          diagnostic(
            RULES.noVip,
            at.file,
            at.span,
            `${entry.type} ${entry.name} gets no VIP: the CIDR ${settings.cidr} is exhausted in mesh ${mesh} (${entries.length} entries), so Kuma leaves it without an address and no proxy can reach it. Give dnsServer.CIDR more room.`,
          ),
        );
      }
    }
  }
}
