// Hover on a MeshGateway: the entry each cross-mesh listener adds to every mesh's view, won or lost.
import { MeshGateway } from '../../engine/resources/model';
import { describeTags } from '../../engine/resolve/explain';
import { listenerName, listenerPorts } from '../../engine/resolve/outbounds';
import { gatewayOutbounds } from '../../engine/resolve/view';
import { Snapshot } from '../../workspace/snapshot';
import { cell, code, markdownEscape } from './markdown';

/** The MeshGateway's cross-mesh listeners, per mesh: the entry, its VIP and listener, or who kept the hostname:port. */
export function renderMeshGateway(snapshot: Snapshot, gw: MeshGateway, listenerIndex?: number): string {
  const { dnsDomain, serviceVipPort } = snapshot.result.settings;
  const head = `**MeshGateway ${markdownEscape(gw.name)}** (mesh ${markdownEscape(gw.mesh)})`;
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
      lines.push(`| ${o.listener.index} | ${cell(o.hostname)} | ${o.listener.port} | ${cell(mesh.name)} | ${mine ? (vip ?? 'none') : '—'} | ${cell(address)} | ${cell(status)} |`);
    }
  }
  lines.push('', `Tags: ${[...new Set(all.map((o) => code(describeTags(o.tags))))].join('; ')}`);
  return lines.join('\n');
}
