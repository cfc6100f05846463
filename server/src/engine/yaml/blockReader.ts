// The syntax trees of plain block YAML, read from the `yaml` package's lexer tokens without its CST
// parser and composer: maps, sequences, single-line plain and quoted scalars, comments, `---`. That is
// nearly every file of a real workspace, and reading it this way costs a fraction of composing
// `Document`s. The trees are made of the `yaml` package's own nodes, with the values and source
// ranges its composer gives them (go-yaml's scalar types included), so everything that walks a
// composed tree walks these. Anything else (anchors, tags, flow collections, block scalars,
// multi-line scalars, empty values, directives, errors, layouts whose ranges the composer draws
// otherwise) answers undefined, and the file is composed as before (documents.ts).
import { Lexer, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { goScalar } from './goScalars';
import type { Span } from './lineIndex';

export interface BlockDocument {
  readonly span: Span;
  /** The root node; an empty (null) scalar for a document with no content. */
  readonly contents: YAMLMap | YAMLSeq | Scalar;
}

/** Not plain block YAML: the caller composes the file instead. */
class NotBlock extends Error {}

const DOCUMENT = '\x02';
const SCALAR_NEXT = '\x1f';
const FLOW_END = '\x18';

/** First characters the composer refuses in a plain scalar (resolve-flow-scalar.js). */
const BAD_PLAIN_START = new Set([',', '%', '|', '>', '@', '`']);

type TokenKind = 'space' | 'comment' | 'dash' | 'colon' | 'plain' | 'single' | 'double' | 'doc-start';

interface Open {
  readonly node: YAMLMap | YAMLSeq;
  readonly indent: number;
  readonly start: number;
}

/**
 * The documents of `text` as the composer reads them, or undefined when the text is not plain block
 * YAML. `maxDocuments`: more documents than that is also left to the composer (it stops at the cap).
 */
export function readBlockYaml(text: string, maxDocuments: number): BlockDocument[] | undefined {
  // Tabs, a carriage return that does not end a line and a byte order mark change how lines are
  // cut or indented.
  if (text.includes('\t') || /\r(?!\n)/.test(text) || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new BlockReader(text, maxDocuments).read();
  } catch (e) {
    if (e instanceof NotBlock) return undefined;
    throw e;
  }
}

function notBlock(): never {
  throw new NotBlock();
}

class BlockReader {
  private readonly docs: BlockDocument[] = [];
  // The document being read.
  private inDocument = false;
  private docStart = 0;
  private hasMarker = false;
  private root: YAMLMap | YAMLSeq | null = null;
  private readonly open: Open[] = [];
  /** A `key:` whose value is the block on the following lines. */
  private pending: { pair: Pair<Scalar, unknown>; indent: number } | null = null;
  /** Offset after the line end of the last content line: where the open collections end. */
  private contentEnd = 0;
  /** Highest column of a comment line since the last content line, -1 when none. */
  private fillerComment = -1;
  // The line being read: its tokens (kinds, sources, offsets) up to its line break.
  private readonly kinds: TokenKind[] = [];
  private readonly sources: string[] = [];
  private readonly offsets: number[] = [];
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly maxDocuments: number,
  ) {}

  read(): BlockDocument[] {
    let offset = 0;
    let scalarNext = false;
    for (const token of new Lexer().lex(this.text)) {
      if (token === DOCUMENT) {
        if (this.inDocument) notBlock(); // only after `...`, which is not plain block YAML
        this.inDocument = true;
        this.docStart = offset;
        continue;
      }
      if (token === SCALAR_NEXT) {
        scalarNext = true;
        continue;
      }
      if (token === FLOW_END) notBlock();
      if (token === '\n' || token === '\r\n' || token === '') {
        this.endLine(offset + token.length);
      } else {
        this.kinds.push(scalarNext ? 'plain' : kindOf(token));
        this.sources.push(token);
        this.offsets.push(offset);
      }
      scalarNext = false;
      offset += token.length;
    }
    if (this.kinds.length) this.endLine(offset);
    if (this.inDocument) this.endDocument(this.text.length);
    return this.docs;
  }

  private endLine(next: number): void {
    const { kinds } = this;
    let i = 0;
    // Indentation: spaces only, as the text has no tabs.
    if (kinds[0] === 'space') i = 1;
    if (i === kinds.length || (kinds[i] === 'comment' && i === kinds.length - 1)) {
      // A blank or comment-only line.
      if (i < kinds.length && this.inDocument) this.fillerComment = Math.max(this.fillerComment, this.offsets[i]! - this.lineStart);
    } else if (kinds[i] === 'doc-start') {
      if (i !== 0 || !(kinds.length === 1 || (kinds.length === 2 && kinds[1] === 'space'))) notBlock();
      this.startDocument(this.offsets[0]!);
    } else {
      if (!this.inDocument) notBlock();
      this.contentLine(i, next);
    }
    kinds.length = 0;
    this.sources.length = 0;
    this.offsets.length = 0;
    this.lineStart = next;
  }

  private startDocument(at: number): void {
    if (this.inDocument && !this.hasMarker && this.root === null && this.docStart === at) {
      // The lexer opened this document at its own `---`.
      this.hasMarker = true;
      return;
    }
    if (this.inDocument) this.endDocument(at);
    this.inDocument = true;
    this.hasMarker = true;
    this.docStart = at;
  }

  private endDocument(end: number): void {
    if (this.pending) notBlock(); // a key with an empty value
    if (this.root === null) {
      // No content: the composer's empty scalar sits right after the `---` and its spaces; with
      // comments after it, the composer draws its range otherwise.
      if (this.fillerComment >= 0 || !this.hasMarker) notBlock();
      const at = this.docStart + 3 + /^ */.exec(this.text.slice(this.docStart + 3, end))![0].length;
      const empty = new Scalar(null);
      empty.source = '';
      empty.type = 'PLAIN';
      empty.range = [at, at, at];
      if (this.docs.length === this.maxDocuments) notBlock();
      // The document ends where its empty content does: the blank lines after it are outside.
      this.docs.push({ span: [this.docStart, at], contents: empty });
      this.hasMarker = false;
      return;
    }
    this.closeDown(0, false, true);
    if (this.docs.length === this.maxDocuments) notBlock();
    this.docs.push({ span: [this.docStart, Math.max(this.docStart, end)], contents: this.root! });
    this.root = null;
    this.hasMarker = false;
    this.fillerComment = -1;
  }

  /**
   * Closes the collections a line at `column` ends. Comment lines before it stay outside every
   * collection (as the composer reads them) only when they are not indented past the line and
   * not as deep as a closing collection; anything else is left to the composer.
   */
  private closeDown(column: number, dash: boolean, all: boolean): void {
    if (this.fillerComment > column) notBlock();
    const { open } = this;
    while (open.length) {
      const top = open[open.length - 1]!;
      const closes = all || top.indent > column || (top.node instanceof YAMLSeq && top.indent === column && !dash);
      if (!closes) break;
      if (top.indent > 0 && this.fillerComment >= top.indent) notBlock();
      top.node.range = [top.start, this.contentEnd, this.contentEnd];
      open.pop();
    }
    this.fillerComment = -1;
  }

  private contentLine(i: number, lineEnd: number): void {
    const { kinds, offsets } = this;
    const column = offsets[i]! - this.lineStart;
    const dash = kinds[i] === 'dash';
    if (this.pending) {
      const { pair, indent } = this.pending;
      this.pending = null;
      this.fillerComment = -1;
      if (column < indent || (column === indent && !dash)) notBlock(); // an empty value
      const node = dash ? new YAMLSeq() : new YAMLMap();
      pair.value = node;
      this.open.push({ node, indent: column, start: offsets[i]! });
    } else {
      this.closeDown(column, dash, false);
      if (this.open.length === 0) {
        if (this.root !== null || column !== 0) notBlock();
        const node = dash ? new YAMLSeq() : new YAMLMap();
        this.root = node;
        this.open.push({ node, indent: column, start: offsets[i]! });
      }
    }
    const top = this.open[this.open.length - 1]!;
    if (top.indent !== column || dash !== top.node instanceof YAMLSeq) notBlock();
    if (dash) {
      // `- item`: a scalar, or a map whose first key is on this line.
      if (kinds[i + 1] !== 'space' || !isScalarKind(kinds[i + 2])) notBlock();
      if (kinds[i + 3] === 'colon') {
        const map = new YAMLMap();
        (top.node as YAMLSeq).items.push(map);
        this.open.push({ node: map, indent: offsets[i + 2]! - this.lineStart, start: offsets[i + 2]! });
        this.pairLine(map, i + 2, lineEnd);
      } else {
        this.lineTail(i + 3);
        (top.node as YAMLSeq).items.push(this.scalar(i + 2, lineEnd));
      }
    } else {
      if (!isScalarKind(kinds[i]) || kinds[i + 1] !== 'colon') notBlock();
      this.pairLine(top.node as YAMLMap, i, lineEnd);
    }
    this.contentEnd = lineEnd;
  }

  /** `key: value` or `key:` (its value on the next lines), the key at token `i`. */
  private pairLine(map: YAMLMap, i: number, lineEnd: number): void {
    const { kinds, offsets } = this;
    // The composer refuses an implicit key longer than 1024 characters.
    if (offsets[i + 1]! - offsets[i]! > 1024) notBlock();
    const key = this.scalar(i, offsets[i]! + this.sources[i]!.length);
    // A null key or a merge key is go-yaml's business (goYamlChecks.ts, AliasResolver).
    if (key.value === null || key.value === '<<') notBlock();
    if (kinds[i + 2] === 'space' && isScalarKind(kinds[i + 3])) {
      this.lineTail(i + 4);
      map.items.push(new Pair(key, this.scalar(i + 3, lineEnd)));
    } else {
      this.lineTail(i + 2);
      const pair = new Pair<Scalar, unknown>(key, null);
      map.items.push(pair);
      // `map` is the innermost open collection: its first key may have just opened it.
      this.pending = { pair, indent: this.open[this.open.length - 1]!.indent };
    }
  }

  /** After a line's last node: nothing, spaces, or spaces and a comment. */
  private lineTail(i: number): void {
    const { kinds } = this;
    const rest = kinds.length - i;
    if (rest === 0 || (rest === 1 && kinds[i] === 'space') || (rest === 2 && kinds[i] === 'space' && kinds[i + 1] === 'comment')) return;
    notBlock();
  }

  /** The scalar at token `i`, valued as the composer values it with go-yaml's types. */
  private scalar(i: number, end: number): Scalar {
    const source = this.sources[i]!;
    const start = this.offsets[i]!;
    let node: Scalar;
    switch (this.kinds[i]) {
      case 'plain': {
        if (source.includes('\n') || BAD_PLAIN_START.has(source[0]!)) notBlock();
        const typed = goScalar(source);
        // go-yaml refuses the non-finite numbers on the way to JSON (goYamlChecks.ts).
        if (typeof typed.value === 'number' && !Number.isFinite(typed.value)) notBlock();
        node = new Scalar(typed.kind === 'str' ? source : typed.value);
        node.source = source;
        node.type = 'PLAIN';
        break;
      }
      case 'single': {
        if (!/^'(?:[^'\n]|'')*'$/.test(source)) notBlock();
        const value = source.slice(1, -1).replace(/''/g, "'");
        node = new Scalar(value);
        node.source = value;
        node.type = 'QUOTE_SINGLE';
        break;
      }
      case 'double': {
        // Of the escapes only `\"` and `\\`: go-yaml's and the `yaml` package's others differ (goYamlChecks.ts).
        if (!/^"(?:[^"\\\n]|\\["\\])*"$/.test(source)) notBlock();
        const value = source.slice(1, -1).replace(/\\(["\\])/g, '$1');
        node = new Scalar(value);
        node.source = value;
        node.type = 'QUOTE_DOUBLE';
        break;
      }
      default:
        notBlock();
    }
    node.range = [start, start + source.length, end];
    return node;
  }
}

function isScalarKind(kind: TokenKind | undefined): boolean {
  return kind === 'plain' || kind === 'single' || kind === 'double';
}

/** The lexer's token kinds this reader knows; any other token is not plain block YAML. */
function kindOf(token: string): TokenKind {
  switch (token) {
    case '-':
      return 'dash';
    case ':':
      return 'colon';
    case '---':
      return 'doc-start';
  }
  switch (token[0]) {
    case ' ':
      return 'space';
    case '#':
      return 'comment';
    case "'":
      return 'single';
    case '"':
      return 'double';
  }
  return notBlock();
}
