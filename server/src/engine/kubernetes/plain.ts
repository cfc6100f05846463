// Plain Kubernetes manifests are none of Mesh Lens's business: with no Kubernetes-form Kuma
// resource and nothing Kuma injects, runs or targets (no injected namespace, no pod in the mesh, no
// VirtualOutbound that would select a workload), findings about workloads and Services ("selects
// no workload", unresolved named ports) would be about Kubernetes, not Kuma, so none is reported.
// Universal-form resources do not count: they belong to another control plane than the one these
// manifests are applied to.
import { Resource } from '../resources/model';
import { EngineDiagnostic } from '../rules';
import { DerivedDataplanes } from './derive';

export function kubernetesDiagnosticsToReport(derived: DerivedDataplanes, resources: Iterable<Resource>): readonly EngineDiagnostic[] {
  if (derived.diagnostics.length === 0 || derived.involvesKuma) return derived.diagnostics;
  for (const r of resources) if (r.form === 'kubernetes') return derived.diagnostics;
  return [];
}
