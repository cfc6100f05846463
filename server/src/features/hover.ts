// Hovers: what a VirtualOutbound renders, what a parameter reads, what a selector matches, which
// hostnames reach a dataplane inbound, a service's entry, and on Kubernetes a workload's derived
// dataplanes (or why it has none) and the inbounds a Service gives them.
import { Hover, MarkupContent, MarkupKind, Position } from 'vscode-languageserver';
import { Dataplane, effectiveTagKey, ExternalService, Inbound, VirtualOutbound } from '../engine/resources/model';
import { describeRank, describeSource, describeTags } from '../engine/resolve/explain';
import { bestRank } from '../engine/resolve/match';
import { dnsNamesOf, listenerName, listenerPorts } from '../engine/resolve/outbounds';
import { RenderRecord } from '../engine/resolve/view';
import { describeObject, readObjects } from '../engine/kubernetes/objects';
import { Snapshot } from '../workspace/snapshot';
import { Cursor, locate, pathEquals, rangeOf } from './util';
import { perScope, scopeLabel } from './scopes';
import { templateFields } from './templates';

export function hover(snapshot: Snapshot, uri: string, position: Position): Hover | null {
  const answers = perScope(snapshot, uri, (s) => hoverIn(s, uri, position) ?? undefined, (h) => (h.contents as MarkupContent).value);
  if (answers.length === 0) return null;
  if (answers[0].scopes.length === 0) return answers[0].value;
  // Each scope's answer, headed by the scopes it belongs to.
  const value = answers.map((a) => `_In ${scopeLabel(a.scopes)}:_\n\n${(a.value.contents as MarkupContent).value}`).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, ...(answers[0].value.range ? { range: answers[0].value.range } : {}) };
}

function hoverIn(snapshot: Snapshot, uri: string, position: Position): Hover | null {
  const c = locate(snapshot, uri, position);
  if (!c || !c.doc) return null;
  const md = hoverMarkdown(c);
  if (!md) return null;
  const range = c.scalar?.range ? rangeOf(snapshot, c.file.file, [c.scalar.range[0], c.scalar.range[1]]) : undefined;
  return { contents: { kind: MarkupKind.Markdown, value: md }, ...(range ? { range } : {}) };
}

function hoverMarkdown(c: Cursor): string | undefined {
  const r = c.resource;
  const body = c.body;
  if (r?.kind === 'VirtualOutbound' && body) {
    const field = templateFields(r, c.file.text).find((f) => c.offset >= f.span[0] && c.offset <= f.span[1]);
    if (field) {
      const i = (r.conf?.parameters ?? []).findIndex((p) => p.name === field.name);
      return parameterHover(c.snapshot, r, i, field.name);
    }
    if (pathEquals(body, ['conf', 'parameters', '#', 'name']) || pathEquals(body, ['conf', 'parameters', '#', 'tagKey'])) {
      const i = body[2] as number;
      return parameterHover(c.snapshot, r, i, r.conf?.parameters[i]?.name ?? '');
    }
    if (body[0] === 'selectors' && typeof body[1] === 'number' && body[2] === 'match') return selectorHover(c.snapshot, r, body[1]);
    if (pathEquals(body, ['conf', 'host']) || pathEquals(body, ['conf', 'port']) || pathEquals(body, ['conf']) || isName(c)) return virtualOutboundHover(c.snapshot, r);
    return undefined;
  }
  if (r?.kind === 'Dataplane' && body) {
    if (body[0] === 'networking' && body[1] === 'inbound' && typeof body[2] === 'number') {
      const inbound = r.inbounds[body[2]];
      if (!inbound) return undefined;
      if (pathEquals(body, ['networking', 'inbound', '#', 'tags', 'kuma.io/service']) && !c.onKey) return serviceHover(c.snapshot, r.mesh, inbound.tags['kuma.io/service'] ?? '');
      return inboundHover(c.snapshot, r, inbound);
    }
    if (isName(c)) return r.inbounds.map((i) => inboundHover(c.snapshot, r, i)).join('\n\n---\n\n') || `Dataplane **${r.name}** has no inbounds.`;
    return undefined;
  }
  if (r?.kind === 'ExternalService' && body) {
    if (pathEquals(body, ['tags', 'kuma.io/service']) && !c.onKey) return serviceHover(c.snapshot, r.mesh, r.tags['kuma.io/service'] ?? '');
    if (isName(c) || pathEquals(body, ['networking', 'address'])) return externalServiceHover(c.snapshot, r);
    return undefined;
  }
  if (!r && c.doc) {
    const derived = c.snapshot.derivedFromDoc(c.doc);
    // Inside a List, only the workload under the cursor.
    const here = derived.filter((dp) => startsWith(c.path, dp.namePath.slice(0, -2)));
    if (derived.length) return workloadHover(c.snapshot, here.length ? here : derived);
    return kubernetesObjectHover(c);
  }
  return undefined;
}

function isName(c: Cursor): boolean {
  return !!c.resource && c.path.length === c.resource.namePath.length && c.resource.namePath.every((s, i) => c.path[i] === s);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function statusText(r: RenderRecord): string {
  switch (r.status) {
    case 'won':
      return 'won';
    case 'deduped':
      return 'deduped (same outbound already present)';
    case 'lost': {
      const w = r.winner;
      const by = w ? `${w.origin}${w.sources[0] ? ` for ${describeSource(w.sources[0])}` : ''}` : 'another outbound';
      return `lost to ${by}`;
    }
    case 'skipped':
      return `skipped: ${r.reason ?? ''}`;
  }
}

/** Rows a hover table shows; the preview (Mesh Lens: Show Resolved Hostnames) has them all. */
export const MAX_HOVER_ROWS = 40;

function more(n: number, what: string): string {
  return n > 0 ? `\n\n… and ${n} more ${what}: run **Mesh Lens: Show Resolved Hostnames** to see them all.` : '';
}

export function virtualOutboundHover(snapshot: Snapshot, vo: VirtualOutbound): string {
  return snapshot.memo(vo, 'hover', () => {
    const { records } = snapshot.recordsOf(vo);
    const domain = snapshot.result.settings;
    const head = `**VirtualOutbound ${vo.name}** (mesh ${vo.mesh})`;
    if (!vo.valid) return `${head}\n\nRejected by validation: renders no hostname.`;
    if (records.length === 0) return `${head}\n\nSelects no dataplane inbound or external service in this workspace.`;
    const rows = records.filter((r) => r.status !== 'skipped');
    const skipped = records.filter((r) => r.status === 'skipped');
    const lost = rows.filter((r) => r.status === 'lost').length;
    const lines = [head, '', `Selects ${records.length} inbound${records.length === 1 ? '' : 's'}: ${rows.length - lost} render a hostname, ${lost} lose it, ${skipped.length} skipped.`, ''];
    if (rows.length) {
      lines.push('| inbound | hostname | port | VIP | listener | status |', '| --- | --- | --- | --- | --- | --- |');
      for (const r of rows.slice(0, MAX_HOVER_ROWS)) {
        const vip = r.entry?.vip ?? null;
        const listener = vip !== null && r.port !== undefined && r.entry && listenerPorts(r.entry, domain.dnsDomain, domain.serviceVipPort).includes(r.port) ? listenerName(vip, r.port) : '—';
        lines.push(`| ${cell(describeSource(r.source))} | ${cell(r.host ?? '')} | ${r.port ?? ''} | ${vip ?? 'none'} | ${cell(listener)} | ${cell(statusText(r))} |`);
      }
    }
    let text = lines.join('\n') + more(rows.length - MAX_HOVER_ROWS, 'inbounds');
    if (skipped.length) {
      const list = skipped.slice(0, MAX_HOVER_ROWS).map((r) => `- ${describeSource(r.source)}: ${r.reason ?? ''}${r.missingTags?.length ? ` (missing tags: ${r.missingTags.join(', ')})` : ''}`);
      text += `\n\n**Skipped**\n\n${list.join('\n')}${more(skipped.length - MAX_HOVER_ROWS, 'skipped inbounds')}`;
    }
    return text;
  });
}

export function parameterHover(snapshot: Snapshot, vo: VirtualOutbound, index: number, name: string): string {
  return snapshot.memo(vo, `parameter:${index}:${name}`, () => computeParameterHover(snapshot, vo, index, name));
}

function computeParameterHover(snapshot: Snapshot, vo: VirtualOutbound, index: number, name: string): string {
  const p = index >= 0 ? vo.conf?.parameters[index] : undefined;
  if (!p) return `**{{.${name}}}**: no parameter named \`${name}\` is declared, so it renders \`<no value>\`.`;
  const key = effectiveTagKey(p);
  const values = snapshot.tagIndex().get(key);
  const selected = new Map<string, number>();
  for (const r of snapshot.recordsOf(vo).records) {
    const tags = tagsOfSource(r.source.resource, r.source.inboundIndex);
    const v = tags[key];
    if (v !== undefined) selected.set(v, (selected.get(v) ?? 0) + 1);
  }
  const lines = [`**Parameter ${p.name}** reads tag \`${key}\`${p.tagKey ? '' : ' (no tagKey: the parameter name is the tag)'}.`, ''];
  if (selected.size) lines.push(`Values on the selected inbounds: ${[...selected].map(([v, n]) => `\`${v}\` (${n})`).join(', ')}`, '');
  if (values?.size) lines.push(`Values in the workspace: ${[...values].map(([v, uses]) => `\`${v}\` (${uses.length})`).join(', ')}`);
  else lines.push(`No inbound in the workspace has the tag \`${key}\`.`);
  return lines.join('\n');
}

function tagsOfSource(r: Dataplane | ExternalService, inboundIndex?: number): Record<string, string> {
  if (r.kind === 'ExternalService') return { 'kuma.io/service': r.tags['kuma.io/service'] ?? '' };
  return { ...(inboundIndex !== undefined ? r.inbounds[inboundIndex]?.tags : {}) };
}

export function selectorHover(snapshot: Snapshot, vo: VirtualOutbound, selectorIndex: number): string {
  return snapshot.memo(vo, `selector:${selectorIndex}`, () => computeSelectorHover(snapshot, vo, selectorIndex));
}

function computeSelectorHover(snapshot: Snapshot, vo: VirtualOutbound, selectorIndex: number): string {
  const sel = vo.selectors[selectorIndex];
  if (!sel) return '';
  const single: VirtualOutbound = { ...vo, selectors: [sel] };
  const lines = [`**Selector ${selectorIndex}** of ${vo.name}: ${describeTags(sel.match)}`, ''];
  const matches: string[] = [];
  const mesh = snapshot.meshOf(vo.mesh);
  for (const dp of mesh?.dataplanes ?? []) {
    for (const inbound of dp.inbounds) {
      const best = bestRank(single, inbound.tags);
      if (best) matches.push(`- ${describeSource({ resource: dp, inboundIndex: inbound.index })}: rank ${describeRank(best.rank)}`);
    }
  }
  for (const es of mesh?.externalServices ?? []) {
    const best = bestRank(single, { 'kuma.io/service': es.tags['kuma.io/service'] ?? '' });
    if (best) matches.push(`- external service ${es.name}: rank ${describeRank(best.rank)}`);
  }
  if (matches.length) lines.push(`Matches ${matches.length} inbound${matches.length === 1 ? '' : 's'}:`, '', ...matches.slice(0, MAX_HOVER_ROWS));
  else lines.push('Matches no inbound in this workspace.');
  return lines.join('\n') + more(matches.length - MAX_HOVER_ROWS, 'inbounds');
}

export function inboundHover(snapshot: Snapshot, dp: Dataplane, inbound: Inbound): string {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const reach = snapshot.reachOf(dp, inbound.index);
  const lines = [`**Inbound ${inbound.index}** of dataplane ${dp.name}${inbound.port !== undefined ? ` (port ${inbound.port})` : ''}: ${describeTags(inbound.tags)}`, ''];
  if (reach.length) {
    lines.push('| type | hostname | DNS names | port | VIP | listeners |', '| --- | --- | --- | --- | --- | --- |');
    for (const x of reach) {
      const listeners = x.entry.vip === null ? [] : listenerPorts(x.entry, dnsDomain, serviceVipPort).map((p) => listenerName(x.entry.vip!, p));
      lines.push(`| ${x.entry.type}${x.vo ? ` (${cell(x.vo.name)})` : ''} | ${cell(x.entry.name)} | ${cell(dnsNamesOf(x.entry, dnsDomain).join(', '))} | ${x.outbound.port} | ${x.entry.vip ?? 'none'} | ${cell(listeners.join(', '))} |`);
    }
  } else lines.push('No hostname reaches this inbound.');
  lines.push(
    '',
    dp.transparentProxying
      ? 'Transparent proxying is on: clients in the mesh reach these hostnames through their VIPs.'
      : 'Transparent proxying is off for this dataplane: it does not see VIP hostnames of other services (its own outbounds must be listed explicitly).',
  );
  return lines.join('\n');
}

export function serviceHover(snapshot: Snapshot, mesh: string, service: string): string {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const m = snapshot.meshOf(mesh);
  const entry = m?.view.entries.find((e) => e.type === 'service' && e.name === service);
  if (!entry) return `**Service ${service}**: no service entry${snapshot.result.settings.serviceVipEnabled ? '' : ' (service VIPs are disabled)'}.`;
  const listeners = entry.vip === null ? [] : listenerPorts(entry, dnsDomain, serviceVipPort).map((p) => listenerName(entry.vip!, p));
  return [
    `**Service ${service}** (mesh ${mesh})`,
    '',
    `- VIP: ${entry.vip ?? 'none'}`,
    `- DNS names: ${dnsNamesOf(entry, dnsDomain).join(', ')}`,
    `- listeners: ${listeners.join(', ') || 'none'}`,
    `- from: ${[...new Set(entry.outbounds.flatMap((o) => o.sources.map(describeSource)))].join(', ')}`,
  ].join('\n');
}

function externalServiceHover(snapshot: Snapshot, es: ExternalService): string {
  const { dnsDomain } = snapshot.result.settings;
  const reach = snapshot.reachOf(es);
  const lines = [`**ExternalService ${es.name}** (${es.address})`, ''];
  for (const x of reach) lines.push(`- ${x.entry.type} ${x.entry.name}:${x.outbound.port} VIP ${x.entry.vip ?? 'none'}${dnsNamesOf(x.entry, dnsDomain).length ? ` (${dnsNamesOf(x.entry, dnsDomain).join(', ')})` : ''}`);
  return lines.join('\n');
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

/** Inline code, safe for names such as `web-<hash>-#1` that Markdown would otherwise eat. */
function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/**
 * Derived dataplanes: first one table row per hostname that reaches a pod (what users look for),
 * then the inbound tags of each pod.
 */
function podsMarkdown(snapshot: Snapshot, pods: readonly { dp: Dataplane; inbounds: readonly Inbound[] }[]): string[] {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const podName = (dp: Dataplane) => code(dp.derivedFrom?.podName ?? dp.name) + (dp.derivedFrom?.placeholderName ? ' (placeholder)' : '');
  const rows: string[] = [];
  for (const { dp, inbounds } of pods) {
    for (const inbound of inbounds) {
      // A VirtualOutbound's hostnames first: they are the ones that single out this pod.
      const reach = [...snapshot.reachOf(dp, inbound.index)].sort((a, b) => Number(!a.vo) - Number(!b.vo));
      if (!reach.length) rows.push(`| ${podName(dp)} | no hostname reaches inbound ${inbound.index} | | |`);
      for (const x of reach) {
        const ports = x.entry.vip === null ? [x.outbound.port] : listenerPorts(x.entry, dnsDomain, serviceVipPort);
        // The first DNS name only (a service's dotted alias is in the service's own hover).
        const host = dnsNamesOf(x.entry, dnsDomain)[0] ?? x.entry.name;
        const via = x.vo ? `VirtualOutbound ${x.vo.name}` : x.entry.type;
        rows.push(`| ${podName(dp)} | ${code(`${host}:${ports.join(',')}`)} | ${x.entry.vip ?? 'none'} | ${cell(via)} |`);
      }
    }
  }
  const lines = ['| pod | hostname | VIP | from |', '| --- | --- | --- | --- |', ...rows, ''];
  if (pods.some((p) => p.dp.derivedFrom?.placeholderName)) lines.push('Placeholder pod names stand for the names Kubernetes generates: the real pods are named differently.', '');
  lines.push('**Inbound tags**', '');
  for (const { dp, inbounds } of pods) {
    lines.push(`- ${code(dp.name)} (mesh ${dp.mesh})`);
    if (dp.gateway) lines.push(`  - gateway (${dp.gateway.type}): ${code(describeTags(dp.gateway.tags))}`);
    for (const inbound of inbounds) lines.push(`  - inbound ${inbound.index}${inbound.port !== undefined ? ` (port ${inbound.port})` : ''}: ${code(describeTags(inbound.tags))}`);
  }
  return lines;
}

function workloadHover(snapshot: Snapshot, derived: Dataplane[]): string {
  const from = derived[0].derivedFrom?.workload ?? 'this workload';
  const lines = [`**${from}**: ${derived.length} derived dataplane${derived.length === 1 ? '' : 's'}`, ''];
  lines.push(...podsMarkdown(snapshot, derived.map((dp) => ({ dp, inbounds: dp.inbounds }))));
  return lines.join('\n');
}

/** A Service (its inbounds on the derived dataplanes) or a workload that gets no dataplane. */
function kubernetesObjectHover(c: Cursor): string | undefined {
  const objs = readObjects([c.doc!]);
  const svc = objs.services.find((s) => startsWith(c.path, s.path));
  if (svc) {
    const byService = new Map<string, { mesh: string; pods: { dp: Dataplane; inbounds: Inbound[] }[] }>();
    for (const r of c.snapshot.result.resources) {
      if (r.kind !== 'Dataplane' || !r.derivedFrom) continue;
      const inbounds = r.inbounds.filter((i) => i.doc === c.doc && startsWith(i.path, svc.path));
      for (const i of inbounds) {
        const tag = i.tags['kuma.io/service'] ?? '';
        let group = byService.get(tag);
        if (!group) byService.set(tag, (group = { mesh: r.mesh, pods: [] }));
        const pod = group.pods.find((p) => p.dp === r);
        if (pod) pod.inbounds.push(i);
        else group.pods.push({ dp: r, inbounds: [i] });
      }
    }
    if (!byService.size) return `**${describeObject(svc)}** gives no derived dataplane an inbound: it selects no injected pod in this workspace.`;
    const parts: string[] = [];
    for (const [tag, group] of byService) {
      parts.push(
        [
          `Service tag ${code(`kuma.io/service=${tag}`)}`,
          '',
          serviceHover(c.snapshot, group.mesh, tag),
          '',
          `Inbounds on ${group.pods.length} derived dataplane${group.pods.length === 1 ? '' : 's'}:`,
          '',
          ...podsMarkdown(c.snapshot, group.pods),
        ].join('\n'),
      );
    }
    return [`**${describeObject(svc)}**`, '', parts.join('\n\n---\n\n')].join('\n');
  }
  const w = objs.workloads.find((x) => startsWith(c.path, x.path));
  if (!w) return undefined;
  const head = `**${describeObject(w)}** gets no dataplane in this workspace`;
  // Say why only when no setting could inject the pods, whatever the Kuma version.
  const namespace = readObjects([...c.snapshot.result.files.values()].flatMap((f) => f.kubernetesObjects)).namespaces.get(w.namespace);
  const key = 'kuma.io/sidecar-injection';
  const off = (v: string | undefined) => v === undefined || v === 'disabled' || v === 'false';
  const special = ['kuma.io/ingress', 'kuma.io/egress', 'kuma.io/gateway'].some((k) => k in w.template.annotations);
  const notInjected =
    !special &&
    (w.template.labels[key] === 'disabled' ||
      w.template.labels[key] === 'false' ||
      (namespace !== undefined && off(w.template.labels[key]) && off(w.template.annotations[key]) && off(namespace.labels[key]) && off(namespace.annotations[key])));
  if (notInjected) {
    return `${head}: its pods are **not injected** (neither the pod template nor namespace ${w.namespace} sets ${code(`${key}: enabled`)}), so they run without a sidecar, outside the mesh, and no mesh hostname reaches them.`;
  }
  return `${head} (see the problems reported for it).`;
}
