// Hover on a Kubernetes Service: per kuma.io/service tag it gives, the service's entry and the pods it gives an inbound.
import { describeObject, ServiceObject } from '../../engine/kubernetes/objects';
import { Dataplane, Inbound } from '../../engine/resources/model';
import { Snapshot } from '../../workspace/snapshot';
import { code, markdownEscape } from './markdown';
import { podsMarkdown } from './pods';
import { renderService } from './service';
import { startsWith } from './target';

export function renderKubernetesService(snapshot: Snapshot, svc: ServiceObject): string {
  const head = `**${markdownEscape(describeObject(svc))}**`;
  const byService = new Map<string, { mesh: string; pods: { dp: Dataplane; inbounds: Inbound[] }[] }>();
  for (const dp of snapshot.result.derivedDataplanes) {
    for (const i of dp.inbounds) {
      if (i.doc !== svc.doc || !startsWith(i.path, svc.path)) continue;
      const tag = i.tags['kuma.io/service'] ?? '';
      let group = byService.get(tag);
      if (!group) byService.set(tag, (group = { mesh: dp.mesh, pods: [] }));
      const pod = group.pods.find((p) => p.dp === dp);
      if (pod) pod.inbounds.push(i);
      else group.pods.push({ dp, inbounds: [i] });
    }
  }
  if (!byService.size) return `${head} gives no derived dataplane an inbound: it selects no injected pod in this workspace.`;
  const parts: string[] = [];
  for (const [tag, group] of byService) {
    const pods = `Inbounds on ${group.pods.length} derived dataplane${group.pods.length === 1 ? '' : 's'}:`;
    parts.push([`Service tag ${code(`kuma.io/service=${tag}`)}`, '', renderService(snapshot, group.mesh, tag), '', pods, '', ...podsMarkdown(snapshot, group.pods)].join('\n'));
  }
  return [head, '', parts.join('\n\n---\n\n')].join('\n');
}
