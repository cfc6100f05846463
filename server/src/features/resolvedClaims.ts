// `meshLens/resolvedClaims`: every claim on one hostname, with where each claimant is written and
// why the dropped ones lost. Asked for one row at a time, so the compact view stays small.
import { ResolvedClaimsParams, ResolvedClaimsResult } from '../../../shared/src/protocol';
import { describeSource, sourceLocation } from '../engine/resolve/explain';
import { findEntry, hostnameClaims } from '../report/hostnameClaims';
import { Snapshot } from '../workspace/snapshot';
import { locationOf } from './util';

const DEFAULT_LIMIT = 10_000;

export function resolvedClaims(snapshot: Snapshot, params: ResolvedClaimsParams | undefined): ResolvedClaimsResult {
  if (!params || typeof params.mesh !== 'string' || typeof params.hostname !== 'string' || typeof params.type !== 'string') return { found: false, claims: [], total: 0 };
  // A row of one of several scopes is looked up in that scope's result.
  const scoped = snapshot.scoped && typeof params.scope === 'string' ? snapshot.scopes.find((s) => s.scopeName === params.scope) : snapshot;
  if (!scoped) return { found: false, claims: [], total: 0 };
  const mesh = scoped.result.meshes.find((m) => m.name === params.mesh);
  const entry = mesh && findEntry(mesh.view, params.type, params.hostname);
  if (!mesh || !entry) return { found: false, claims: [], total: 0 };
  const all = hostnameClaims(mesh.view, entry);
  const limit = Math.max(0, Math.floor(typeof params.limit === 'number' && Number.isFinite(params.limit) ? params.limit : DEFAULT_LIMIT));
  const claims = all.slice(0, limit).map((c) => {
    const at = sourceLocation(c.source);
    return {
      status: c.status,
      port: c.port,
      origin: c.origin,
      tags: { ...c.tags },
      source: describeSource(c.source),
      location: locationOf(scoped, at.file, at.span),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
    };
  });
  return { found: true, claims, total: all.length };
}
