// Human-readable output: the hostname table per mesh and `file:line:col` diagnostics. Both come a
// line at a time, so the CLI writes them as they are produced.
import { JsonDiagnostic, JsonView } from './resolvedView';

export function* diagnosticLines(diagnostics: readonly JsonDiagnostic[]): Generator<string> {
  for (const d of diagnostics) yield `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n`;
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  yield `${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)\n`;
}

export function formatDiagnosticsText(diagnostics: readonly JsonDiagnostic[]): string {
  return [...diagnosticLines(diagnostics)].join('');
}

/** The table of each mesh, a line at a time; meshes are separated by an empty line. */
export function* tableLines(view: JsonView): Generator<string> {
  let first = true;
  for (const mesh of view.meshes) {
    if (!first) yield '\n';
    first = false;
    yield `mesh ${mesh.name}${mesh.scope !== undefined ? ` (scope ${mesh.scope})` : ''}: ${mesh.entries.length} hostname entr${mesh.entries.length === 1 ? 'y' : 'ies'}\n`;
    if (mesh.entries.length === 0) continue;
    const rows = mesh.entries.map((e) => [
      e.type,
      e.name,
      e.vip ?? '(none)',
      e.outbounds.map((o) => String(o.port)).join(','),
      [...new Set(e.outbounds.map((o) => o.origin))].join(','),
      [...new Set(e.outbounds.flatMap((o) => o.sources))].join(','),
    ]);
    for (const line of renderTable(['TYPE', 'NAME', 'VIP', 'PORTS', 'ORIGIN', 'FROM'], rows)) yield `  ${line}\n`;
  }
}

export function formatTable(view: JsonView): string {
  return [...tableLines(view)].join('');
}

function renderTable(header: string[], rows: string[][]): string[] {
  // A loop, not Math.max(...rows): a mesh can have more rows than a call can take arguments.
  const widths = header.map((h) => h.length);
  // Every row has a cell per header column.
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, Math.min(r[i]!.length, 60));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > 60 ? c.slice(0, 57) + '...' : c).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}
