// Unrendered placeholders of `kuma-dp run --dataplane-var name=value` and `kumactl apply --var
// name=value`. Both render the file with Kuma's pkg/util/template (hoisie/mustache) before the YAML
// is read: `{{ name }}` becomes the value HTML-escaped, `{{{ name }}}` the value as is, and a
// variable nobody sets becomes nothing. `name: {{ name }}` is such a file, though to YAML a plain
// `{{ name }}` is a flow mapping.
//
// The reader sees the raw text with each placeholder replaced by a stand-in of the same length, so
// every position stays exact; a placeholder is an unknown value and no finding may come from it.
// Go templates are told apart by their syntax: fields start with a dot (`{{.svc}}`), actions are
// keywords or calls (`{{end}}`, `{{printf "%s" .x}}`), and `${{ ... }}` is a GitHub Actions expression.
//
// A Go action written unquoted in a value (`namespace: {{ .KumaNamespace }}`, as in test harnesses
// and other tools' templates) is filled in by that tool before anything applies the file: Kuma
// never renders it, so it too is an unknown value. Quoted Go templates are left alone (they are
// VirtualOutbound templates, which Kuma renders itself), and so are the values of `host` and `port`
// keys, where an unquoted template is a VirtualOutbound's and a YAML mistake is worth reporting.
import { isTemplateWord } from '../gotemplate/parser';
import type { Span } from '../yaml/lineIndex';

export interface Placeholder {
  /** From the first `{` to the last `}`. */
  readonly span: Span;
  /** The variable, e.g. `name` or `inbound.port`. */
  readonly name: string;
  /** `{{{ name }}}`: the value goes in as is, not HTML-escaped. */
  readonly raw: boolean;
  /** An unquoted Go template action of another tool (`{{ .KumaNamespace }}`), not a `--var`. */
  readonly go?: boolean;
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*)*';
const TAG = new RegExp(`\\{\\{\\{[ \\t]*(${NAME})[ \\t]*\\}\\}\\}|\\{\\{[ \\t]*(${NAME})[ \\t]*\\}\\}`, 'g');

/** Where `offset` is on its line: in a YAML comment, inside quotes, or in plain text. Quotes are followed so that `"a # b"` is no comment. */
function lineContext(text: string, lineStart: number, offset: number): 'comment' | 'quoted' | 'plain' {
  let quote = '';
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      const prev = i === lineStart ? ' ' : text[i - 1]!;
      // A quote opens a scalar only at its start (after `: `, `- `, `[`, `{`, `,` or the indentation).
      if (/[\s:[{,-]/.test(prev)) quote = c;
    } else if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]!))) return 'comment';
  }
  return quote ? 'quoted' : 'plain';
}

// One Go action on one line: `{{ .Field }}`, `{{- include "x" . }}`.
const GO_ACTION = /\{\{-?[ \t]*[^{}\n]*?[ \t]*-?\}\}/g;
// The start of a line whose value may hold an unquoted Go action: a key (other than host or port)
// or a sequence item; a line that is only an action is another tool's structure, not a value.
const VALUE_START = /^[ \t]*((?:-[ \t]+)*)(?:([^\s#'"{[][^:#\n]*?)[ \t]*:[ \t])?/;

const CACHE = new Map<string, Placeholder[]>();
const EMPTY: Placeholder[] = [];

/** The placeholders of a file, in order. */
export function findPlaceholders(text: string): readonly Placeholder[] {
  if (!text.includes('{{')) return EMPTY;
  const cached = CACHE.get(text);
  if (cached) return cached;
  const found: Placeholder[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const raw = m[1] !== undefined;
    const name = (m[1] ?? m[2])!;
    const start = m.index;
    // An action made of a Go keyword or builtin (`{{end}}`, `{{len}}`) is Go's.
    if (isTemplateWord(name)) continue;
    if (start > 0 && text[start - 1] === '$') continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (lineContext(text, lineStart, start) === 'comment') continue;
    found.push({ span: [start, start + m[0].length], name, raw });
  }
  GO_ACTION.lastIndex = 0;
  for (let m = GO_ACTION.exec(text); m; m = GO_ACTION.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if ((start > 0 && (text[start - 1] === '$' || text[start - 1] === '{')) || text[end] === '}') continue;
    if (found.some((p) => p.span[0] < end && start < p.span[1])) continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const [, dashes, key] = VALUE_START.exec(text.slice(lineStart, start))!;
    if ((!key && !dashes) || key === 'host' || key === 'port') continue;
    if (lineContext(text, lineStart, start) !== 'plain') continue;
    found.push({ span: [start, end], name: m[0].replace(/^\{\{-?\s*|\s*-?\}\}$/g, ''), raw: false, go: true });
  }
  found.sort((a, b) => a.span[0] - b.span[0]);
  // A few recent texts: the parser and the analysis ask for the same file one after the other.
  if (CACHE.size >= 8) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(text, found);
  return found;
}

/** The text the YAML reader parses: each placeholder replaced by as many `x` (a plain string to YAML). */
export function maskPlaceholders(text: string): string {
  const list = findPlaceholders(text);
  if (!list.length) return text;
  let out = '';
  let at = 0;
  for (const p of list) {
    out += text.slice(at, p.span[0]) + 'x'.repeat(p.span[1] - p.span[0]);
    at = p.span[1];
  }
  return out + text.slice(at);
}

/** Does the span touch a placeholder? */
export function touchesPlaceholder(span: Span, placeholders: readonly Placeholder[]): boolean {
  for (const p of placeholders) if (span[0] < p.span[1] && p.span[0] < span[1]) return true;
  return false;
}

/** The placeholder at an offset (its braces included), if any. */
export function placeholderAt(text: string, offset: number): Placeholder | undefined {
  return findPlaceholders(text).find((p) => offset >= p.span[0] && offset <= p.span[1]);
}
