// Every `---` document of a YAML file, with source spans for every node. A syntax error stays
// inside its own document: the other documents of the file are still read.
import { Composer, Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, Parser } from 'yaml';
import { LineIndex, Span } from './lineIndex';

export type YamlPath = ReadonlyArray<string | number>;

export interface SyntaxProblem {
  message: string;
  span: Span;
}

export interface YamlDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  readonly span: Span;
  readonly ast: Document.Parsed;
  readonly errors: SyntaxProblem[];
  /** The document's own source text, for cheap checks such as "does this look like Kuma". */
  readonly text: string;
}

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly documents: YamlDocument[];
  /** Set when the file has more than MAX_DOCUMENTS documents: the offset where reading stopped. */
  readonly truncatedAt?: number;
}

/** Documents read per file; the rest of a larger file is not analysed (an `analysis-limit` diagnostic says so). */
export const MAX_DOCUMENTS = 10_000;

const PARSE_OPTIONS = {
  prettyErrors: false,
  keepSourceTokens: true,
  // Alias expansion is bounded so that an alias bomb costs an error, not the process.
  maxAliasCount: 1000,
  uniqueKeys: true,
  strict: true,
} as const;

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lines = new LineIndex(text);
  const lineCounter = new LineCounter();
  // parseAllDocuments, read lazily so that a file of a million `---` stops at the cap.
  const list: Document.Parsed[] = [];
  let truncatedAt: number | undefined;
  const composer = new Composer({ ...PARSE_OPTIONS, lineCounter });
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    if (list.length === MAX_DOCUMENTS) {
      truncatedAt = list[list.length - 1].range[2];
      break;
    }
    list.push(doc as Document.Parsed);
  }
  const documents: YamlDocument[] = list.map((ast, index) => {
    const span: Span = [ast.range[0], Math.max(ast.range[0], ast.range[2])];
    const errors = ast.errors.map((e) => ({ message: cleanMessage(e.message), span: clampSpan(e.pos, text.length) }));
    return { file, index, span, ast, errors, text: text.slice(span[0], span[1]) };
  });
  return { file, text, lines, documents, ...(truncatedAt !== undefined ? { truncatedAt } : {}) };
}

function cleanMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function clampSpan(pos: [number, number], length: number): Span {
  const start = Math.max(0, Math.min(pos[0], length));
  return [start, Math.max(start, Math.min(pos[1], length))];
}

/** The node at a path of map keys and sequence indexes, or undefined. */
export function nodeAt(root: unknown, path: YamlPath): Node | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (isMap(current) && typeof step === 'string') current = pairOf(current, step)?.value;
    else if (isSeq(current) && typeof step === 'number') current = current.items[step];
    else return undefined;
  }
  return current as Node | undefined;
}

export function pairOf(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && scalarKey(item) === key) return item;
  }
  return undefined;
}

export function scalarKey(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null ? '' : String(k.value);
  return undefined;
}

export function nodeSpan(node: unknown): Span | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/**
 * The span a diagnostic about `path` should cover: the whole `key: value` pair when the last
 * step is a map key (so the diagnostic starts on the key's line), the item for sequences.
 * Falls back to the nearest ancestor that exists.
 */
export function spanForPath(doc: YamlDocument, path: YamlPath, part: 'pair' | 'key' | 'value' = 'pair'): Span {
  const root = doc.ast.contents;
  for (let n = path.length; n > 0; n--) {
    const parent = nodeAt(root, path.slice(0, n - 1));
    const step = path[n - 1];
    if (isMap(parent) && typeof step === 'string') {
      const pair = pairOf(parent, step);
      if (!pair) continue;
      const keySpan = nodeSpan(pair.key);
      const valueSpan = nodeSpan(pair.value);
      if (part === 'key' && keySpan) return keySpan;
      if (part === 'value' && valueSpan) return valueSpan;
      if (keySpan) return [keySpan[0], valueSpan ? Math.max(keySpan[1], valueSpan[1]) : keySpan[1]];
      if (valueSpan) return valueSpan;
    } else if (isSeq(parent) && typeof step === 'number') {
      const span = nodeSpan(parent.items[step]);
      if (span) return span;
    }
  }
  const rootSpan = nodeSpan(root);
  return rootSpan ? [rootSpan[0], rootSpan[0]] : [doc.span[0], doc.span[0]];
}

/** Cuts a span at the end of its first line, so that a diagnostic on `key:` of a block does not underline the block. */
export function firstLineOf(doc: YamlDocument, span: Span): Span {
  const newline = doc.text.indexOf('\n', span[0] - doc.span[0]);
  // Before the `\r` of a CRLF line ending: a range must not end past its line's last character.
  const cr = newline > 0 && doc.text.charCodeAt(newline - 1) === 13 ? 1 : 0;
  const end = newline < 0 ? -1 : newline - cr + doc.span[0];
  return end >= span[0] && end < span[1] ? [span[0], end] : span;
}
