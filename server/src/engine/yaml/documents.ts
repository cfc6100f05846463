// Every `---` document of a YAML file, with source spans for every node. A syntax error stays
// inside its own document: the other documents of the file are still read.
import { Composer, Document, isMap, isPair, isScalar, isSeq, Node, Pair, Parser, Scalar } from 'yaml';
import { goAccepts, goYamlProblems } from './goYamlChecks';
import { goFloatKey, goScalar, goYamlTags } from './goScalars';
import { findPlaceholders, maskPlaceholders } from '../templates/placeholders';
import { readBlockYaml } from './blockReader';
import { LineIndex, Span } from './lineIndex';
import { Reread, rereadUnderIndented } from './underIndented';

export type YamlPath = ReadonlyArray<string | number>;

export interface SyntaxProblem {
  message: string;
  span: Span;
}

/**
 * The same path text for every document: tens of thousands of dataplanes ask for the same few
 * hundred paths, and one shared string per path keeps their remembered spans small. Bounded, so
 * that unusual input cannot grow it without end; past the bound keys are simply not shared.
 */
const SPAN_KEYS = new Map<string, string>();
const SPAN_KEYS_MAX = 65536;

function internSpanKey(key: string): string {
  const shared = SPAN_KEYS.get(key);
  if (shared !== undefined) return shared;
  if (SPAN_KEYS.size < SPAN_KEYS_MAX) SPAN_KEYS.set(key, key);
  return key;
}

/**
 * A remembered span as one number, start * 2^26 + length, when both fit (then the number is exact):
 * a two-number array costs 64 bytes and L remembers 224,000 spans. Otherwise the span itself.
 */
export type RememberedSpan = number | Span;
const SPAN_PACK = 2 ** 26;

export function packSpan(span: Span): RememberedSpan {
  const [start, end] = span;
  const length = end - start;
  const fits = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < SPAN_PACK && length >= 0 && length < SPAN_PACK;
  return fits ? start * SPAN_PACK + length : span;
}

export function unpackSpan(remembered: RememberedSpan): Span {
  if (typeof remembered !== 'number') return remembered;
  const start = Math.floor(remembered / SPAN_PACK);
  return [start, start + (remembered - start * SPAN_PACK)];
}

/**
 * One `---` document. Its syntax tree is built on demand and kept in a bounded cache: the engine
 * keeps the resources it read from a file, not the file's tree, so a large workspace costs its
 * text and its resources, and a tree is rebuilt (from the kept text) only when something asks.
 */
export class YamlDocument {
  /** The document's own source text, for cheap checks such as "does this look like Kuma". */
  readonly text: string;
  /** Spans found by `spanForPath`, by part and path (packed: see `packSpan`). */
  readonly spans = new Map<string, RememberedSpan>();

  constructor(
    private readonly owner: ParsedFile,
    /** 0-based position of the document in its file. */
    readonly index: number,
    readonly span: Span,
    readonly errors: SyntaxProblem[],
    spans?: readonly (readonly [string, RememberedSpan])[],
  ) {
    this.text = owner.text.slice(span[0], span[1]);
    if (spans) for (const [k, v] of spans) this.spans.set(internSpanKey(k), v);
  }

  get file(): string {
    return this.owner.file;
  }

  get ast(): Document.Parsed {
    return this.owner.treeOf(this.index);
  }

  /**
   * The root node to read values and spans from: the block reader's tree while it is at hand
   * (the same nodes, values and ranges as the composed tree), else the composed one. `document`
   * resolves aliases and merge keys, which a block tree has none of.
   */
  tree(): { contents: unknown; document?: Document.Parsed } {
    const block = BLOCK_TREES.get(this.owner);
    if (block) return { contents: block[this.index] };
    const document = this.ast;
    return { contents: document.contents, document };
  }
}

export interface DocumentParts {
  readonly documents: readonly { index: number; span: Span; errors: SyntaxProblem[]; spans?: readonly (readonly [string, RememberedSpan])[] }[];
  readonly truncatedAt?: number;
}

/**
 * How a file is read: 'block' tries the block reader (blockReader.ts) and composes only what it
 * leaves; 'composed' always composes (the reference the block reader is tested against).
 */
export type YamlReader = 'block' | 'composed';

export class ParsedFile {
  readonly documents: YamlDocument[] = [];
  /** Set when the file has more than MAX_DOCUMENTS documents: the offset where reading stopped. */
  readonly truncatedAt?: number;
  /** Which reader read the file ('parts' when it was taken from another thread). */
  readonly readBy: YamlReader | 'parts';
  private lineIndex?: LineIndex;

  /** Parses `text`; with `parts`, takes the documents as another thread read them, without parsing. */
  constructor(
    readonly file: string,
    readonly text: string,
    parts?: DocumentParts,
    reader: YamlReader = 'block',
  ) {
    if (parts) {
      this.readBy = 'parts';
      if (parts.truncatedAt !== undefined) this.truncatedAt = parts.truncatedAt;
      for (const d of parts.documents) this.documents.push(new YamlDocument(this, d.index, d.span, d.errors, d.spans));
      return;
    }
    // Placeholders are masked before composing; a file with them is left to the composer.
    const blocks = reader === 'block' && findPlaceholders(text).length === 0 ? readBlockYaml(text, MAX_DOCUMENTS) : undefined;
    if (blocks) {
      this.readBy = 'block';
      blocks.forEach((b, index) => this.documents.push(new YamlDocument(this, index, b.span, [])));
      BLOCK_TREES.set(
        this,
        blocks.map((b) => b.contents),
      );
      return;
    }
    this.readBy = 'composed';
    // `--var` placeholders are read as stand-ins of the same length (templates/placeholders.ts).
    const trees = composeDocuments(maskPlaceholders(text));
    if (trees.truncatedAt !== undefined) this.truncatedAt = trees.truncatedAt;
    trees.list.forEach((ast, index) => {
      const span: Span = [ast.range[0], Math.max(ast.range[0], ast.range[2])];
      const errors = ast.errors.map((e) => ({ message: cleanMessage(e.message), span: clampSpan(e.pos, text.length) }));
      this.documents.push(new YamlDocument(this, index, span, errors));
    });
    TREES.set(this, trees.list);
  }

  /** What it takes to rebuild this file elsewhere without parsing it again. */
  parts(): DocumentParts {
    return {
      documents: this.documents.map((d) => ({ index: d.index, span: d.span, errors: d.errors, spans: [...d.spans] })),
      ...(this.truncatedAt !== undefined ? { truncatedAt: this.truncatedAt } : {}),
    };
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** The syntax tree of document `index`, parsed again if the cache let it go. */
  treeOf(index: number): Document.Parsed {
    let list = TREES.get(this);
    if (!list) {
      list = composeDocuments(maskPlaceholders(this.text)).list;
      TREES.set(this, list);
    }
    return list[index]!; // index is one of this file's documents, parsed from the same masked text
  }
}

/** Documents read per file; the rest of a larger file is not analysed (an `analysis-limit` diagnostic says so). */
export const MAX_DOCUMENTS = 10_000;

const PARSE_OPTIONS = {
  prettyErrors: false,
  // Warnings such as "keys with collection values will be stringified" are not ours to print.
  logLevel: 'error',
  // Alias expansion is bounded so that an alias bomb costs an error, not the process.
  maxAliasCount: 1000,
  // go-yaml v2 (sigs.k8s.io/yaml) keeps the last of duplicate keys; `pairOf` does too.
  uniqueKeys: false,
  strict: true,
  // Plain scalars typed as go-yaml v2 types them (YAML 1.1 booleans, octal...).
  customTags: goYamlTags as never,
} as const;

/** A small most-recently-used cache of syntax trees, by file. */
class TreeCache<T> {
  private readonly map = new Map<ParsedFile, T[]>();

  constructor(private readonly capacity: number) {}

  /** The most recently used file: asked for again and again while it is analysed. */
  private newest?: ParsedFile;

  get(file: ParsedFile): T[] | undefined {
    if (file === this.newest) return this.map.get(file);
    const list = this.map.get(file);
    if (list) {
      this.map.delete(file);
      this.map.set(file, list);
      this.newest = file;
    }
    return list;
  }

  set(file: ParsedFile, list: T[]): void {
    this.map.delete(file);
    this.map.set(file, list);
    this.newest = file;
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}

const TREES = new TreeCache<Document.Parsed>(128);
/**
 * Block readers' trees, kept only while the file is analysed: a file is analysed right after it is
 * read, and a tree let go is composed again (to the same nodes) if anything asks later.
 */
const BLOCK_TREES = new TreeCache<unknown>(4);

export function parseYamlFile(file: string, text: string, reader: YamlReader = 'block'): ParsedFile {
  return new ParsedFile(file, text, undefined, reader);
}

/**
 * parseAllDocuments as go-yaml reads the text, read lazily so that a file of a million `---` stops
 * at the cap. When the `yaml` package finds errors, constructs go-yaml reads across under-indented
 * lines are re-read and the text parsed again (so a clean file is parsed once); go-yaml's own
 * verdicts are then added to each document's errors.
 */
function composeDocuments(text: string): { list: Document.Parsed[]; truncatedAt?: number } {
  const first = composeText(text);
  if (!first.list.some((d) => d.errors.length > 0)) return finish(first, text, NOTHING_REREAD);
  const reread = rereadUnderIndented(text);
  if (reread.joined.length === 0 && reread.cut.length === 0) return finish(first, text, reread);
  return finish(composeText(reread.text), text, reread);
}

const NOTHING_REREAD: Reread = { text: '', joined: [], open: [], cut: [] };

function composeText(text: string): { list: Document.Parsed[]; truncatedAt?: number } {
  const list: Document.Parsed[] = [];
  const composer = new Composer(PARSE_OPTIONS);
  for (const doc of composer.compose(new Parser().parse(text))) {
    if (list.length === MAX_DOCUMENTS) return { list, truncatedAt: list[list.length - 1]!.range[2] };
    list.push(doc as Document.Parsed);
  }
  return { list };
}

function finish(trees: { list: Document.Parsed[]; truncatedAt?: number }, text: string, reread: Reread): { list: Document.Parsed[]; truncatedAt?: number } {
  trees.list.forEach((doc, i) => {
    const previous = i > 0 ? trees.list[i - 1] : undefined;
    asGoYamlReadsIt(doc, text, reread, previous);
    // After a `...` end marker, a document without its own `---` is in the same chunk kubectl
    // and kumactl cut at `---` lines, and go-yaml reads only the first document of a chunk.
    if (previous && !doc.directives.docStart) {
      doc.contents = null;
      doc.errors.length = 0;
    }
  });
  return trees;
}

type MutableErrors = { code: string; message: string; pos: [number, number] }[];

function asGoYamlReadsIt(doc: Document.Parsed, text: string, reread: Reread, previous?: Document.Parsed): void {
  const { joined, open } = reread;
  const errors = doc.errors as unknown as MutableErrors;
  let kept = errors.filter((e) => !goAccepts(e.code, e.message, e.pos, text));
  for (const at of reread.cut) {
    if (at >= doc.range[0] && at < doc.range[2]) kept.push({ code: 'MISSING_CHAR', message: `Missing closing ${text[at]}quote`, pos: [at, at + 1] });
  }
  for (const e of kept) {
    // An unclosed quote or flow collection is reported where it opens, not where reading stopped
    // (often the next document's `---`), and belongs to the document it opens in.
    if (!/^Missing closing|^Flow (map|sequence) in block collection/.test(e.message)) continue;
    const opening = nearestBefore(open, e.pos[0], previous ? previous.range[0] : 0);
    if (opening !== undefined) e.pos = [opening, opening + 1];
  }
  if (previous) {
    const moved = kept.filter((e) => e.pos[0] < doc.range[0] && e.pos[0] >= previous.range[0]);
    if (moved.length > 0) {
      (previous.errors as unknown as MutableErrors).push(...moved);
      kept = kept.filter((e) => !moved.includes(e));
    }
  }
  for (const p of goYamlProblems(doc, text, joined)) kept.push({ code: 'GO_YAML', message: p.message, pos: p.pos });
  errors.length = 0;
  errors.push(...kept.sort((a, b) => a.pos[0] - b.pos[0]));
}

function nearestBefore(offsets: readonly number[], at: number, min: number): number | undefined {
  let best: number | undefined;
  for (const o of offsets) if (o >= min && o <= at && (best === undefined || o > best)) best = o;
  return best;
}

function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
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

/** The pair of `key`; of duplicate keys the last, whose value go-yaml keeps. */
export function pairOf(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (let i = map.items.length - 1; i >= 0; i--) {
    const item = map.items[i];
    if (isPair(item) && scalarKey(item) === key) return item;
  }
  return undefined;
}

/** A scalar key as sigs.k8s.io/yaml names it in JSON: `yes` is "true", `0x10` is "16", `1e6` is "1e+06". */
export function scalarKey(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (!isScalar(k)) return undefined;
  if (k.value === null) return '';
  if (typeof k.value === 'number' && isFloatKey(k)) return goFloatKey(k.value);
  return String(k.value);
}

function isFloatKey(k: Scalar): boolean {
  if (!Number.isFinite(k.value as number)) return true;
  if (k.tag === 'tag:yaml.org,2002:float') return true;
  return !k.tag && goScalar(String(k.source ?? '')).kind === 'float';
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
  // Remembered per document, so that asking again (or after the tree was let go) parses nothing.
  const key = internSpanKey(`${part}\u0001${path.join('\u0000')}`);
  const known = doc.spans.get(key);
  if (known !== undefined) return unpackSpan(known);
  const span = findSpan(doc, path, part);
  doc.spans.set(key, packSpan(span));
  return span;
}

/**
 * `spanForPath(doc, [...mapPath, key], 'key')` for each of `keys`, remembered the same way, with
 * the map found once instead of once per key (a dataplane's inbound tags are most of the spans a
 * workspace remembers). A key whose pair is not in that map takes `spanForPath`'s own fallback.
 */
export function rememberKeySpans(doc: YamlDocument, mapPath: YamlPath, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const prefix = mapPath.length > 0 ? `key\u0001${mapPath.join('\u0000')}\u0000` : 'key\u0001';
  let map: unknown;
  let found = false;
  for (const key of keys) {
    const spanKey = internSpanKey(prefix + key);
    if (doc.spans.has(spanKey)) continue;
    if (!found) {
      map = nodeAt(doc.tree().contents, mapPath);
      found = true;
    }
    const keySpan = isMap(map) ? nodeSpan(pairOf(map, key)?.key) : undefined;
    if (keySpan) doc.spans.set(spanKey, packSpan(keySpan));
    else spanForPath(doc, [...mapPath, key], 'key');
  }
}

function findSpan(doc: YamlDocument, path: YamlPath, part: 'pair' | 'key' | 'value'): Span {
  const root = doc.tree().contents;
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
