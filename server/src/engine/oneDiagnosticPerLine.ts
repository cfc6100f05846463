// No line of any file carries two diagnostics of one code: whatever produced them, they are merged
// into one, the most severe first, its message saying how many more there are. Findings are
// already aggregated to their unit (`FINDING_UNITS`); this is the guarantee on top of them.
import { EngineDiagnostic, formatCount, MAX_RELATED, RelatedInfo, Severity } from './rules';

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Kuma's validator reports each violation as a message of its own, and several missing fields all
 * sit at the document's first line: they stay apart, so each can be searched for. Their number is
 * bounded by the fields of one document, not by the size of the mesh.
 */
export const SEPARATE_ON_ONE_LINE: ReadonlySet<string> = new Set(['kuma-validation']);

/** `lineOf(file, offset)`: the line of an offset, or undefined when the file is unknown. */
export function oneDiagnosticPerLine(diagnostics: readonly EngineDiagnostic[], lineOf: (file: string, offset: number) => number | undefined): EngineDiagnostic[] {
  const groups = new Map<string, number[]>();
  let shared = false;
  diagnostics.forEach((d, i) => {
    if (SEPARATE_ON_ONE_LINE.has(d.code)) {
      groups.set(`#${i}`, [i]);
      return;
    }
    const key = `${d.file}\u0000${lineOf(d.file, d.span[0]) ?? `@${d.span[0]}`}\u0000${d.code}`;
    const list = groups.get(key);
    if (list) {
      list.push(i);
      shared = true;
    } else groups.set(key, [i]);
  });
  if (!shared) return diagnostics as EngineDiagnostic[];
  // A map iterates in insertion order: each merged diagnostic takes the place of its line's first.
  const out: EngineDiagnostic[] = [];
  for (const indices of groups.values()) out.push(indices.length === 1 ? diagnostics[indices[0]!]! : merge(indices.map((i) => diagnostics[i]!)));
  return out;
}

/** Merges the two or more diagnostics of one line. */
function merge(list: readonly EngineDiagnostic[]): EngineDiagnostic {
  // Most severe first; then a fixed order, so that the merge does not depend on the order of documents.
  const sorted = [...list].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.span[0] - b.span[0] || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  const primary = sorted[0]!;
  const second = sorted[1]!;
  const rest = sorted.length - 1;
  const message = `${primary.message}\nAlso on this line, ${formatCount(rest)} more: ${second.message}${rest > 1 ? ` And ${formatCount(rest - 1)} more.` : ''}`;
  const all: RelatedInfo[] = [];
  let relatedTotal = 0;
  let count = 0;
  for (const d of sorted) {
    relatedTotal += d.related?.length ?? 0;
    count += d.count ?? 1;
    for (const r of d.related ?? []) if (all.length < MAX_RELATED) all.push(r);
  }
  const extra = relatedTotal - all.length;
  return {
    file: primary.file,
    span: primary.span,
    severity: primary.severity,
    code: primary.code,
    message: extra > 0 ? `${message} (${formatCount(extra)} more related location${extra === 1 ? '' : 's'} not listed.)` : message,
    ...(all.length ? { related: all } : {}),
    ...(sorted.every((d) => d.unnecessary) ? { unnecessary: true } : {}),
    count,
  };
}
