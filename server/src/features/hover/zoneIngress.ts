// Hover on a ZoneIngress: whether it is of another zone, and the entries each available service feeds.
import { ZoneIngress } from '../../engine/resources/model';
import { describeTags } from '../../engine/resolve/explain';
import { dnsNamesOf } from '../../engine/resolve/outbounds';
import { isRemoteIngress } from '../../engine/resolve/view';
import { Snapshot } from '../../workspace/snapshot';
import { code, markdownEscape } from './markdown';

/** Whether the ZoneIngress feeds the views, and what each of its available services reaches. */
export function renderZoneIngress(snapshot: Snapshot, zi: ZoneIngress, serviceIndex?: number): string {
  const { dnsDomain, zone } = snapshot.result.settings;
  const head = `**ZoneIngress ${markdownEscape(zi.name)}** (zone ${markdownEscape(zi.zone || 'not set')})`;
  if (zi.rejected) return `${head}\n\nRejected by validation: adds no entry.`;
  if (!isRemoteIngress(zi, zone)) {
    const why = zi.zone === '' ? 'it names no zone' : `its zone is the local zone (${zone})`;
    return `${head}\n\nAdds nothing to the view: ${why}. Only ZoneIngresses of other zones contribute their available services.`;
  }
  const local = zone ? `the local zone is ${zone}` : 'no local zone is set (meshLens.zone, --zone or multizone.zone.name)';
  const lines = [head, '', `Of another zone (${local}): its available services feed the view of every mesh, after the dataplanes.`, ''];
  for (const svc of zi.availableServices) {
    if (serviceIndex !== undefined && svc.index !== serviceIndex) continue;
    lines.push(`- ${code(describeTags(svc.tags))} (mesh ${markdownEscape(svc.mesh) || '""'})`);
    const reach = snapshot.reachOf(zi, svc.index);
    if (reach.length === 0) lines.push('  - reaches no entry');
    for (const x of reach) {
      const names = dnsNamesOf(x.entry, dnsDomain);
      lines.push(
        `  - mesh ${markdownEscape(x.mesh.name)}: ${x.entry.type} ${markdownEscape(x.entry.name)}:${x.outbound.port} VIP ${x.entry.vip ?? 'none'}${names.length ? ` (${markdownEscape(names.join(', '))})` : ''}${x.vo ? ` through VirtualOutbound ${markdownEscape(x.vo.name)}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
