// Human-readable output: the hostname table per mesh and `file:line:col` diagnostics.
import { JsonDiagnostic, JsonView } from './resolvedView';

export function formatDiagnosticsText(diagnostics: readonly JsonDiagnostic[]): string {
  const lines = diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`);
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  lines.push(`${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)`);
  return lines.join('\n') + '\n';
}

export function formatTable(view: JsonView): string {
  const out: string[] = [];
  for (const mesh of view.meshes) {
    out.push(`mesh ${mesh.name}${mesh.scope !== undefined ? ` (scope ${mesh.scope})` : ''}: ${mesh.entries.length} hostname entr${mesh.entries.length === 1 ? 'y' : 'ies'}`);
    if (mesh.entries.length === 0) {
      out.push('');
      continue;
    }
    const rows = mesh.entries.map((e) => [
      e.type,
      e.name,
      e.vip ?? '(none)',
      e.outbounds.map((o) => String(o.port)).join(','),
      [...new Set(e.outbounds.map((o) => o.origin))].join(','),
      [...new Set(e.outbounds.flatMap((o) => o.sources))].join(','),
    ]);
    out.push(...renderTable(['TYPE', 'NAME', 'VIP', 'PORTS', 'ORIGIN', 'FROM'], rows).map((l) => `  ${l}`));
    out.push('');
  }
  return out.join('\n');
}

function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.min(r[i].length, 60))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > 60 ? c.slice(0, 57) + '...' : c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}
