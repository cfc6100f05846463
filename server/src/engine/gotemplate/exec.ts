// Executor: walks a parse tree with Go text/template semantics (default
// missingkey option), producing output or a Go-formatted error, under
// output/step/depth limits.

import { BUILTINS, Builtin, BuiltinError, ParamType, reflectValueString } from './builtins';
import { formatValue, printOne } from './fmt';
import { DEFAULT_GO_RELEASE, GoRelease, rangesOverIntegers } from './goRelease';
import { goQuote } from './lexer';
import { ArgNode, ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode, RangeNode, TemplateNode, VariableNode, nodeString } from './nodes';
import type { Tree } from './parser';
import { GV, INVALID, Kind, MISSING, T_COMPLEX128, T_FLOAT64, boolV, intV, mapGet, mapOf, sliceAt, sliceLen, sortedKeys, strV, truth, unIface, utf8Len } from './values';

export interface Limits {
  maxOutputBytes: number;
  maxSteps: number;
  maxDepth: number;
}

export class ExecFailure {
  constructor(
    readonly kind: 'exec' | 'limit',
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
type Signal = 0 | 1 | 2;

interface Variable {
  name: string;
  value: GV;
}

function goPosOf(n: Node): number {
  return (n.type === 'field' || n.type === 'variable') && n.goPos !== undefined ? n.goPos : n.pos;
}

function lineCol(text: string, pos: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${utf8Len(text.slice(lineStart, pos))}`;
}

export class Executor {
  out = '';
  private outBytes = 0;
  private steps = 0;
  private depth = 0;
  private vars: Variable[] = [];
  private node: Node | null = null;
  private tmplName: string;

  constructor(
    private readonly trees: ReadonlyMap<string, Tree>,
    private readonly parseName: string,
    private readonly text: string,
    private readonly limits: Limits,
    startName: string,
    private readonly release: GoRelease = DEFAULT_GO_RELEASE,
  ) {
    this.tmplName = startName;
  }

  run(tree: Tree, data: GV): void {
    this.vars = [{ name: '$', value: data }];
    this.walk(data, tree.root);
  }

  // ---- errors ----

  private at(n: Node): void {
    this.node = n;
  }

  private message(msg: string): string {
    const name = goQuote(this.tmplName);
    if (this.node === null) return `template: ${this.tmplName}: ${msg}`;
    const loc = `${this.parseName}:${lineCol(this.text, goPosOf(this.node))}`;
    return `template: ${loc}: executing ${name} at <${nodeString(this.node)}>: ${msg}`;
  }

  errorf(msg: string): never {
    const n = this.node;
    throw new ExecFailure('exec', this.message(msg), n ? n.pos : 0, n ? n.end : 0);
  }

  private limit(msg: string): never {
    const n = this.node;
    let text = this.message(msg);
    if (n !== null) {
      // Keep the message readable when the node is a long text or action.
      let ctx = nodeString(n);
      if (ctx.length > 40) ctx = ctx.slice(0, 40) + '...';
      text = `template: ${this.parseName}:${lineCol(this.text, goPosOf(n))}: executing ${goQuote(this.tmplName)} at <${ctx}>: ${msg}`;
    }
    throw new ExecFailure('limit', text, n ? n.pos : 0, n ? n.end : 0);
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) this.limit(`execution exceeds ${this.limits.maxSteps} steps`);
  }

  private write(s: string): void {
    if (s.length === 0) return;
    const n = utf8Len(s);
    if (this.outBytes + n > this.limits.maxOutputBytes) this.limit(`output exceeds ${this.limits.maxOutputBytes} bytes`);
    this.outBytes += n;
    this.out += s;
  }

  // ---- variables ----

  private mark(): number {
    return this.vars.length;
  }
  private pop(mark: number): void {
    this.vars.length = mark;
  }
  private setVar(name: string, value: GV): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, value: GV): void {
    this.vars[this.vars.length - n]!.value = value;
  }
  private varValue(name: string): GV {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  private walk(dot: GV, node: Node): Signal {
    this.step();
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node);
          this.write(val.t.kind === Kind.Invalid ? '<no value>' : printOne(val));
        }
        return NORMAL;
      }
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'comment':
        return NORMAL;
      case 'if':
      case 'with': {
        const mark = this.mark();
        const val = this.evalPipeline(dot, node.pipe);
        let sig: Signal = NORMAL;
        if (truth(val)) sig = this.walk(node.type === 'with' ? val : dot, node.list);
        else if (node.elseList) sig = this.walk(dot, node.elseList);
        this.pop(mark);
        return sig;
      }
      case 'list': {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const sig = this.walk(dot, nodes[i]!);
          if (sig !== NORMAL) return sig;
        }
        return NORMAL;
      }
      case 'range':
        this.walkRange(dot, node);
        return NORMAL;
      case 'template':
        this.walkTemplate(dot, node);
        return NORMAL;
      case 'text':
        this.write(node.text);
        return NORMAL;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private oneIteration(r: RangeNode, mark: number, index: GV, elem: GV): Signal {
    this.at(r);
    this.step();
    const decl = r.pipe.decl;
    if (decl.length > 0) {
      if (r.pipe.isAssign) {
        if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index);
        else this.setVar(decl[0]!.ident[0]!, elem);
      } else this.setTopVar(1, elem);
    }
    if (decl.length > 1) {
      if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
      else this.setTopVar(2, index);
    }
    const sig = this.walk(elem, r.list);
    this.pop(mark);
    return sig;
  }

  private walkRange(dot: GV, r: RangeNode): void {
    this.at(r);
    const outer = this.mark();
    const val = unIface(this.evalPipeline(dot, r.pipe));
    const mark = this.mark();
    let ran = false;
    const integer = val.t.kind === Kind.Int || val.t.kind === Kind.Int32 || val.t.kind === Kind.Uint8;
    // Before Go 1.24 an integer falls to the default case, whatever the variables.
    if (integer && !rangesOverIntegers(this.release)) this.errorf(`range can't iterate over ${formatValue(val)}`);
    switch (val.t.kind) {
      case Kind.Int:
      case Kind.Int32:
      case Kind.Uint8: {
        if (r.pipe.decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = val.v as number;
        for (let i = 0; i < n; i++) {
          ran = true;
          if (this.oneIteration(r, mark, INVALID, new GV(val.t, i)) === BREAK) break;
        }
        break;
      }
      case Kind.Slice: {
        const n = sliceLen(val);
        for (let i = 0; i < n; i++) {
          ran = true;
          if (this.oneIteration(r, mark, intV(i), sliceAt(val, i)) === BREAK) break;
        }
        break;
      }
      case Kind.Map: {
        const keys = sortedKeys(mapOf(val));
        for (const k of keys) {
          ran = true;
          if (this.oneIteration(r, mark, strV(k), mapGet(val, k)) === BREAK) break;
        }
        break;
      }
      case Kind.Invalid:
        break;
      default:
        this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.pop(outer);
  }

  private walkTemplate(dot: GV, t: TemplateNode): void {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (tree === undefined) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= this.limits.maxDepth) this.limit(`exceeded maximum template depth (${this.limits.maxDepth})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : INVALID;
    const savedVars = this.vars;
    const savedName = this.tmplName;
    this.vars = [{ name: '$', value: newDot }];
    this.tmplName = t.name;
    this.depth++;
    this.walk(newDot, tree.root);
    this.depth--;
    this.vars = savedVars;
    this.tmplName = savedName;
  }

  // ---- evaluation ----

  private evalPipeline(dot: GV, pipe: PipeNode): GV {
    this.at(pipe);
    let value = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i]!, value);
      if (value.t.kind === Kind.Interface) value = unIface(value);
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value);
      else this.vars.push({ name: v.ident[0]!, value });
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[] | null, final: GV): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
    }
  }

  private evalCommand(dot: GV, cmd: CommandNode, final: GV): GV {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return boolV(first.value);
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return strV(first.text);
    }
  }

  private idealConstant(c: NumberNode): GV {
    this.at(c);
    if (c.isComplex) return new GV(T_COMPLEX128, c.complex);
    const isHexInt = c.text.length > 2 && c.text[0] === '0' && (c.text[1] === 'x' || c.text[1] === 'X') && !/[pP]/.test(c.text);
    const isRuneInt = c.text[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(c.text)) return new GV(T_FLOAT64, c.float);
    if (c.isInt) return intV(Number(c.int));
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return INVALID;
  }

  private evalFieldNode(dot: GV, field: FieldNode, args: readonly ArgNode[] | null, final: GV): GV {
    this.at(field);
    return this.evalFieldChain(dot, dot, field.ident, args, final);
  }

  private evalChainNode(dot: GV, chain: ChainNode, args: readonly ArgNode[] | null, final: GV): GV {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain.field, args, final);
  }

  private evalVariableNode(dot: GV, v: VariableNode, args: readonly ArgNode[] | null, final: GV): GV {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(_dot: GV, receiver: GV, ident: readonly string[], args: readonly ArgNode[] | null, final: GV): GV {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(ident[i]!, null, MISSING, receiver);
    return this.evalField(ident[n - 1]!, args, final, receiver);
  }

  private evalField(fieldName: string, args: readonly ArgNode[] | null, final: GV, receiver: GV): GV {
    if (receiver.t.kind === Kind.Invalid) return INVALID;
    const typ = receiver.t.name;
    if (receiver.t.kind === Kind.Interface) {
      if (receiver.v === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
      receiver = receiver.v as GV;
    }
    if (receiver.t.kind === Kind.Map) {
      if ((args !== null && args.length > 1) || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      return mapGet(receiver, fieldName);
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalFunction(dot: GV, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | null, final: GV): GV {
    this.at(node);
    const fn = BUILTINS.get(node.ident);
    if (fn === undefined) this.errorf(`${goQuote(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.ident, args, final);
  }

  private evalCall(dot: GV, fn: Builtin, node: Node, name: string, args: readonly ArgNode[] | null, final: GV): GV {
    const nargs = args === null ? 0 : args.length - 1; // args[0] is the function itself
    const params = fn.params;
    const hasFinal = final !== MISSING;
    const numIn = nargs + (hasFinal ? 1 : 0);
    let numFixed = nargs;
    if (fn.variadic) {
      numFixed = params.length - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${nargs}`);
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    if (name === 'and' || name === 'or') {
      const wantTrue = name === 'or';
      let v = INVALID;
      for (let i = 1; i <= nargs; i++) {
        v = this.evalArg(dot, 'value', args![i]!);
        if (truth(v) === wantTrue) return v;
      }
      if (hasFinal) v = this.validateType(final, 'value');
      return v;
    }

    const argv: GV[] = new Array<GV>(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++) argv[i] = this.evalArg(dot, params[i]!, args![i + 1]!);
    if (fn.variadic) {
      const t = params[params.length - 1]!;
      for (; i < nargs; i++) argv[i] = this.evalArg(dot, t, args![i + 1]!);
    }
    if (hasFinal) {
      let t = params[params.length - 1]!;
      if (fn.variadic && numIn - 1 < numFixed) t = params[numIn - 1]!;
      argv[i] = this.validateType(final, t);
    }
    if (name === 'call') {
      const callee = nargs === 0 ? reflectValueString(final) : nodeString(args![1]!);
      argv.unshift(strV(callee));
    }
    let result: GV;
    try {
      result = fn.fn(argv);
    } catch (e) {
      if (e instanceof BuiltinError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
    if (result.t.kind === Kind.String && (result.v as string).length > this.limits.maxOutputBytes) {
      this.at(node);
      this.limit(`value exceeds ${this.limits.maxOutputBytes} bytes`);
    }
    return result;
  }

  private validateType(value: GV, typ: ParamType | null): GV {
    if (value.t.kind === Kind.Invalid) {
      if (typ === 'string') this.errorf('invalid value; expected string');
      return INVALID;
    }
    if (typ !== 'string') return value;
    if (value.t.kind === Kind.String) return value;
    if (value.t.kind === Kind.Interface && value.v !== null) {
      const inner = value.v as GV;
      if (inner.t.kind === Kind.String) return inner;
      this.errorf(`wrong type for value; expected string; got ${inner.t.name}`);
    }
    this.errorf(`wrong type for value; expected string; got ${value.t.name}`);
  }

  private evalArg(dot: GV, typ: ParamType | null, n: ArgNode): GV {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'string') this.errorf('cannot assign nil to string');
        return INVALID;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    if (typ === 'string') {
      if (n.type === 'string') return strV(n.text);
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    switch (n.type) {
      case 'bool':
        return boolV(n.value);
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return strV(n.text);
    }
  }
}

export type { ListNode };
