// Parser for Go text/template. It follows the grammar, look-ahead and error
// reporting of Go's text/template/parse so that error texts and line numbers
// match Go's (`template: NAME:LINE: message`).

import { Item, KEYWORDS, Lexer, T, itemString, goQuote } from './lexer';
import { ArgNode, BreakNode, ChainNode, CommandNode, ContinueNode, ElseNode, EndNode, ListNode, Node, NumberNode, PipeNode, TemplateNode, VariableNode, isEmptyTree, nodeString } from './nodes';
import { DEFAULT_GO_RELEASE, GoRelease, hasElseWith } from './goRelease';
import { SyntaxError_, parseFloat64, parseInt64, parseUint, unquote, unquoteChar } from './strconv';

export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
]);

/** A keyword, a constant or a builtin function of Go's text/template. */
export function isTemplateWord(word: string): boolean {
  return (KEYWORDS.has(word) && word !== '.') || word === 'true' || word === 'false' || BUILTIN_NAMES.has(word);
}

/** Go uses 10000 (1000 on wasm); we use the wasm value to stay well within the JS stack. */
export const MAX_PAREN_DEPTH = 1000;

export class ParseError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** A parsed template body (Go's parse.Tree). */
export interface Tree {
  name: string;
  root: ListNode;
}

const EMPTY_ITEM: Item = { typ: T.EOF, pos: 0, end: 0, val: '', line: 0 };

class TreeParser {
  root: ListNode | null = null;
  private token: [Item, Item, Item] = [EMPTY_ITEM, EMPTY_ITEM, EMPTY_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    public name: string,
    readonly parseName: string,
    readonly text: string,
    readonly lex: Lexer,
    readonly treeSet: Map<string, Tree>,
    readonly release: GoRelease,
  ) {}

  // ---- token buffer (three-token look-ahead, as in Go) ----

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount]!;
  }
  backup(): void {
    this.peekCount++;
  }
  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }
  nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === T.Space);
    return t;
  }
  peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  errorf(msg: string, start: number, end: number): never {
    this.root = null;
    throw new ParseError(`template: ${this.parseName}:${this.token[0].line}: ${msg}`, start, Math.max(start, end));
  }
  expect(expected: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }
  expectOneOf(e1: T, e2: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== e1 && t.typ !== e2) this.unexpected(t, context);
    return t;
  }
  unexpected(t: Item, context: string): never {
    if (t.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(t.val + extra, t.pos, t.end);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`, t.pos, t.end);
  }

  // ---- structure ----

  add(): void {
    const tree = this.treeSet.get(this.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, { name: this.name, root: this.root! });
      return;
    }
    if (!isEmptyTree(this.root)) {
      const r = this.root!;
      this.errorf(`template: multiple definition of template ${goQuote(this.name)}`, r.pos, r.end);
    }
  }

  parse(): void {
    this.root = this.newList(this.peek().pos);
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const sub = new TreeParser('definition', this.parseName, this.text, this.lex, this.treeSet, this.release);
          sub.parseDefinition(delim.pos);
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`, n.pos, n.end);
      this.root.nodes.push(n);
      this.root.end = n.end;
    }
    const eof = this.peek();
    this.root.end = eof.pos;
  }

  parseDefinition(_start: number): void {
    const context = 'define clause';
    const name = this.expectOneOf(T.String, T.RawString, context);
    this.name = this.unquoteOrFail(name);
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`, end.pos, end.end);
    this.root = list;
    this.add();
  }

  private unquoteOrFail(t: Item): string {
    try {
      return unquote(t.val);
    } catch (e) {
      if (e instanceof SyntaxError_) this.errorf(e.message, t.pos, t.end);
      throw e;
    }
  }

  itemList(): [ListNode, EndNode | ElseNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') {
        list.end = list.nodes.length > 0 ? list.end : n.pos;
        return [list, n];
      }
      list.nodes.push(n);
      list.end = n.end;
    }
    const eof = this.peek();
    this.errorf('unexpected EOF', eof.pos, eof.end);
  }

  textOrAction(): Node | EndNode | ElseNode {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Text:
        return { type: 'text', pos: t.pos, end: t.end, text: t.val };
      case T.LeftDelim: {
        this.actionLine = t.line;
        try {
          const n = this.action();
          return n;
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  action(): Node | EndNode | ElseNode {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(t);
      case T.Continue:
        return this.continueControl(t);
      case T.Else:
        return this.elseControl(t);
      case T.End:
        return this.endControl(t);
      case T.If:
        return this.branch('if');
      case T.Range:
        return this.branch('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branch('with');
    }
    this.backup();
    const tok = this.peek();
    const pipe = this.pipeline('command', T.RightDelim);
    return { type: 'action', pos: tok.pos, end: this.lastEnd(), line: tok.line, pipe };
  }

  /** End offset of the most recently consumed token. */
  private lastEnd(): number {
    return this.token[this.peekCount]!.end;
  }

  breakControl(kw: Item): BreakNode {
    const t = this.nextNonSpace();
    if (t.typ !== T.RightDelim) this.unexpected(t, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}', kw.pos, kw.end);
    return { type: 'break', pos: kw.pos, end: t.end, line: kw.line };
  }

  continueControl(kw: Item): ContinueNode {
    const t = this.nextNonSpace();
    if (t.typ !== T.RightDelim) this.unexpected(t, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}', kw.pos, kw.end);
    return { type: 'continue', pos: kw.pos, end: t.end, line: kw.line };
  }

  pipeline(context: string, end: T): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: tok.pos, end: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        pipe.isAssign = next.typ === T.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v));
        this.vars.push(v.val);
      } else if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.typ === T.Variable || p.typ === T.RightDelim || p.typ === T.RightParen) continue decls;
          this.errorf('range can only initialize variables', p.pos, p.end);
        }
        this.errorf(`too many declarations in ${context}`, v.pos, next.end);
      } else if (tokenAfterVariable.typ === T.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context, t);
          pipe.end = pipe.cmds.length > 0 ? pipe.cmds[pipe.cmds.length - 1]!.end : t.pos;
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string, endTok: Item): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`, endTok.pos, endTok.end);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const a = pipe.cmds[i]!.args[0]!;
      switch (a.type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 1}`, a.pos, a.end);
      }
    }
  }

  branch(context: 'if' | 'range' | 'with'): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // "else if" / "else with": parse the inner control and let it consume the single {{end}}.
        if (context === 'if' && this.peek().typ === T.If) {
          this.next();
          elseList = this.newList(next.pos);
          const inner = this.branch('if');
          elseList.nodes.push(inner);
          elseList.end = inner.end;
          next = { type: 'end', pos: inner.end, end: inner.end };
        } else if (context === 'with' && this.peek().typ === T.With) {
          this.next();
          elseList = this.newList(next.pos);
          const inner = this.branch('with');
          elseList.nodes.push(inner);
          elseList.end = inner.end;
          next = { type: 'end', pos: inner.end, end: inner.end };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`, next.pos, next.end);
        }
      }
      return { type: context, pos: pipe.pos, end: next.end, line: pipe.line, pipe, list, elseList } as Node;
    } finally {
      this.vars.length = mark;
    }
  }

  endControl(kw: Item): EndNode {
    const t = this.expect(T.RightDelim, 'end');
    return { type: 'end', pos: kw.pos, end: t.end };
  }

  elseControl(kw: Item): ElseNode {
    const p = this.peekNonSpace();
    // Before Go 1.23 only "else if" leaves its keyword pending; "else with" fails below.
    if (p.typ === T.If || (p.typ === T.With && hasElseWith(this.release))) return { type: 'else', pos: kw.pos, end: kw.end, line: p.line };
    const t = this.expect(T.RightDelim, 'else');
    return { type: 'else', pos: kw.pos, end: t.end, line: t.line };
  }

  blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const pipeEnd = this.lastEnd();
    const block = new TreeParser(name, this.parseName, this.text, this.lex, this.treeSet, this.release);
    const [list, end] = block.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`, end.pos, end.end);
    block.root = list;
    block.add();
    return { type: 'template', pos: t.pos, end: Math.max(pipeEnd, end.end), line: t.line, name, pipe };
  }

  templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { type: 'template', pos: t.pos, end: this.lastEnd(), line: t.line, name, pipe };
  }

  parseTemplateName(t: Item, context: string): string {
    if (t.typ === T.String || t.typ === T.RawString) return this.unquoteOrFail(t);
    this.unexpected(t, context);
  }

  command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, end: 0, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) {
        cmd.args.push(operand);
        cmd.end = operand.end;
      }
      const t = this.next();
      if (t.typ === T.Space) continue;
      if (t.typ === T.RightDelim || t.typ === T.RightParen) this.backup();
      else if (t.typ !== T.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command', cmd.pos, cmd.pos);
    return cmd;
  }

  operand(): ArgNode | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === T.Field) {
      const start = this.peek().pos;
      const chain: ChainNode = { type: 'chain', pos: start, end: start, node, field: [] };
      while (this.peek().typ === T.Field) {
        const f = this.next();
        chain.field.push(f.val.slice(1));
        chain.end = f.end;
      }
      switch (node.type) {
        case 'field':
          node = { type: 'field', pos: node.pos, goPos: start, end: chain.end, ident: nodeString(chain).slice(1).split('.') };
          break;
        case 'variable':
          node = { type: 'variable', pos: node.pos, goPos: start, end: chain.end, ident: nodeString(chain).split('.') };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          return this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`, node.pos, chain.end);
        default:
          node = chain;
      }
    }
    return node;
  }

  term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Identifier:
        if (!BUILTIN_NAMES.has(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`, t.pos, t.end);
        return { type: 'identifier', pos: t.pos, end: t.end, ident: t.val };
      case T.Dot:
        return { type: 'dot', pos: t.pos, end: t.end };
      case T.Nil:
        return { type: 'nil', pos: t.pos, end: t.end };
      case T.Variable:
        return this.useVar(t);
      case T.Field:
        return { type: 'field', pos: t.pos, end: t.end, ident: t.val.slice(1).split('.') };
      case T.Bool:
        return { type: 'bool', pos: t.pos, end: t.end, value: t.val === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.newNumber(t);
      case T.LeftParen: {
        if (this.stackDepth >= MAX_PAREN_DEPTH) this.errorf('max expression depth exceeded', t.pos, t.end);
        this.stackDepth++;
        try {
          const p = this.pipeline('parenthesized pipeline', T.RightParen);
          p.end = this.lastEnd();
          return p;
        } finally {
          this.stackDepth--;
        }
      }
      case T.String:
      case T.RawString:
        return { type: 'string', pos: t.pos, end: t.end, quoted: t.val, text: this.unquoteOrFail(t) };
    }
    this.backup();
    return null;
  }

  useVar(t: Item): VariableNode {
    const v = this.newVariable(t);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${goQuote(v.ident[0]!)}`, t.pos, t.end);
    return v;
  }

  newVariable(t: Item): VariableNode {
    return { type: 'variable', pos: t.pos, end: t.end, ident: t.val.split('.') };
  }

  newList(pos: number): ListNode {
    return { type: 'list', pos, end: pos, nodes: [] };
  }

  newNumber(t: Item): NumberNode {
    const text = t.val;
    const n: NumberNode = {
      type: 'number',
      pos: t.pos,
      end: t.end,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int: 0n,
      uint: 0n,
      float: 0,
      complex: { re: 0, im: 0 },
      text,
    };
    const fail = (msg: string): never => this.errorf(msg, t.pos, t.end);
    if (t.typ === T.CharConstant) {
      let r;
      try {
        r = unquoteChar(text.slice(1), text[0]!);
      } catch (e) {
        if (e instanceof SyntaxError_) fail(e.message);
        throw e;
      }
      if (r.tail !== "'") fail(`malformed character constant: ${text}`);
      n.int = BigInt(r.value);
      n.isInt = true;
      n.uint = BigInt(r.value);
      n.isUint = true;
      n.float = r.value;
      n.isFloat = true;
      return n;
    }
    if (t.typ === T.Complex) {
      const m = /^([+-]?[^+-]+(?:[eE][+-][0-9_]+)?)([+-].*)i$/.exec(text);
      const re = m ? parseFloat64(m[1]!) : null;
      const im = m ? parseFloat64(m[2]!) : null;
      if (re === null || im === null) fail('expected integer');
      n.isComplex = true;
      n.complex = { re: re!, im: im! };
      simplifyComplex(n);
      return n;
    }
    if (text.endsWith('i')) {
      const f = parseFloat64(text.slice(0, -1));
      if (f !== null) {
        n.isComplex = true;
        n.complex = { re: 0, im: f };
        simplifyComplex(n);
        return n;
      }
    }
    const u = parseUint(text);
    if (u !== null) {
      n.isUint = true;
      n.uint = u;
    }
    const i = parseInt64(text);
    if (i !== null) {
      n.isInt = true;
      n.int = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float = Number(n.int);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float = Number(n.uint);
    } else {
      const f = parseFloat64(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) fail(`integer overflow: ${goQuote(text)}`);
        n.isFloat = true;
        n.float = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) fail(`illegal number syntax: ${goQuote(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex.im === 0;
  if (n.isFloat) {
    n.float = n.complex.re;
    n.isInt = Number.isInteger(n.float) && Math.abs(n.float) < 2 ** 63;
    if (n.isInt) n.int = BigInt(n.float);
    n.isUint = Number.isInteger(n.float) && n.float >= 0 && n.float < 2 ** 64;
    if (n.isUint) n.uint = BigInt(n.float);
  }
}

export interface ParsedSet {
  /** All templates of the set by name; the top-level one is under `name`. */
  trees: Map<string, Tree>;
}

/** Parses `text` as template `name` (Go: template.New(name).Parse(text)). Throws ParseError. */
export function parseSet(text: string, name: string, release: GoRelease = DEFAULT_GO_RELEASE): ParsedSet {
  const lex = new Lexer(text);
  const treeSet = new Map<string, Tree>();
  const t = new TreeParser(name, name, text, lex, treeSet, release);
  try {
    t.parse();
    t.add();
  } catch (e) {
    if (e instanceof RangeError) {
      throw new ParseError(`template: ${name}:1: template nesting too deep`, 0, text.length);
    }
    throw e;
  }
  return { trees: treeSet };
}
