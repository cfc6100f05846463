// `meshLens/resolvedView`: the CLI's JSON view plus, per row, where its sources are written. A
// workspace of several scopes (control planes) gives each scope's meshes, every row naming its scope.
import { ResolvedViewParams, ResolvedViewResult } from '../../../shared/src/protocol';
import { sourceLocation } from '../engine/resolve/explain';
import { compactScopedView } from '../report/compactView';
import { toJsonView } from '../report/resolvedView';
import { Snapshot } from '../workspace/snapshot';
import { locationOf, rangeOf } from './util';

export function resolvedView(snapshot: Snapshot, params: ResolvedViewParams): ResolvedViewResult {
  const named = snapshot.scoped;
  const chosen = snapshot.scopes.filter((s) => !named || !params.scope || s.scopeName === params.scope);
  const scopes = named ? { scopes: snapshot.scopes.map((s) => s.scopeName!) } : {};
  if (params.compact) {
    const compact = compactScopedView(
      chosen.map((s) => ({ result: s.result, scope: named ? s.scopeName : undefined })),
      params.mesh,
    );
    return { meshes: [], diagnostics: [], compact, ...scopes };
  }
  const meshes = chosen.flatMap((s) => scopeMeshes(s, named ? s.scopeName : undefined)).filter((m) => !params.mesh || m.name === params.mesh);
  const diagnostics = snapshot.diagnostics.map((d) => ({
    file: d.file,
    uri: snapshot.uriOf(d.file),
    range: rangeOf(snapshot, d.file, d.span),
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
  return { meshes, diagnostics, ...scopes };
}

function scopeMeshes(snapshot: Snapshot, scope: string | undefined): ResolvedViewResult['meshes'] {
  const json = toJsonView(snapshot.result, []);
  return json.meshes.map((m, mi) => {
    const mesh = snapshot.result.meshes[mi]!; // json was made from this same result, mesh by mesh and entry by entry
    return {
      name: m.name,
      ...(scope !== undefined ? { scope } : {}),
      entries: m.entries.map((e, ei) => {
        const entry = mesh.view.entries[ei]!;
        const outbounds = e.outbounds.map((o, oi) => {
          const sources = entry.outbounds[oi]!.sources;
          return {
            ...o,
            locations: sources.map((s) => {
              const at = sourceLocation(s);
              return locationOf(snapshot, at.file, at.span);
            }),
          };
        });
        const first = outbounds.find((o) => o.locations.length)?.locations[0];
        return { ...e, outbounds, ...(first ? { location: first } : {}), ...(scope !== undefined ? { scope } : {}) };
      }),
    };
  });
}
