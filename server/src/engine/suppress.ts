// Suppression of diagnostics by comment and by configuration:
//   # mesh-lens-disable-next-line code[, code]   the next line that is not blank or a comment
//   # mesh-lens-disable-next-line                 every code on that line
//   # mesh-lens-disable-file code[, code]         the whole file
//   # mesh-lens-disable-file                      every code in the file
// and a list of codes disabled everywhere (editor setting, CLI --disable). Pure: no I/O.
import { EngineDiagnostic } from './rules';
import { LineIndex } from './yaml/lineIndex';

/** Codes suppressed on a line or in a whole file; `'*'` stands for every code. */
export interface FileSuppressions {
  readonly file: ReadonlySet<string>;
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
}

const DIRECTIVE = /^\s*#\s*mesh-lens-disable-(next-line|file)\b(.*)$/;

function codesOf(rest: string): Set<string> {
  const codes = rest
    .replace(/\s+--.*$/, '')
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return new Set(codes.length ? codes : ['*']);
}

export function readSuppressions(text: string): FileSuppressions {
  const file = new Set<string>();
  const lines = new Map<number, Set<string>>();
  if (!text.includes('mesh-lens-disable')) return { file, lines };
  const all = text.split(/\r\n|\r|\n/);
  let pending: Set<string> | undefined;
  for (const [i, line] of all.entries()) {
    const m = DIRECTIVE.exec(line);
    if (m) {
      const codes = codesOf(m[2]!);
      if (m[1] === 'file') for (const c of codes) file.add(c);
      else {
        pending ??= new Set();
        for (const c of codes) pending.add(c);
      }
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (pending) {
      lines.set(i, pending);
      pending = undefined;
    }
  }
  return { file, lines };
}

function covers(codes: ReadonlySet<string> | undefined, code: string): boolean {
  return codes !== undefined && (codes.has('*') || codes.has(code));
}

export interface SuppressInput {
  /** The text of a file, when it is known. */
  readonly textOf: (file: string) => string | undefined;
  /** Codes disabled everywhere. */
  readonly disabled?: ReadonlySet<string>;
  /** Suppressions read before, per file, reused while the file's text is the same. */
  readonly cache?: SuppressionCache;
}

type Lookup = { s: FileSuppressions; lines: LineIndex } | null;

export type SuppressionCache = Map<string, { text: string; lookup: Lookup }>;

/** The diagnostics that remain after comment and configuration suppression. */
export function applySuppressions(diagnostics: readonly EngineDiagnostic[], input: SuppressInput): EngineDiagnostic[] {
  const perFile = new Map<string, Lookup>();
  const read = (text: string | undefined): Lookup => (text === undefined || !text.includes('mesh-lens-disable') ? null : { s: readSuppressions(text), lines: new LineIndex(text) });
  const lookup = (file: string) => {
    let v = perFile.get(file);
    if (v === undefined) {
      const text = input.textOf(file);
      const cached = input.cache?.get(file);
      if (cached && text !== undefined && cached.text === text) v = cached.lookup;
      else {
        v = read(text);
        if (text !== undefined) input.cache?.set(file, { text, lookup: v });
      }
      perFile.set(file, v);
    }
    return v;
  };
  return diagnostics.filter((d) => {
    if (input.disabled?.has(d.code)) return false;
    const v = lookup(d.file);
    if (!v) return true;
    if (covers(v.s.file, d.code)) return false;
    return !covers(v.s.lines.get(v.lines.positionAt(d.span[0]).line), d.code);
  });
}
