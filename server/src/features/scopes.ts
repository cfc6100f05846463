// Results of a workspace of several scopes (control planes): a feature runs on each scope that
// holds the file, and equal answers are given once, naming the scopes they come from.
import { Snapshot } from '../workspace/snapshot';

export interface ScopedAnswer<T> {
  /** The scopes giving this answer; empty when the workspace is one scope. */
  readonly scopes: string[];
  readonly value: T;
}

/** Runs `fn` on the snapshot of each scope holding `uri` (the workspace's own when it is one scope or the file is in none). */
export function perScope<T>(snapshot: Snapshot, uri: string, fn: (s: Snapshot) => T | undefined, key: (value: T) => string): ScopedAnswer<T>[] {
  const scopes = snapshot.scopesOf(uri);
  if (!snapshot.scoped || scopes.length === 0) {
    const value = fn(scopes[0] ?? snapshot);
    return value === undefined ? [] : [{ scopes: [], value }];
  }
  const out: { scopes: string[]; value: T; key: string }[] = [];
  for (const s of scopes) {
    const value = fn(s);
    if (value === undefined) continue;
    const k = key(value);
    const same = out.find((o) => o.key === k);
    if (same) same.scopes.push(s.scopeName!);
    else out.push({ scopes: [s.scopeName!], value, key: k });
  }
  return out.map(({ scopes: names, value }) => ({ scopes: names, value }));
}

export function scopeLabel(names: readonly string[]): string {
  return `${names.length === 1 ? 'scope' : 'scopes'} ${names.join(', ')}`;
}
