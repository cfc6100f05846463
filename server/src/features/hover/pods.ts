// The derived dataplanes of Kubernetes pods as Markdown: first one table row per hostname that
// reaches a pod (what users look for), then the inbound tags of each pod.
import { Dataplane, Inbound } from '../../engine/resources/model';
import { describeTags } from '../../engine/resolve/explain';
import { dnsNamesOf, listenerPorts } from '../../engine/resolve/outbounds';
import { Snapshot } from '../../workspace/snapshot';
import { cell, code, markdownEscape } from './markdown';

export interface PodInbounds {
  readonly dp: Dataplane;
  readonly inbounds: readonly Inbound[];
}

export function podsMarkdown(snapshot: Snapshot, pods: readonly PodInbounds[]): string[] {
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
    lines.push(`- ${code(dp.name)} (mesh ${markdownEscape(dp.mesh)})`);
    if (dp.gateway) lines.push(`  - gateway (${dp.gateway.type}): ${code(describeTags(dp.gateway.tags))}`);
    for (const inbound of inbounds) lines.push(`  - inbound ${inbound.index}${inbound.port !== undefined ? ` (port ${inbound.port})` : ''}: ${code(describeTags(inbound.tags))}`);
  }
  return lines;
}
