// The resolved view as the preview's compact rows: one tuple per hostname, repeated texts sent once.
// A 200,000-hostname workspace then fits in one message; each row's claims come on demand.
import type { CompactRow, CompactView } from '../../../shared/src/protocol';
import { WorkspaceResult } from '../engine/analyze';
import { Entry } from '../engine/resolve/view';
import { listenerPorts } from '../engine/resolve/outbounds';
import { droppedCounts } from './hostnameClaims';

/** Resource names shown per row; the rest is a count (the claims list has them all). */
const SOURCES_SHOWN = 3;

class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function compactView(result: WorkspaceResult, mesh?: string): CompactView {
  return compactScopedView([{ result }], mesh);
}

/** The rows of several scopes (control planes) in one view; each row names its scope when `scope` is given. */
export function compactScopedView(parts: readonly { result: WorkspaceResult; scope?: string }[], mesh?: string): CompactView {
  const strings = new Strings();
  const rows: CompactRow[] = [];
  for (const { result, scope } of parts) {
    const { dnsDomain, serviceVipPort } = result.settings;
    const scopeId = scope !== undefined ? strings.of(scope) : undefined;
    for (const m of result.meshes) {
      if (mesh !== undefined && m.name !== mesh) continue;
      const meshId = strings.of(m.name);
      const dropped = droppedCounts(m.view);
      for (const e of m.view.entries) {
        const droppedHere = dropped.get(`${e.type}:${e.name}`) ?? 0;
        let kept = 0;
        for (const o of e.outbounds) kept += o.sources.length;
        const row: CompactRow = [
          meshId,
          strings.of(e.type),
          e.name,
          e.vip ?? '',
          strings.of(portsOf(e, dnsDomain, serviceVipPort)),
          strings.of(unique(e.outbounds.map((o) => o.origin)).join(', ')),
          strings.of(sourcesOf(e)),
          kept + droppedHere,
          droppedHere,
        ];
        if (scopeId !== undefined) row.push(scopeId);
        rows.push(row);
      }
    }
  }
  return { strings: strings.list, rows };
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The listener ports when the entry has a VIP, else the outbound ports. */
function portsOf(e: Entry, domain: string, vipPort: number): string {
  const listeners = listenerPorts(e, domain, vipPort);
  return unique((listeners.length ? listeners : e.outbounds.map((o) => o.port)).map(String)).join(', ');
}

function sourcesOf(e: Entry): string {
  const names = new Set<string>();
  for (const o of e.outbounds) for (const s of o.sources) names.add(s.resource.name);
  const list = [...names];
  if (list.length <= SOURCES_SHOWN) return list.join(', ');
  return `${list.slice(0, SOURCES_SHOWN).join(', ')} +${list.length - SOURCES_SHOWN} more`;
}
