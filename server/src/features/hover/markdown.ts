// Markdown pieces the hover renderers share. Names come from the user's YAML: escaped, so that a
// name such as `a*b*` or `<svc>` shows as written.
import { RenderRecord } from '../../engine/resolve/view';
import { describeSource } from '../../engine/resolve/explain';

/** Backslash-escapes the characters inline Markdown (and its HTML) would act on. */
export function markdownEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>|~&#]/g, '\\$&');
}

/** A table cell: escaped, on one line. */
export function cell(s: string): string {
  return markdownEscape(s).replace(/\n/g, ' ');
}

/** Inline code, safe for names such as `web-<hash>-#1` that Markdown would otherwise eat. */
export function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** Rows a hover table shows; the preview (Mesh Lens: Show Resolved Hostnames) has them all. */
export const MAX_HOVER_ROWS = 40;

export function more(n: number, what: string): string {
  return n > 0 ? `\n\n… and ${n} more ${what}: run **Mesh Lens: Show Resolved Hostnames** to see them all.` : '';
}

export function statusText(r: RenderRecord): string {
  switch (r.status) {
    case 'won':
      return 'won';
    case 'deduped':
      return 'deduped (same outbound already present)';
    case 'lost': {
      const w = r.winner;
      const by = w ? `${w.origin}${w.sources[0] ? ` for ${describeSource(w.sources[0])}` : ''}` : 'another outbound';
      return `lost to ${by}`;
    }
    case 'skipped':
      return `skipped: ${r.reason ?? ''}`;
  }
}
