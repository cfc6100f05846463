// Go text/template engine: public API.
//
//   const r = parseTemplate('{{.port}}{{.offset}}');       // template.New("").Parse(...)
//   if (r.ok) r.template.execute(new Map([['port', '80'], ['offset', '81']]));  // -> { ok: true, output: '8081' }
//
// Parse once, execute many times: the parse tree is immutable and shared.
// Data: a Map<string, string> behaves as Go's map[string]string; see values.ts
// for how other JavaScript values map to Go types.

import { ExecFailure, Executor } from './exec';
import type { Limits } from './exec';
import type { ArgNode, ListNode, Node, PipeNode } from './nodes';
import { ParseError, parseSet } from './parser';
import type { Tree } from './parser';
import { DEFAULT_GO_RELEASE, GoRelease } from './goRelease';
import { GV, toGV } from './values';
import type { GoValue } from './values';

export type { Limits } from './exec';
export { DEFAULT_GO_RELEASE, GO_RELEASES, isGoRelease } from './goRelease';
export type { GoRelease } from './goRelease';
export type { GoValue } from './values';
export { GoFloat, goFloat } from './values';
export type * from './nodes';
export { nodeString } from './nodes';

export interface TemplateError {
  kind: 'parse' | 'exec' | 'limit';
  /** Go's full error text. */
  message: string;
  /** UTF-16 offset in the template source where the problem is. */
  start: number;
  /** End offset (>= start). */
  end: number;
}

/** A data field the template reads at top level (dot = data), e.g. `.svc` or `index . "svc"`. */
export interface FieldRef {
  name: string;
  start: number;
  end: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxOutputBytes: 64 * 1024,
  maxSteps: 100_000,
  maxDepth: 100,
});

export type ExecResult = { ok: true; output: string } | { ok: false; error: TemplateError; output: string };

export interface Template {
  readonly name: string;
  readonly source: string;
  /** The parse tree; every node has `pos` (start offset) and `end`. */
  readonly root: ListNode;
  /** The Go release the template was parsed as and executes as. */
  readonly release: GoRelease;
  execute(data: GoValue, limits?: Partial<Limits>): ExecResult;
  /** Data fields the template reads, in source order. */
  fieldsRead(): FieldRef[];
}

class CompiledTemplate implements Template {
  private fields: FieldRef[] | null = null;

  constructor(
    readonly name: string,
    readonly source: string,
    readonly root: ListNode,
    private readonly trees: ReadonlyMap<string, Tree>,
    readonly release: GoRelease,
  ) {}

  execute(data: GoValue, limits?: Partial<Limits>): ExecResult {
    const lim: Limits = limits ? { ...DEFAULT_LIMITS, ...limits } : DEFAULT_LIMITS;
    const ex = new Executor(this.trees, this.name, this.source, lim, this.name, this.release);
    try {
      ex.run({ name: this.name, root: this.root }, data instanceof GV ? data : toGV(data));
      return { ok: true, output: ex.out };
    } catch (e) {
      if (e instanceof ExecFailure) {
        return { ok: false, error: { kind: e.kind, message: e.message, start: e.start, end: e.end }, output: ex.out };
      }
      if (e instanceof RangeError) {
        const message = `template: ${this.name}: executing ${JSON.stringify(this.name)}: template nesting too deep`;
        return { ok: false, error: { kind: 'limit', message, start: 0, end: this.source.length }, output: ex.out };
      }
      throw e;
    }
  }

  fieldsRead(): FieldRef[] {
    if (this.fields === null) {
      const out: FieldRef[] = [];
      collectFields(this.root, true, out);
      out.sort((a, b) => a.start - b.start);
      this.fields = out;
    }
    return this.fields.map((f) => ({ ...f }));
  }
}

/**
 * Parses a template as Go's template.New(name).Parse(source) does, in the given Go release; the
 * template then executes as that release too.
 */
export function parseTemplate(source: string, name = '', release: GoRelease = DEFAULT_GO_RELEASE): { ok: true; template: Template } | { ok: false; error: TemplateError } {
  try {
    const set = parseSet(source, name, release);
    const top = set.trees.get(name)!;
    return { ok: true, template: new CompiledTemplate(name, source, top.root, set.trees, release) };
  } catch (e) {
    if (e instanceof ParseError) {
      return { ok: false, error: { kind: 'parse', message: e.message, start: e.start, end: e.end } };
    }
    throw e;
  }
}

// ---- fieldsRead ----

function collectFields(n: Node, top: boolean, out: FieldRef[]): void {
  switch (n.type) {
    case 'list':
      for (const c of n.nodes) collectFields(c, top, out);
      return;
    case 'action':
      collectPipe(n.pipe, top, out);
      return;
    case 'if':
      collectPipe(n.pipe, top, out);
      collectFields(n.list, top, out);
      if (n.elseList) collectFields(n.elseList, top, out);
      return;
    case 'with':
    case 'range':
      // Inside the body dot is the pipeline's value; the else branch keeps the outer dot.
      collectPipe(n.pipe, top, out);
      collectFields(n.list, false, out);
      if (n.elseList) collectFields(n.elseList, top, out);
      return;
    case 'template':
      if (n.pipe) collectPipe(n.pipe, top, out);
      return;
    default:
      return;
  }
}

function collectPipe(p: PipeNode, top: boolean, out: FieldRef[]): void {
  for (const cmd of p.cmds) {
    const args = cmd.args;
    const [fn, data, key] = args;
    if (fn?.type === 'identifier' && fn.ident === 'index' && data !== undefined && isData(data, top) && key?.type === 'string') {
      out.push({ name: key.text, start: key.pos, end: key.end });
    }
    for (const a of args) collectArg(a, top, out);
  }
}

function isData(a: ArgNode, top: boolean): boolean {
  return (top && a.type === 'dot') || (a.type === 'variable' && a.ident.length === 1 && a.ident[0] === '$');
}

function collectArg(a: ArgNode, top: boolean, out: FieldRef[]): void {
  switch (a.type) {
    case 'field':
      if (top) out.push({ name: a.ident[0]!, start: a.pos, end: a.pos + 1 + a.ident[0]!.length });
      return;
    case 'variable':
      // `$.svc` always reads the data, whatever dot is.
      if (a.ident.length > 1 && a.ident[0] === '$') {
        out.push({ name: a.ident[1]!, start: a.pos, end: a.pos + 2 + a.ident[1]!.length });
      }
      return;
    case 'chain':
      collectArg(a.node, top, out);
      return;
    case 'pipe':
      collectPipe(a, top, out);
      return;
    default:
      return;
  }
}
