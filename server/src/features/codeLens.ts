// A code lens on each VirtualOutbound: "selects N inbounds · M hostnames · K conflicts".
import { CodeLens } from 'vscode-languageserver';
import { nameSpan } from '../engine/resolve/explain';
import { RenderRecord } from '../engine/resolve/view';
import { Snapshot } from '../workspace/snapshot';
import { perScope, scopeLabel } from './scopes';
import { rangeOf } from './util';

export function lensCounts(records: readonly RenderRecord[]): { inbounds: number; hostnames: number; conflicts: number } {
  const inbounds = new Set(records.map((r) => `${r.source.resource.kind}|${r.source.resource.name}|${r.source.resource.doc.file}|${r.source.inboundIndex ?? ''}`));
  const hostnames = new Set(records.filter((r) => r.host !== undefined && r.status !== 'skipped').map((r) => `${r.host}:${r.port}`));
  return { inbounds: inbounds.size, hostnames: hostnames.size, conflicts: records.filter((r) => r.status === 'lost').length };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function codeLenses(snapshot: Snapshot, uri: string): CodeLens[] {
  const file = snapshot.fileByUri(uri);
  if (!file) return [];
  const out: CodeLens[] = [];
  for (const r of file.analysis.resources) {
    if (r.kind !== 'VirtualOutbound') continue;
    const range = rangeOf(snapshot, file.file, nameSpan(r));
    // The VirtualOutbound renders in each scope that holds its file; equal counts are shown once.
    for (const a of perScope(
      snapshot,
      uri,
      (s) => lensTitle(lensCounts(s.recordsOf(r).records)),
      (t) => t,
    )) {
      const title = a.scopes.length ? `${scopeLabel(a.scopes)}: ${a.value}` : a.value;
      out.push({ range, command: { title, command: '' } });
    }
  }
  return out;
}

function lensTitle(n: { inbounds: number; hostnames: number; conflicts: number }): string {
  return `selects ${plural(n.inbounds, 'inbound')} · ${plural(n.hostnames, 'hostname')} · ${plural(n.conflicts, 'conflict')}`;
}
