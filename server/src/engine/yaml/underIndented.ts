// Quoted scalars and flow collections whose later lines sit at or left of their parent's column.
// go-yaml does not look at the indentation of those lines (the documentation's ContainerPatch
// `value: '{` ... `}'` closes at the key's own column), but the `yaml` package stops reading there
// and reports a cascade of errors. This finds each such construct as go-yaml reads it and returns
// the text with its line breaks turned into spaces, so that the `yaml` package reads it as one line
// with every offset unchanged; the values are folded again from the original text afterwards. A
// construct go-yaml does not close either is left alone and reported at its opening character. Pure.
import { Lexer } from 'yaml';
import type { Span } from './lineIndex';

export interface Reread {
  /** The text to parse: same length as the original. */
  text: string;
  /** Spans whose line breaks were joined. */
  joined: Span[];
  /** Opening characters of constructs left open (by go-yaml's reading too). */
  open: number[];
  /**
   * Opening quotes of scalars that a document marker cuts short: go-yaml's document ends there
   * but the `yaml` package would read on, so the quote is replaced by a letter and the missing
   * closing quote is reported by the caller.
   */
  cut: number[];
}

/**
 * Passes of the lexer at most (each joins one construct), and characters lexed in all, so that a
 * hostile file costs a bounded amount: a large file gets fewer passes.
 */
const MAX_PASSES = 64;
const MAX_LEXED = 32_000_000;

// The lexer's control tokens carry no source text.
const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

export function rereadUnderIndented(original: string): Reread {
  let text = original;
  const joined: Span[] = [];
  const open: number[] = [];
  const cut: number[] = [];
  const given = new Set<number>();
  const passes = Math.max(1, Math.min(MAX_PASSES, Math.floor(MAX_LEXED / Math.max(1, original.length))));
  for (let pass = 0; pass < passes; pass++) {
    const found = firstCutShort(text, given);
    if (found === undefined) break;
    given.add(found.start);
    const end = found.kind === 'quote' ? quotedEnd(text, found.start) : flowEnd(text, found.start);
    if (end === undefined) {
      open.push(found.start);
      continue;
    }
    if (end === MARKER) {
      if (found.kind === 'quote') {
        cut.push(found.start);
        text = text.slice(0, found.start) + 'x' + text.slice(found.start + 1);
      } else open.push(found.start);
      continue;
    }
    text = join(text, found.start, end, found.kind === 'flow');
    joined.push([found.start, end]);
  }
  return { text, joined, open, cut };
}

/** The first quoted scalar or flow collection the `yaml` lexer ends before its closing character. */
function firstCutShort(text: string, skip: ReadonlySet<number>): { start: number; kind: 'quote' | 'flow' } | undefined {
  let offset = 0;
  let depth = 0;
  let flowStart = -1;
  for (const token of new Lexer().lex(text)) {
    if (CONTROL.has(token)) {
      // An aborted flow collection: the lexer found a line it considers under-indented.
      if (token === '\u0018' && flowStart >= 0 && !skip.has(flowStart)) return { start: flowStart, kind: 'flow' };
      continue;
    }
    const c = token[0];
    if ((c === "'" || c === '"') && !closedQuote(token) && !skip.has(offset)) return { start: offset, kind: 'quote' };
    if (c === '{' || c === '[') {
      if (depth === 0) flowStart = offset;
      depth++;
    } else if ((c === '}' || c === ']') && depth > 0) depth--;
    offset += token.length;
  }
  return undefined;
}

function closedQuote(token: string): boolean {
  const q = token[0];
  if (token.length < 2) return false;
  if (q === "'") {
    let i = 1;
    while (i < token.length) {
      if (token[i] === "'") {
        if (token[i + 1] === "'") i += 2;
        else return i === token.length - 1;
      } else i++;
    }
    return false;
  }
  let i = 1;
  while (i < token.length) {
    if (token[i] === '\\') i += 2;
    else if (token[i] === '"') return i === token.length - 1;
    else i++;
  }
  return false;
}

/** At a line start: a `---` or `...` marker, which ends any construct for go-yaml. */
function documentMarkerAt(text: string, i: number): boolean {
  const m = text.slice(i, i + 3);
  if (m !== '---' && m !== '...') return false;
  const next = text[i + 3];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
}

/** A construct ended by a document marker line rather than by its closing character. */
const MARKER = -1;

/** The offset just past the quote that closes the scalar opened at `start`, as go-yaml scans it. */
function quotedEnd(text: string, start: number): number | undefined {
  const q = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      if (documentMarkerAt(text, i + 1)) return MARKER;
      i++;
    } else if (q === "'" && c === "'") {
      if (text[i + 1] === "'") i += 2;
      else return i + 1;
    } else if (q === '"' && c === '\\') i += 2;
    else if (q === '"' && c === '"') return i + 1;
    else i++;
  }
  return undefined;
}

/** The offset just past the bracket that closes the flow collection opened at `start`. */
function flowEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      if (documentMarkerAt(text, i + 1)) return MARKER;
      i++;
    } else if (c === "'" || c === '"') {
      const end = quotedEnd(text, i);
      if (end === undefined || end === MARKER) return end;
      i = end;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '[') {
      depth++;
      i++;
    } else if (c === '}' || c === ']') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return undefined;
}

/** Line breaks (and, in flow collections, comments) inside [start, end) become spaces. */
function join(text: string, start: number, end: number, flow: boolean): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      out += ' ';
      i++;
    } else if (flow && (c === "'" || c === '"')) {
      const found = quotedEnd(text, i);
      const close = found === undefined || found === MARKER ? end : found;
      out += join(text, i, close, false);
      i = close;
    } else if (flow && c === '#' && /\s/.test(text[i - 1] ?? '')) {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') {
        out += ' ';
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return text.slice(0, start) + out + text.slice(end);
}
