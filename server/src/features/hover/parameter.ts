// Hover on a template parameter: the tag it reads, its values on the selected inbounds and in the workspace.
import { effectiveTagKey, VirtualOutbound } from '../../engine/resources/model';
import { SourceResource } from '../../engine/resolve/view';
import { Snapshot } from '../../workspace/snapshot';
import { code, markdownEscape } from './markdown';

export function renderParameter(snapshot: Snapshot, vo: VirtualOutbound, index: number, name: string): string {
  return snapshot.memo(vo, `parameter:${index}:${name}`, () => compute(snapshot, vo, index, name));
}

function compute(snapshot: Snapshot, vo: VirtualOutbound, index: number, name: string): string {
  const p = index >= 0 ? vo.conf?.parameters[index] : undefined;
  if (!p) return `**{{.${markdownEscape(name)}}}**: no parameter named ${code(name)} is declared, so it renders \`<no value>\`.`;
  const key = effectiveTagKey(p);
  const values = snapshot.tagIndex().get(key);
  const selected = new Map<string, number>();
  for (const r of snapshot.recordsOf(vo).records) {
    const v = tagsOfSource(r.source.resource, r.source.inboundIndex)[key];
    if (v !== undefined) selected.set(v, (selected.get(v) ?? 0) + 1);
  }
  const lines = [`**Parameter ${markdownEscape(p.name)}** reads tag ${code(key)}${p.tagKey ? '' : ' (no tagKey: the parameter name is the tag)'}.`, ''];
  if (selected.size) lines.push(`Values on the selected inbounds: ${[...selected].map(([v, n]) => `${code(v)} (${n})`).join(', ')}`, '');
  if (values?.size) lines.push(`Values in the workspace: ${[...values].map(([v, uses]) => `${code(v)} (${uses.length})`).join(', ')}`);
  else lines.push(`No inbound in the workspace has the tag ${code(key)}.`);
  return lines.join('\n');
}

function tagsOfSource(r: SourceResource, inboundIndex?: number): Record<string, string> {
  if (r.kind === 'ExternalService') return { 'kuma.io/service': r.tags['kuma.io/service'] ?? '' };
  if (r.kind === 'ZoneIngress') return { ...(inboundIndex !== undefined ? r.availableServices[inboundIndex]?.tags : {}) };
  if (r.kind === 'MeshGateway') return {};
  return { ...(inboundIndex !== undefined ? r.inbounds[inboundIndex]?.tags : {}) };
}
