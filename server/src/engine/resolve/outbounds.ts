// From a view entry to what proxies see (Kuma's VIPOutbounds): the DNS names that resolve to the
// VIP and the listeners `outbound:<vip>:<port>` a transparent-proxied dataplane gets.
import { isDnsName } from '../render/dnsName';
import { Entry } from './view';

/** The names that resolve to the entry's VIP: none without a VIP (Kuma's VIPOutbounds skips the entry). */
export function dnsNamesOf(entry: Entry, domain: string): string[] {
  if (entry.vip === null) return [];
  if (entry.type === 'service') {
    const names = [`${entry.name}.${domain}`];
    const dotted = `${entry.name.replace(/_/g, '.')}.${domain}`;
    if (dotted !== names[0]) names.push(dotted);
    return names;
  }
  return isDnsName(entry.name) ? [entry.name] : [];
}

/** Listener ports of an entry; empty when the entry has no VIP. */
export function listenerPorts(entry: Entry, domain: string, vipPort: number): number[] {
  if (entry.vip === null || entry.outbounds.length === 0) return [];
  if (entry.type === 'service') {
    const port = entry.outbounds[0]!.port;
    const ports: number[] = [];
    if (port !== 0) ports.push(port);
    if (port !== vipPort) ports.push(vipPort);
    return ports;
  }
  const ports = entry.outbounds.map((o) => o.port).filter((p) => p !== 0);
  // External-service host entries also get the VIP port, for backward compatibility.
  if (entry.type === 'host' && !ports.includes(vipPort) && dnsNamesOf(entry, domain).length > 0) ports.push(vipPort);
  return ports;
}

export function listenerName(vip: string, port: number): string {
  return `outbound:${vip}:${port}`;
}
