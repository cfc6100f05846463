// Lexer for Go text/template source, following the token rules of Go's
// text/template/parse package (trim markers, comments, numbers, strings,
// keywords). Positions are UTF-16 offsets into the source string.

export enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Complex,
  // Keywords appear after all the rest.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export const KEYWORDS: ReadonlyMap<string, T> = new Map([
  ['.', T.Dot],
  ['block', T.Block],
  ['break', T.Break],
  ['continue', T.Continue],
  ['define', T.Define],
  ['else', T.Else],
  ['end', T.End],
  ['if', T.If],
  ['range', T.Range],
  ['nil', T.Nil],
  ['template', T.Template],
  ['with', T.With],
]);

export interface Item {
  typ: T;
  pos: number;
  end: number;
  val: string;
  line: number;
}

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const EOF_RUNE = -1;

export function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;
export function isAlphaNumeric(r: number): boolean {
  if (r < 0) return false;
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
/** unicode.IsPrint */
export function isPrint(r: number): boolean {
  if (r === 0x20) return true;
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

/** Go's %#U: U+0023 '#' */
export function fmtSharpU(r: number): string {
  let s = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  if (isPrint(r)) s += " '" + String.fromCodePoint(r) + "'";
  return s;
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && s.charCodeAt(i) === 0x2d && isSpace(s.charCodeAt(i + 1));
}
function hasRightTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && isSpace(s.charCodeAt(i)) && s.charCodeAt(i + 1) === 0x2d;
}

type State = (l: Lexer) => Item | null;

export class Lexer {
  pos = 0;
  start = 0;
  width = 0;
  parenDepth = 0;
  line = 1;
  startLine = 1;
  breakOK = true;
  continueOK = true;
  private state: State | null = lexText;

  constructor(readonly input: string) {}

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF_RUNE;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
    if (this.width === 1 && this.input.charCodeAt(this.pos) === 0x0a) this.line--;
  }

  emit(t: T): Item {
    const it: Item = { typ: t, pos: this.start, end: this.pos, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return it;
  }

  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r >= 0 && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r < 0 || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(msg: string): Item {
    this.state = null;
    return { typ: T.Error, pos: this.start, end: Math.max(this.pos, this.start), val: msg, line: this.startLine };
  }

  nextItem(): Item {
    while (this.state) {
      const st: State = this.state;
      const it = st(this);
      if (it) return it;
    }
    return { typ: T.EOF, pos: this.input.length, end: this.input.length, val: '', line: this.line };
  }

  setState(s: State | null): void {
    this.state = s;
  }

  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    if (this.input.startsWith(RIGHT, this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF_RUNE:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
      case 0x7d: // } (first rune of the right delimiter)
        return true;
    }
    return false;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return to - i;
}
function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - from;
}

function lexText(l: Lexer): Item | null {
  l.width = 0;
  const x = l.input.indexOf(LEFT, l.pos);
  if (x >= 0) {
    l.pos = x;
    let trim = 0;
    if (hasLeftTrimMarker(l.input, l.pos + LEFT.length)) trim = rightTrimLength(l.input, l.start, l.pos);
    l.pos -= trim;
    let ret: Item | null = null;
    if (l.pos > l.start) {
      l.line += countNewlines(l.input, l.start, l.pos);
      ret = l.emit(T.Text);
    }
    l.pos += trim;
    l.ignore();
    l.setState(lexLeftDelim);
    return ret;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.line += countNewlines(l.input, l.start, l.pos);
    return l.emit(T.Text);
  }
  l.setState(null);
  return l.emit(T.EOF);
}

function lexLeftDelim(l: Lexer): Item | null {
  l.pos += LEFT.length;
  const trim = hasLeftTrimMarker(l.input, l.pos);
  const after = trim ? 2 : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + after)) {
    l.pos += after;
    l.ignore();
    l.setState(lexComment);
    return null;
  }
  const it = l.emit(T.LeftDelim);
  l.setState(lexInsideAction);
  l.pos += after;
  l.ignore();
  l.parenDepth = 0;
  return it;
}

function lexComment(l: Lexer): Item | null {
  l.pos += LEFT_COMMENT.length;
  const i = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (i < 0) return l.errorf('unclosed comment');
  l.pos = i + RIGHT_COMMENT.length;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  if (trim) l.pos += 2;
  l.pos += RIGHT.length;
  if (trim) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  l.setState(lexText);
  return null;
}

function lexRightDelim(l: Lexer): Item | null {
  const trim = hasRightTrimMarker(l.input, l.pos);
  if (trim) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT.length;
  const it = l.emit(T.RightDelim);
  if (trim) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  l.setState(lexText);
  return it;
}

function lexInsideAction(l: Lexer): Item | null {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) {
      l.setState(lexRightDelim);
      return null;
    }
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF_RUNE) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    l.setState(lexSpace);
    return null;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(T.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit(T.Declare);
    case 0x7c:
      return l.emit(T.Pipe);
    case 0x22:
      l.setState(lexQuote);
      return null;
    case 0x60:
      l.setState(lexRawQuote);
      return null;
    case 0x24:
      l.setState(lexVariable);
      return null;
    case 0x27:
      l.setState(lexChar);
      return null;
    case 0x28: {
      const it = l.emit(T.LeftParen);
      l.parenDepth++;
      return it;
    }
    case 0x29: {
      const it = l.emit(T.RightParen);
      l.parenDepth--;
      // Go 1.20+ (Kuma 2.1.7 is built with Go 1.21): no rune in the text, reported before the `)` reaches the parser.
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return it;
    }
  }
  if (r === 0x2e) {
    // ".field" unless a digit follows ('.' can start a number).
    if (l.pos < l.input.length) {
      const c = l.input.charCodeAt(l.pos);
      if (c < 0x30 || c > 0x39) {
        l.setState(lexField);
        return null;
      }
    }
    l.backup();
    l.setState(lexNumber);
    return null;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    l.setState(lexNumber);
    return null;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    l.setState(lexIdentifier);
    return null;
  }
  if (r < 0x80 && r >= 0x20 && r < 0x7f) return l.emit(T.Char);
  return l.errorf(`unrecognized character in action: ${fmtSharpU(r)}`);
}

function lexSpace(l: Lexer): Item | null {
  let n = 0;
  while (isSpace(l.peek())) {
    l.next();
    n++;
  }
  // A space followed by "-}}" is the trim marker of the closing delimiter.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT, l.pos - 1 + 2)) {
    l.backup();
    if (n === 1) {
      l.setState(lexRightDelim);
      return null;
    }
  }
  l.setState(lexInsideAction);
  return l.emit(T.Space);
}

function lexIdentifier(l: Lexer): Item | null {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${fmtSharpU(r)}`);
    l.setState(lexInsideAction);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined) {
      if ((kw === T.Break && !l.breakOK) || (kw === T.Continue && !l.continueOK)) return l.emit(T.Identifier);
      return l.emit(kw);
    }
    if (word === 'true' || word === 'false') return l.emit(T.Bool);
    return l.emit(T.Identifier);
  }
}

function lexField(l: Lexer): Item | null {
  return lexFieldOrVariable(l, T.Field);
}

function lexVariable(l: Lexer): Item | null {
  if (l.atTerminator()) {
    l.setState(lexInsideAction);
    return l.emit(T.Variable);
  }
  return lexFieldOrVariable(l, T.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: T): Item | null {
  if (l.atTerminator()) {
    l.setState(lexInsideAction);
    return l.emit(typ === T.Variable ? T.Variable : T.Dot);
  }
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${fmtSharpU(r)}`);
  l.setState(lexInsideAction);
  return l.emit(typ);
}

function lexChar(l: Lexer): Item | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF_RUNE && r !== 0x0a) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF_RUNE || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  l.setState(lexInsideAction);
  return l.emit(T.CharConstant);
}

function lexNumber(l: Lexer): Item | null {
  if (!scanNumber(l)) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!scanNumber(l) || l.input.charCodeAt(l.pos - 1) !== 0x69) {
      return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    }
    l.setState(lexInsideAction);
    return l.emit(T.Complex);
  }
  l.setState(lexInsideAction);
  return l.emit(T.Number);
}

function scanNumber(l: Lexer): boolean {
  l.accept('+-');
  let digits = '0123456789_';
  if (l.accept('0')) {
    if (l.accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (l.accept('oO')) digits = '01234567_';
    else if (l.accept('bB')) digits = '01_';
  }
  l.acceptRun(digits);
  if (l.accept('.')) l.acceptRun(digits);
  if (digits.length === 11 && l.accept('eE')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  if (digits.length === 23 && l.accept('pP')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  l.accept('i');
  if (isAlphaNumeric(l.peek())) {
    l.next();
    return false;
  }
  return true;
}

function lexQuote(l: Lexer): Item | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF_RUNE && r !== 0x0a) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF_RUNE || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  l.setState(lexInsideAction);
  return l.emit(T.String);
}

function lexRawQuote(l: Lexer): Item | null {
  for (;;) {
    const r = l.next();
    if (r === EOF_RUNE) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  l.setState(lexInsideAction);
  return l.emit(T.RawString);
}

// ---- quoting (strconv.Quote) ----

export function quoteRuneBody(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + r.toString(16).padStart(2, '0');
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

/** strconv.Quote */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += quoteRuneBody(ch.codePointAt(0)!, 0x22, asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune */
export function goQuoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + quoteRuneBody(r, 0x27, asciiOnly) + "'";
}

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function itemString(it: Item): string {
  if (it.typ === T.EOF) return 'EOF';
  if (it.typ === T.Error) return it.val;
  if (it.typ > T.Keyword) return `<${it.val}>`;
  const runes = [...it.val];
  if (runes.length > 10) return goQuote(runes.slice(0, 10).join('')) + '...';
  return goQuote(it.val);
}
