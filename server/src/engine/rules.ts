// The registry of diagnostics: each rule has a stable code, a default severity, a one-line title
// and a description, used for SARIF rule metadata and documentation links.
import { Span } from './yaml/lineIndex';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
}

function rule(code: string, severity: Severity, title: string, description: string): Rule {
  return { code, severity, title, description };
}

export const RULES = {
  yamlSyntax: rule('yaml-syntax', 'error', 'YAML syntax error', 'The document is not valid YAML; the control plane cannot read it.'),
  kumaValidation: rule(
    'kuma-validation',
    'error',
    "Rejected by Kuma's validator",
    "Kuma's own validation (in the wording of the Kuma version set) refuses the resource; an invalid VirtualOutbound renders no hostnames.",
  ),
  unknownField: rule('unknown-field', 'warning', 'Unknown field', 'The field is not part of the resource in the Kuma version set; Kuma ignores it on apply, so whatever it holds has no effect.'),
  wrongType: rule('wrong-type', 'error', 'Wrong value type', 'Kuma refuses a value of the wrong type, such as a number where a string is expected.'),
  duplicateResource: rule('duplicate-resource', 'error', 'Duplicate resource', 'Two resources of the same kind have the same name in one mesh; the second apply overwrites the first.'),
  hostnameLostToPriority: rule(
    'hostname-lost-to-priority',
    'warning',
    'Hostname taken by a higher-priority VirtualOutbound',
    'Two VirtualOutbounds render the same hostname:port for one inbound; the one with the better selector rank (or the newer one) keeps it.',
  ),
  hostnameConflict: rule(
    'hostname-conflict',
    'warning',
    'Hostname:port claimed with different tags',
    'The same hostname:port is produced with different tags (by different dataplanes or resources); the first one processed keeps it and the others are dropped.',
  ),
  ambiguousPriority: rule(
    'ambiguous-priority',
    'warning',
    'Ambiguous VirtualOutbound priority',
    'Two VirtualOutbounds with equal selector rank and no distinguishing creation time compete for a hostname; the control plane orders them by creation time.',
  ),
  renderSkipped: rule(
    'render-skipped',
    'warning',
    'Hostname skipped for a dataplane',
    'The host or port template did not render a valid DNS name or port for a matched inbound, so Kuma skips that hostname.',
  ),
  selectsNothing: rule('selects-nothing', 'information', 'VirtualOutbound selects nothing', 'No inbound or external service in the workspace matches the selectors.'),
  noVip: rule('no-vip', 'warning', 'Entry without a VIP', 'The VIP CIDR is exhausted: the entry gets no address and is unreachable.'),
  externalServiceHostClash: rule('external-service-host-clash', 'warning', 'External service host clash', 'Two external services (or headless services) generate the same host entry and port.'),
  hostOutsideDomain: rule('host-outside-dns-domain', 'hint', 'Host outside the DNS domain', 'The host does not end with the control-plane DNS domain; it resolves only with data-plane DNS.'),
  invalidVipConfig: rule('invalid-vip-config', 'error', 'Invalid persisted VIP config', 'The persisted VIP config cannot be read or holds an address the Kuma version set cannot reserve.'),
  invalidCpConfig: rule('invalid-cp-config', 'error', 'Invalid control-plane configuration', 'The kuma-cp configuration has a value the control plane refuses.'),
  invalidScopeConfig: rule(
    'invalid-scope-config',
    'error',
    'Invalid scope configuration',
    'mesh-lens.yaml has a value Mesh Lens cannot use; the scope it belongs to is left out, and files no valid scope names fall back to the default scopes.',
  ),
  overlayNotBuilt: rule(
    'overlay-not-built',
    'information',
    'Kustomize overlay read without a build',
    'The overlay uses kustomize features Mesh Lens does not apply (patches it cannot apply exactly, transformers, remote bases); `kustomize build` could give different resources.',
  ),
  workloadNotInjected: rule(
    'workload-not-injected',
    'warning',
    'Workload not injected',
    'A VirtualOutbound targets the workload, but its pods get no Kuma sidecar, so Kuma creates no Dataplane for them and they get none of its hostnames. Workloads outside the mesh are otherwise left alone.',
  ),
  injectionValueInvalid: rule(
    'injection-value-invalid',
    'warning',
    'Invalid sidecar-injection value',
    'kuma.io/sidecar-injection is not a value the injector reads (enabled/true or disabled/false; Kuma 2.7+ also yes/no): the injector fails for the pod.',
  ),
  namedTargetPortUnresolved: rule(
    'named-target-port-unresolved',
    'warning',
    'Named targetPort not found',
    'A Service targetPort names no port of the selected containers; Kuma makes no inbound for that Service port.',
  ),
  noDataplaneGenerated: rule(
    'no-dataplane-generated',
    'warning',
    'No Dataplane for the selected pods',
    'Services select the pods but none of their TCP ports reaches a container port: before Kuma 2.8 the control plane creates no Dataplane.',
  ),
  serviceSelectsNothing: rule('service-selects-nothing', 'information', 'Service selects no workload', 'The Service selector matches no pod of the workloads in the workspace.'),
  analysisLimit: rule(
    'analysis-limit',
    'warning',
    'Analysis limit reached',
    'The file goes over a limit Mesh Lens enforces to stay responsive (such as documents per file); the part beyond the limit is not analysed.',
  ),
} as const satisfies Record<string, Rule>;

export const ALL_RULES: readonly Rule[] = Object.values(RULES);

/**
 * Per rule, what one diagnostic (one finding) covers: the unit the engine aggregates to. Whatever
 * the unit, a line never carries two diagnostics of one code (`oneDiagnosticPerLine` merges them;
 * Kuma's validator messages stay apart) and a diagnostic lists at most `MAX_RELATED` related locations.
 */
export const FINDING_UNITS: Readonly<Record<(typeof RULES)[keyof typeof RULES]['code'], string>> = {
  'yaml-syntax': 'one syntax error of a document',
  'kuma-validation': "one violation of Kuma's validator, on the field it is about (missing fields on the document's first line, each apart)",
  'unknown-field': 'one unknown field',
  'wrong-type': 'one value of the wrong type',
  'duplicate-resource': 'one redefinition of a resource name, on that resource',
  'hostname-lost-to-priority': 'one pair of VirtualOutbounds, on each side: on the loser, every hostname:port it loses to the winner; on the winner, every hostname:port it keeps over the loser',
  'ambiguous-priority': 'one pair of equal-rank VirtualOutbounds, on each side, with every hostname:port between them',
  'hostname-conflict':
    'on a VirtualOutbound, every hostname:port it renders that is claimed with different tags; on an inbound (or external service, ZoneIngress service or MeshGateway listener), every outbound of it that is dropped that way, whichever VirtualOutbounds rendered them',
  'render-skipped': 'one template field (host or port) of a VirtualOutbound, with every inbound it skips',
  'selects-nothing': 'one VirtualOutbound',
  'no-vip': 'one place (VirtualOutbound host, external service, inbound), with every entry it makes that gets no VIP',
  'external-service-host-clash': 'one external service whose host entries lose, with every host:port it loses',
  'host-outside-dns-domain': 'one VirtualOutbound (its first host outside the domain)',
  'invalid-vip-config': 'one address of the persisted VIP config Kuma cannot reserve',
  'invalid-cp-config': 'one refused value of the control-plane configuration',
  'invalid-scope-config': 'one refused value of `mesh-lens.yaml`',
  'overlay-not-built': 'one overlay, with everything it left out',
  'workload-not-injected': 'one workload, with every VirtualOutbound that would select its pods',
  'injection-value-invalid': 'one invalid sidecar-injection value, with every workload it affects',
  'named-target-port-unresolved': 'one Service port, with every workload whose containers lack the name',
  'no-dataplane-generated': 'one Service, with every workload whose pods get no Dataplane through it',
  'service-selects-nothing': 'one Service',
  'analysis-limit': 'one file over a limit',
};

export interface RelatedInfo {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface EngineDiagnostic {
  readonly file: string;
  readonly span: Span;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
  readonly unnecessary?: boolean;
  /** How many occurrences (lost claims, skipped renders, entries...) the finding sums up, when more than one. */
  readonly count?: number;
}

/** A diagnostic lists at most this many related locations; its message says how many more there are. */
export const MAX_RELATED = 10;

export function diagnostic(
  r: Rule,
  file: string,
  span: Span,
  message: string,
  extra: { related?: readonly RelatedInfo[]; relatedTotal?: number; unnecessary?: boolean; severity?: Severity; count?: number } = {},
): EngineDiagnostic {
  let related = extra.related ?? [];
  const total = Math.max(extra.relatedTotal ?? 0, related.length);
  if (total > MAX_RELATED) {
    related = related.slice(0, MAX_RELATED);
    message += ` (${formatCount(total - related.length)} more related location${total - related.length === 1 ? '' : 's'} not listed.)`;
  }
  return {
    file,
    span,
    severity: extra.severity ?? r.severity,
    code: r.code,
    message,
    ...(related.length ? { related } : {}),
    ...(extra.unnecessary ? { unnecessary: true } : {}),
    ...(extra.count !== undefined && extra.count > 1 ? { count: extra.count } : {}),
  };
}

/** 1234567 -> "1,234,567", the same on every machine. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
