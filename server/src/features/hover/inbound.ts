// Hover on a dataplane inbound (or, on the dataplane's name, on each of them): the hostnames that reach it.
import { Dataplane, Inbound } from '../../engine/resources/model';
import { describeTags } from '../../engine/resolve/explain';
import { dnsNamesOf, listenerName, listenerPorts } from '../../engine/resolve/outbounds';
import { skipsView } from '../../engine/resolve/viewInbounds';
import { kumaVersionOf } from '../../engine/settings';
import { rulesFor } from '../../engine/versions/kumaVersion';
import { Snapshot } from '../../workspace/snapshot';
import { cell, markdownEscape } from './markdown';

export function renderInbound(snapshot: Snapshot, dp: Dataplane, inbound: Inbound): string {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const reach = snapshot.reachOf(dp, inbound.index);
  const port = inbound.port !== undefined ? ` (port ${inbound.port})` : '';
  const lines = [`**Inbound ${inbound.index}** of dataplane ${markdownEscape(dp.name)}${port}: ${markdownEscape(describeTags(inbound.tags))}`, ''];
  if (reach.length) {
    lines.push('| type | hostname | DNS names | port | VIP | listeners |', '| --- | --- | --- | --- | --- | --- |');
    for (const x of reach) {
      const listeners = x.entry.vip === null ? [] : listenerPorts(x.entry, dnsDomain, serviceVipPort).map((p) => listenerName(x.entry.vip!, p));
      lines.push(
        `| ${x.entry.type}${x.vo ? ` (${cell(x.vo.name)})` : ''} | ${cell(x.entry.name)} | ${cell(dnsNamesOf(x.entry, dnsDomain).join(', '))} | ${x.outbound.port} | ${x.entry.vip ?? 'none'} | ${cell(listeners.join(', '))} |`,
      );
    }
  } else {
    const rules = rulesFor(kumaVersionOf(snapshot.result.settings));
    const why = !skipsView(inbound, rules) ? '' : inbound.ignored && rules.skipIgnoredInbounds ? ': its state is Ignored' : `: it is on the reserved port ${inbound.port}`;
    lines.push(why ? `No hostname reaches this inbound: Kuma ${rules.version} leaves it out of the VIP view${why}.` : 'No hostname reaches this inbound.');
  }
  lines.push(
    '',
    dp.transparentProxying
      ? 'Transparent proxying is on: clients in the mesh reach these hostnames through their VIPs.'
      : 'Transparent proxying is off for this dataplane: it does not see VIP hostnames of other services (its own outbounds must be listed explicitly).',
  );
  return lines.join('\n');
}

export function renderDataplane(snapshot: Snapshot, dp: Dataplane): string {
  return dp.inbounds.map((i) => renderInbound(snapshot, dp, i)).join('\n\n---\n\n') || `Dataplane **${markdownEscape(dp.name)}** has no inbounds.`;
}
