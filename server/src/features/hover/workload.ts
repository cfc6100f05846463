// Hover on a Kubernetes workload: its derived dataplanes, or the engine's reason it has none.
import { WorkloadDecision } from '../../engine/kubernetes';
import { describeObject } from '../../engine/kubernetes/objects';
import { INJECTION_KEY } from '../../engine/kubernetes/injection';
import { Dataplane } from '../../engine/resources/model';
import { Snapshot } from '../../workspace/snapshot';
import { code, markdownEscape } from './markdown';
import { podsMarkdown } from './pods';

export function renderWorkload(snapshot: Snapshot, dataplanes: readonly Dataplane[]): string {
  const from = dataplanes[0]?.derivedFrom?.workload ?? 'this workload';
  const lines = [`**${markdownEscape(from)}**: ${dataplanes.length} derived dataplane${dataplanes.length === 1 ? '' : 's'}`, ''];
  if (dataplanes[0]?.derivedFrom?.alreadyInjected) {
    lines.push("Already injected (`kuma.io/sidecar-injected`): Kuma's pod controller gives it a Dataplane whatever its namespace's labels, in the mesh of its own `kuma.io/mesh` annotation.", '');
  }
  lines.push(
    ...podsMarkdown(
      snapshot,
      dataplanes.map((dp) => ({ dp, inbounds: dp.inbounds })),
    ),
  );
  return lines.join('\n');
}

export function renderWorkloadWithoutDataplane(decision: WorkloadDecision): string {
  const head = `**${markdownEscape(describeObject(decision.workload))}** gets no dataplane in this workspace`;
  const failure = decision.failure;
  if (failure?.kind === 'pre-injected') {
    return `${head}: it is already injected (\`kuma.io/sidecar-injected\`), but Kuma's pod controller fails on its annotations: ${markdownEscape(failure.problem)}.`;
  }
  if (failure?.kind === 'invalid-gateway') {
    return `${head}: ${code(`kuma.io/gateway: ${failure.value}`)} is not a type Kuma knows (enabled, provided or builtin), so the pod controller writes no Dataplane for its pods ("invalid delegated gateway type").`;
  }
  if (decision.injected) return `${head} (see the problems reported for it).`;
  return `${head}: its pods are **not injected** (${markdownEscape(decision.reason)}), so they run without a sidecar, outside the mesh, and no mesh hostname reaches them. Injection is set with ${code(`${INJECTION_KEY}: enabled`)}.`;
}
