// The predefined functions of Go's text/template, with Go's behaviour and
// error texts. Each builtin receives its already evaluated arguments.

import { formatValue, sprint, sprintf, sprintln } from './fmt';
import {
  FALSE,
  GV,
  INVALID,
  Kind,
  T_UINT8,
  TRUE,
  boolV,
  compareStrings,
  intV,
  isAsciiOnly,
  mapGet,
  mapOf,
  sliceAt,
  sliceLen,
  strV,
  truth,
  unIface,
  utf8Decode,
  utf8Encode,
  utf8Len,
  zeroOf,
} from './values';

/** An error returned by a builtin; reported as `error calling NAME: MESSAGE`. */
export class BuiltinError extends Error {}

/** Parameter types: 'value' is Go's reflect.Value, 'any' is interface{}, 'string' is string. */
export type ParamType = 'value' | 'any' | 'string';

export interface Builtin {
  readonly name: string;
  /** Parameter types; for variadic functions the last entry is the element type of the `...` part. */
  readonly params: readonly ParamType[];
  readonly variadic: boolean;
  readonly fn: (args: GV[]) => GV;
}

const ZERO_VALUE_TYPE_ERR = 'reflect: call of reflect.Value.Type on zero Value';

function typeName(v: GV): string {
  if (v.t.kind === Kind.Invalid) throw new BuiltinError(ZERO_VALUE_TYPE_ERR);
  return v.t.name;
}

// ---- index / slice / len ----

function indexArg(index: GV, cap: number): number {
  let x: number;
  switch (index.t.kind) {
    case Kind.Int:
    case Kind.Int32:
    case Kind.Uint8:
      x = index.v as number;
      break;
    case Kind.Invalid:
      throw new BuiltinError('cannot index slice/array with nil');
    default:
      throw new BuiltinError(`cannot index slice/array with type ${index.t.name}`);
  }
  if (x < 0 || x > cap) throw new BuiltinError(`index out of range: ${x}`);
  return x;
}

function strLen(s: string): number {
  return isAsciiOnly(s) ? s.length : utf8Len(s);
}

function index(args: GV[]): GV {
  let item = unIface(args[0]!);
  if (item.t.kind === Kind.Invalid) throw new BuiltinError('index of untyped nil');
  for (let k = 1; k < args.length; k++) {
    const idx = unIface(args[k]!);
    item = unIface(item);
    switch (item.t.kind) {
      case Kind.Slice: {
        const n = sliceLen(item);
        const x = indexArg(idx, n);
        if (x >= n) throw new BuiltinError(`index out of range: ${x}`);
        item = sliceAt(item, x);
        break;
      }
      case Kind.String: {
        const s = item.v as string;
        const n = strLen(s);
        const x = indexArg(idx, n);
        if (x >= n) throw new BuiltinError(`index out of range: ${x}`);
        const b = isAsciiOnly(s) ? s.charCodeAt(x) : utf8Encode(s)[x];
        item = new GV(T_UINT8, b);
        break;
      }
      case Kind.Map: {
        if (idx.t.kind === Kind.Invalid) throw new BuiltinError('value is nil; should be of type string');
        if (idx.t.kind !== Kind.String) throw new BuiltinError(`value has type ${idx.t.name}; should be string`);
        const key = idx.v as string;
        item = mapOf(item).has(key) ? mapGet(item, key) : zeroOf(item.t.elem!);
        break;
      }
      case Kind.Invalid:
        // A nil interface reached inside the chain (Go: "index of nil pointer").
        throw new BuiltinError('index of nil pointer');
      default:
        throw new BuiltinError(`can't index item of type ${item.t.name}`);
    }
  }
  return item;
}

function slice(args: GV[]): GV {
  const item = unIface(args[0]!);
  if (item.t.kind === Kind.Invalid) throw new BuiltinError('slice of untyped nil');
  const nidx = args.length - 1;
  if (nidx > 3) throw new BuiltinError(`too many slice indexes: ${nidx}`);
  let cap: number;
  let len: number;
  switch (item.t.kind) {
    case Kind.String:
      if (nidx === 3) throw new BuiltinError('cannot 3-index slice a string');
      cap = len = strLen(item.v as string);
      break;
    case Kind.Slice:
      cap = len = sliceLen(item);
      break;
    default:
      throw new BuiltinError(`can't slice item of type ${item.t.name}`);
  }
  const idx: [number, number, number] = [0, len, 0];
  for (let i = 0; i < nidx; i++) idx[i] = indexArg(unIface(args[i + 1]!), cap);
  if (idx[0] > idx[1]) throw new BuiltinError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (nidx === 3 && idx[1] > idx[2]) throw new BuiltinError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (item.t.kind === Kind.String) {
    const s = item.v as string;
    if (isAsciiOnly(s)) return strV(s.slice(idx[0], idx[1]));
    return strV(utf8Decode(utf8Encode(s).slice(idx[0], idx[1])));
  }
  return new GV(item.t, (item.v as readonly unknown[]).slice(idx[0], idx[1]));
}

function length(args: GV[]): GV {
  const item = unIface(args[0]!);
  if (args[0]!.t.kind === Kind.Interface && args[0]!.v === null) throw new BuiltinError('len of nil pointer');
  switch (item.t.kind) {
    case Kind.String:
      return intV(strLen(item.v as string));
    case Kind.Slice:
      return intV(sliceLen(item));
    case Kind.Map:
      return intV(mapOf(item).size);
  }
  throw new BuiltinError(`len of type ${typeName(item)}`);
}

// ---- comparison ----

const enum BK {
  Invalid,
  Bool,
  Complex,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: GV): BK {
  switch (v.t.kind) {
    case Kind.Bool:
      return BK.Bool;
    case Kind.Int:
    case Kind.Int32:
      return BK.Int;
    case Kind.Uint8:
      return BK.Uint;
    case Kind.Float64:
      return BK.Float;
    case Kind.Complex128:
      return BK.Complex;
    case Kind.String:
      return BK.String;
  }
  return BK.Invalid;
}

function isNilValue(v: GV): boolean {
  return v.t.kind === Kind.Invalid;
}

function eq(args: GV[]): GV {
  const arg1 = unIface(args[0]!);
  if (args.length < 2) throw new BuiltinError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let i = 1; i < args.length; i++) {
    const arg = unIface(args[i]!);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === BK.Int && k2 === BK.Uint) t = (arg1.v as number) >= 0 && arg1.v === arg.v;
      else if (k1 === BK.Uint && k2 === BK.Int) t = (arg.v as number) >= 0 && arg1.v === arg.v;
      else if (arg1.t.kind !== Kind.Invalid && arg.t.kind !== Kind.Invalid) {
        throw new BuiltinError(`incompatible types for comparison: ${arg1.t.name} and ${arg.t.name}`);
      }
    } else {
      switch (k1) {
        case BK.Bool:
        case BK.Float:
        case BK.Int:
        case BK.Uint:
        case BK.String:
          t = arg1.v === arg.v;
          break;
        case BK.Complex: {
          const a = arg1.v as { re: number; im: number };
          const b = arg.v as { re: number; im: number };
          t = a.re === b.re && a.im === b.im;
          break;
        }
        default: {
          // Neither is a basic type: slices, maps, nil.
          const bothKinds = arg1.t.kind === arg.t.kind || arg1.t.kind === Kind.Invalid || arg.t.kind === Kind.Invalid;
          if (!bothKinds) {
            throw new BuiltinError(`non-comparable types ${formatValue(arg1, 's')}: ${arg1.t.name}, ${arg.t.name}: ${formatValue(arg)}`);
          }
          if (isNilValue(arg1) || isNilValue(arg)) t = isNilValue(arg) === isNilValue(arg1);
          else throw new BuiltinError(`non-comparable type ${formatValue(arg, 's')}: ${arg.t.name}`);
        }
      }
    }
    if (t) return TRUE;
  }
  return FALSE;
}

function lessThan(a0: GV, b0: GV): boolean {
  const arg1 = unIface(a0);
  const k1 = basicKind(arg1);
  if (k1 === BK.Invalid) throw new BuiltinError('invalid type for comparison');
  const arg2 = unIface(b0);
  const k2 = basicKind(arg2);
  if (k2 === BK.Invalid) throw new BuiltinError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === BK.Int && k2 === BK.Uint) return (arg1.v as number) < 0 || (arg1.v as number) < (arg2.v as number);
    if (k1 === BK.Uint && k2 === BK.Int) return (arg2.v as number) >= 0 && (arg1.v as number) < (arg2.v as number);
    throw new BuiltinError(`incompatible types for comparison: ${arg1.t.name} and ${arg2.t.name}`);
  }
  switch (k1) {
    case BK.Bool:
    case BK.Complex:
      throw new BuiltinError('invalid type for comparison');
    case BK.String:
      return compareStrings(arg1.v as string, arg2.v as string) < 0;
    default:
      return (arg1.v as number) < (arg2.v as number);
  }
}

function lt(args: GV[]): GV {
  return boolV(lessThan(args[0]!, args[1]!));
}
function le(args: GV[]): GV {
  if (lessThan(args[0]!, args[1]!)) return TRUE;
  return eq(args);
}
function gt(args: GV[]): GV {
  return boolV(!truth(le(args)));
}
function ge(args: GV[]): GV {
  return boolV(!lessThan(args[0]!, args[1]!));
}
function ne(args: GV[]): GV {
  return boolV(!truth(eq(args)));
}

// ---- escapers ----

/** Go's evalArgs: fmt.Sprint of the arguments, where a missing value prints as "<no value>". */
function evalArgs(args: GV[]): string {
  if (args.length === 1 && args[0]!.t.kind === Kind.String) return args[0]!.v as string;
  const xs = args.map((a) => (unIface(a).t.kind === Kind.Invalid ? strV('<no value>') : a));
  return sprint(xs);
}

export function htmlEscape(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    switch (c) {
      case '\0':
        out += '\ufffd';
        break;
      case '"':
        out += '&#34;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      default:
        out += c;
    }
  }
  return out;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) {
      out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    } else if (c < 0x80) {
      out += ch;
    } else if (c !== 0xfffd && (c < 0xd800 || c > 0xdfff) && (c === 0x20 || PRINTABLE.test(ch))) {
      out += ch;
    } else {
      out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    }
  }
  return out;
}

export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of utf8Encode(s)) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) {
      out += '+';
    } else {
      out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

// ---- call ----

/** Go's `call`: there are no function values in the data model, so this always fails as Go does for non-functions. */
function call(args: GV[]): GV {
  const name = args[0]!.v as string;
  const fn = unIface(args[1]!);
  if (fn.t.kind === Kind.Invalid) throw new BuiltinError('call of nil');
  throw new BuiltinError(`non-function ${name} of type ${fn.t.name}`);
}

// ---- table ----

/** The executor checks the arity against params before calling fn, so every fixed parameter is present in args. */
function mk(name: string, params: ParamType[], variadic: boolean, fn: (args: GV[]) => GV): Builtin {
  return { name, params, variadic, fn };
}

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  // and/or are evaluated lazily by the executor; these bodies are not used.
  ['and', mk('and', ['value', 'value'], true, () => INVALID)],
  ['or', mk('or', ['value', 'value'], true, () => INVALID)],
  // The executor prepends the callee's name as a string.
  ['call', mk('call', ['value', 'value'], true, call)],
  ['html', mk('html', ['any'], true, (a) => strV(htmlEscape(evalArgs(a))))],
  ['js', mk('js', ['any'], true, (a) => strV(jsEscape(evalArgs(a))))],
  ['urlquery', mk('urlquery', ['any'], true, (a) => strV(urlQueryEscape(evalArgs(a))))],
  ['index', mk('index', ['value', 'value'], true, index)],
  ['slice', mk('slice', ['value', 'value'], true, slice)],
  ['len', mk('len', ['value'], false, length)],
  ['not', mk('not', ['value'], false, (a) => boolV(!truth(a[0]!)))],
  ['print', mk('print', ['any'], true, (a) => strV(sprint(a)))],
  ['println', mk('println', ['any'], true, (a) => strV(sprintln(a)))],
  ['printf', mk('printf', ['string', 'any'], true, (a) => strV(sprintf(a[0]!.v as string, a.slice(1))))],
  ['eq', mk('eq', ['value', 'value'], true, eq)],
  ['ne', mk('ne', ['value', 'value'], false, ne)],
  ['lt', mk('lt', ['value', 'value'], false, lt)],
  ['le', mk('le', ['value', 'value'], false, le)],
  ['gt', mk('gt', ['value', 'value'], false, gt)],
  ['ge', mk('ge', ['value', 'value'], false, ge)],
]);

/** reflect.Value.String() of the value piped into `call`. */
export function reflectValueString(v: GV): string {
  const u = unIface(v);
  if (u.t.kind === Kind.String) return u.v as string;
  if (u.t.kind === Kind.Invalid) return '<invalid Value>';
  return `<${u.t.name} Value>`;
}
