// Hover on a VirtualOutbound: what it renders per selected inbound, with VIPs, listeners and who won.
import { VirtualOutbound } from '../../engine/resources/model';
import { describeSource } from '../../engine/resolve/explain';
import { listenerName, listenerPorts } from '../../engine/resolve/outbounds';
import { Snapshot } from '../../workspace/snapshot';
import { cell, markdownEscape, MAX_HOVER_ROWS, more, statusText } from './markdown';

export function renderVirtualOutbound(snapshot: Snapshot, vo: VirtualOutbound): string {
  return snapshot.memo(vo, 'hover', () => {
    const { records } = snapshot.recordsOf(vo);
    const domain = snapshot.result.settings;
    const head = `**VirtualOutbound ${markdownEscape(vo.name)}** (mesh ${markdownEscape(vo.mesh)})`;
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
      const list = skipped
        .slice(0, MAX_HOVER_ROWS)
        .map((r) => `- ${markdownEscape(describeSource(r.source))}: ${markdownEscape(r.reason ?? '')}${r.missingTags?.length ? ` (missing tags: ${markdownEscape(r.missingTags.join(', '))})` : ''}`);
      text += `\n\n**Skipped**\n\n${list.join('\n')}${more(skipped.length - MAX_HOVER_ROWS, 'skipped inbounds')}`;
    }
    return text;
  });
}
