// Hover on an ExternalService: the entries it adds, with VIPs and DNS names.
import { ExternalService } from '../../engine/resources/model';
import { dnsNamesOf } from '../../engine/resolve/outbounds';
import { Snapshot } from '../../workspace/snapshot';
import { markdownEscape } from './markdown';

export function renderExternalService(snapshot: Snapshot, es: ExternalService): string {
  const { dnsDomain } = snapshot.result.settings;
  const lines = [`**ExternalService ${markdownEscape(es.name)}** (${markdownEscape(es.address)})`, ''];
  for (const x of snapshot.reachOf(es)) {
    const names = dnsNamesOf(x.entry, dnsDomain);
    lines.push(`- ${x.entry.type} ${markdownEscape(x.entry.name)}:${x.outbound.port} VIP ${x.entry.vip ?? 'none'}${names.length ? ` (${markdownEscape(names.join(', '))})` : ''}`);
  }
  return lines.join('\n');
}
