// Hovers on a MeshGateway (the entry each cross-mesh listener adds to every mesh's view) and on a
// ZoneIngress (whether it is of another zone, and the entries each available service feeds).
import { MeshGateway, ZoneIngress } from '../engine/resources/model';
import { describeTags } from '../engine/resolve/explain';
import { dnsNamesOf, listenerName, listenerPorts } from '../engine/resolve/outbounds';
import { gatewayOutbounds, isRemoteIngress } from '../engine/resolve/view';
import { Snapshot } from '../workspace/snapshot';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The MeshGateway's cross-mesh listeners, per mesh: the entry, its VIP and listener, or who kept the hostname:port. */
export function meshGatewayHover(snapshot: Snapshot, gw: MeshGateway, listenerIndex?: number): string {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const head = `**MeshGateway ${gw.name}** (mesh ${gw.mesh})`;
  if (gw.rejected) return `${head}\n\nRejected by validation: adds no entry.`;
  const all = gatewayOutbounds(gw, dnsDomain).filter((o) => listenerIndex === undefined || o.listener.index === listenerIndex);
  if (all.length === 0) {
    const what = listenerIndex === undefined ? 'It has no cross-mesh listener' : 'This listener is not cross-mesh';
    return `${head}\n\n${what}, so it adds no entry to the meshes' views (only \`crossMesh: true\` listeners do).`;
  }
  const lines = [head, '', 'Every mesh gets an entry for each cross-mesh listener (Kuma adds them last: any earlier claim of the hostname:port wins).', ''];
  lines.push('| listener | hostname | port | mesh | VIP | listener address | status |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const o of all) {
    for (const mesh of snapshot.result.meshes) {
      const entry = mesh.view.entries.find((e) => e.type === 'fqdn' && e.name === o.hostname);
      const outbound = entry?.outbounds.find((x) => x.port === o.listener.port);
      const mine = outbound?.sources.some((s) => s.resource === gw && s.selectorIndex === o.source.selectorIndex);
      const vip = entry?.vip ?? null;
      const address = mine && vip !== null && entry && listenerPorts(entry, dnsDomain, serviceVipPort).includes(o.listener.port) ? listenerName(vip, o.listener.port) : '—';
      const status = mine ? 'won' : outbound ? `lost to ${outbound.origin} (${describeTags(outbound.tags)})` : 'not in the view';
      lines.push(`| ${o.listener.index} | ${cell(o.hostname)} | ${o.listener.port} | ${cell(mesh.name)} | ${mine ? vip ?? 'none' : '—'} | ${cell(address)} | ${cell(status)} |`);
    }
  }
  lines.push('', `Tags: ${[...new Set(all.map((o) => `\`${describeTags(o.tags)}\``))].join('; ')}`);
  return lines.join('\n');
}

/** Whether the ZoneIngress feeds the views, and what each of its available services reaches. */
export function zoneIngressHover(snapshot: Snapshot, zi: ZoneIngress, serviceIndex?: number): string {
  const { dnsDomain, zone } = snapshot.result.settings;
  const head = `**ZoneIngress ${zi.name}** (zone ${zi.zone || 'not set'})`;
  if (zi.rejected) return `${head}\n\nRejected by validation: adds no entry.`;
  if (!isRemoteIngress(zi, zone)) {
    const why = zi.zone === '' ? 'it names no zone' : `its zone is the local zone (${zone})`;
    return `${head}\n\nAdds nothing to the view: ${why}. Only ZoneIngresses of other zones contribute their available services.`;
  }
  const local = zone ? `the local zone is ${zone}` : 'no local zone is set (meshLens.zone, --zone or multizone.zone.name)';
  const lines = [head, '', `Of another zone (${local}): its available services feed the view of every mesh, after the dataplanes.`, ''];
  for (const svc of zi.availableServices) {
    if (serviceIndex !== undefined && svc.index !== serviceIndex) continue;
    lines.push(`- \`${describeTags(svc.tags)}\` (mesh ${svc.mesh || '""'})`);
    const reach = snapshot.reachOf(zi, svc.index);
    if (reach.length === 0) lines.push('  - reaches no entry');
    for (const x of reach) {
      const names = dnsNamesOf(x.entry, dnsDomain);
      lines.push(`  - mesh ${x.mesh.name}: ${x.entry.type} ${x.entry.name}:${x.outbound.port} VIP ${x.entry.vip ?? 'none'}${names.length ? ` (${names.join(', ')})` : ''}${x.vo ? ` through VirtualOutbound ${x.vo.name}` : ''}`);
    }
  }
  return lines.join('\n');
}
