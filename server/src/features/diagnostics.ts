// Engine diagnostics -> LSP diagnostics, grouped by URI, for every indexed file (open or not).
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { EngineDiagnostic, Severity } from '../engine/rules';
import { Snapshot } from '../workspace/snapshot';
import { rangeOf } from './util';

export const SOURCE = 'mesh-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(snapshot: Snapshot, d: EngineDiagnostic, docsUri: string): Diagnostic {
  const out: Diagnostic = {
    range: rangeOf(snapshot, d.file, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: `${docsUri}#${d.code}` },
    source: SOURCE,
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => DiagnosticRelatedInformation.create({ uri: snapshot.uriOf(r.file), range: rangeOf(snapshot, r.file, r.span) }, r.message));
  }
  if (d.unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/** Diagnostics per URI of the files that have any, each list in document order. */
export function problemDiagnostics(snapshot: Snapshot, docsUri: string): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  for (const d of snapshot.diagnostics) {
    const uri = snapshot.uriOf(d.file);
    let list = byUri.get(uri);
    if (!list) byUri.set(uri, (list = []));
    list.push(toLspDiagnostic(snapshot, d, docsUri));
  }
  for (const list of byUri.values()) list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return byUri;
}

/** Diagnostics per URI; every indexed file has an entry (possibly empty). */
export function workspaceDiagnostics(snapshot: Snapshot, docsUri: string): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  for (const uri of snapshot.files.keys()) byUri.set(uri, []);
  for (const [uri, list] of problemDiagnostics(snapshot, docsUri)) byUri.set(uri, list);
  return byUri;
}
