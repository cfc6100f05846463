// Everything a live index's snapshot says, in the order it says it (diagnostics also sorted, as
// they are shown): the plan, the whole workspace and each scope. Two indexes that should agree
// must give deep-equal pictures.
import { sortDiagnostics, toJsonDiagnostic } from '../../server/src/report/resolvedView';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { Snapshot } from '../../server/src/workspace/snapshot';
import { stableView } from './arbitraries';

export function indexPicture(index: WorkspaceIndex): unknown {
  const s = index.snapshot();
  const one = (x: Snapshot) => ({
    name: x.scopeName,
    ...stableView(x.result),
    diagnostics: x.diagnostics.map((d) => toJsonDiagnostic(x.result, d)),
    shown: sortDiagnostics(x.diagnostics.map((d) => toJsonDiagnostic(x.result, d))),
    files: [...x.files.values()].map((f) => [f.uri, f.file, f.text, f.version, f.analysis.parsed.text, f.analysis.kumaVersion]),
    read: [...x.result.files.values()].map((a) => [a.file, a.parsed.text, a.kumaVersion]),
  });
  return { plan: index.plan?.key, planDiagnostics: index.plan?.diagnostics, whole: one(s), scoped: s.scoped, scopes: s.scopes.map(one) };
}
