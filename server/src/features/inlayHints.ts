// Inlay hints: the rendered `hostname:port` after `host:` where a VirtualOutbound selects a single inbound.
import { InlayHint, InlayHintKind, Range } from 'vscode-languageserver';
import { Snapshot } from '../workspace/snapshot';
import { perScope } from './scopes';
import { templateScalar } from './templates';

export function inlayHints(snapshot: Snapshot, uri: string, range?: Range): InlayHint[] {
  // A hint has room for one answer: where the scopes holding the file disagree, the hover says it and the hint says nothing.
  const answers = perScope(
    snapshot,
    uri,
    (s) => hintsIn(s, uri, range),
    (h) => JSON.stringify(h),
  );
  return answers.length === 1 ? answers[0]!.value : [];
}

function hintsIn(snapshot: Snapshot, uri: string, range?: Range): InlayHint[] {
  const file = snapshot.fileByUri(uri);
  if (!file) return [];
  const lines = file.analysis.parsed.lines;
  const out: InlayHint[] = [];
  for (const r of file.analysis.resources) {
    if (r.kind !== 'VirtualOutbound') continue;
    const records = snapshot.recordsOf(r).records;
    const sources = new Set(records.map((x) => `${x.source.resource.name}|${x.source.resource.doc.file}|${x.source.inboundIndex ?? ''}`));
    if (sources.size !== 1) continue;
    const rec = records.find((x) => x.host !== undefined);
    const scalar = templateScalar(r, 'host');
    if (!rec || !scalar?.range) continue;
    const position = lines.positionAt(scalar.range[1]);
    if (range && (position.line < range.start.line || position.line > range.end.line)) continue;
    out.push({ position, label: `→ ${rec.host}:${rec.port}${rec.status === 'lost' ? ' (lost)' : ''}`, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return out;
}
