// SARIF 2.1.0 output for code-scanning tools: one run, the rule registry as rule metadata, one
// result per finding with its count in the result's properties.
import { ALL_RULES, Severity } from '../engine/rules';
import { JsonDiagnostic } from './resolvedView';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(diagnostics: readonly JsonDiagnostic[], version: string): object {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.code, i]));
  const region = (d: { range: JsonDiagnostic['range'] }) => ({
    startLine: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mesh-lens',
            version,
            rules: ALL_RULES.map((r) => ({
              id: r.code,
              name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(d.file) }, region: region(d) } }],
          // A finding sums up occurrences (lost claims, skipped renders, entries without a VIP): how many.
          properties: { count: d.count ?? 1 },
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: encodeURI(r.file) }, region: region(r) },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}
