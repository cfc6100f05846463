// `meshLens/resolvedView`: the CLI's JSON view plus, per row, where its sources are written.
import { ResolvedViewParams, ResolvedViewResult } from '../../../shared/src/protocol';
import { sourceLocation } from '../engine/resolve/explain';
import { compactView } from '../report/compactView';
import { toJsonView } from '../report/resolvedView';
import { Snapshot } from '../workspace/snapshot';
import { locationOf, rangeOf } from './util';

export function resolvedView(snapshot: Snapshot, params: ResolvedViewParams): ResolvedViewResult {
  if (params.compact) return { meshes: [], diagnostics: [], compact: compactView(snapshot.result, params.mesh) };
  const json = toJsonView(snapshot.result, snapshot.diagnostics);
  const meshes = json.meshes
    .map((m, mi) => {
      const mesh = snapshot.result.meshes[mi];
      return {
        name: m.name,
        entries: m.entries.map((e, ei) => {
          const entry = mesh.view.entries[ei];
          const outbounds = e.outbounds.map((o, oi) => {
            const sources = entry.outbounds[oi].sources;
            return { ...o, locations: sources.map((s) => { const at = sourceLocation(s); return locationOf(snapshot, at.file, at.span); }) };
          });
          const first = outbounds.find((o) => o.locations.length)?.locations[0];
          return { ...e, outbounds, ...(first ? { location: first } : {}) };
        }),
      };
    })
    .filter((m) => !params.mesh || m.name === params.mesh);
  const diagnostics = snapshot.diagnostics.map((d, i) => ({
    file: d.file,
    uri: snapshot.uriOf(d.file),
    range: rangeOf(snapshot, d.file, d.span),
    severity: json.diagnostics[i].severity,
    code: d.code,
    message: d.message,
  }));
  return { meshes, diagnostics };
}
