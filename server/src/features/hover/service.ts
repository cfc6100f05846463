// Hover on a kuma.io/service value: the service's entry, VIP, DNS names and listeners.
import { describeSource } from '../../engine/resolve/explain';
import { dnsNamesOf, listenerName, listenerPorts } from '../../engine/resolve/outbounds';
import { Snapshot } from '../../workspace/snapshot';
import { markdownEscape } from './markdown';

export function renderService(snapshot: Snapshot, mesh: string, service: string): string {
  const { dnsDomain, serviceVipPort, serviceVipEnabled } = snapshot.result.settings;
  const entry = snapshot.meshOf(mesh)?.view.entries.find((e) => e.type === 'service' && e.name === service);
  if (!entry) return `**Service ${markdownEscape(service)}**: no service entry${serviceVipEnabled ? '' : ' (service VIPs are disabled)'}.`;
  const listeners = entry.vip === null ? [] : listenerPorts(entry, dnsDomain, serviceVipPort).map((p) => listenerName(entry.vip!, p));
  return [
    `**Service ${markdownEscape(service)}** (mesh ${markdownEscape(mesh)})`,
    '',
    `- VIP: ${entry.vip ?? 'none'}`,
    `- DNS names: ${markdownEscape(dnsNamesOf(entry, dnsDomain).join(', ')) || 'none (no VIP)'}`,
    `- listeners: ${listeners.join(', ') || 'none'}`,
    `- from: ${markdownEscape([...new Set(entry.outbounds.flatMap((o) => o.sources.map(describeSource)))].join(', '))}`,
  ].join('\n');
}
