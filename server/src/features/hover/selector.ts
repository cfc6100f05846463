// Hover on a selector: the inbounds it matches in its mesh, each with its rank.
import { VirtualOutbound } from '../../engine/resources/model';
import { describeRank, describeSource, describeTags } from '../../engine/resolve/explain';
import { bestRank } from '../../engine/resolve/match';
import { viewInbounds } from '../../engine/resolve/viewInbounds';
import { kumaVersionOf } from '../../engine/settings';
import { rulesFor } from '../../engine/versions/kumaVersion';
import { Snapshot } from '../../workspace/snapshot';
import { markdownEscape, MAX_HOVER_ROWS, more } from './markdown';

export function renderSelector(snapshot: Snapshot, vo: VirtualOutbound, index: number): string {
  return snapshot.memo(vo, `selector:${index}`, () => compute(snapshot, vo, index));
}

function compute(snapshot: Snapshot, vo: VirtualOutbound, index: number): string {
  const sel = vo.selectors[index];
  if (!sel) return '';
  const single: VirtualOutbound = { ...vo, selectors: [sel] };
  const lines = [`**Selector ${index}** of ${markdownEscape(vo.name)}: ${markdownEscape(describeTags(sel.match))}`, ''];
  const matches: string[] = [];
  const mesh = snapshot.meshOf(vo.mesh);
  // Only the inbounds the version's view holds.
  const rules = rulesFor(kumaVersionOf(snapshot.result.settings));
  for (const dp of mesh?.dataplanes ?? []) {
    for (const inbound of viewInbounds(dp, rules)) {
      const best = bestRank(single, inbound.tags);
      if (best) matches.push(`- ${markdownEscape(describeSource({ resource: dp, inboundIndex: inbound.index }))}: rank ${describeRank(best.rank)}`);
    }
  }
  for (const es of mesh?.externalServices ?? []) {
    const best = bestRank(single, { 'kuma.io/service': es.tags['kuma.io/service'] ?? '' });
    if (best) matches.push(`- external service ${markdownEscape(es.name)}: rank ${describeRank(best.rank)}`);
  }
  if (matches.length) lines.push(`Matches ${matches.length} inbound${matches.length === 1 ? '' : 's'}:`, '', ...matches.slice(0, MAX_HOVER_ROWS));
  else lines.push('Matches no inbound in this workspace.');
  return lines.join('\n') + more(matches.length - MAX_HOVER_ROWS, 'inbounds');
}
