// Go value model used by the template engine.
//
// Input data (GoValue) is plain JavaScript; it is converted lazily into GV
// instances that carry a Go type, so that error messages can name Go types
// exactly ("can't evaluate field y in type string").
//
// Conversion rules for input data:
//   string                         -> string
//   number, Number.isInteger(n)    -> int        (e.g. 80, -1, 0)
//   number, otherwise (1.5, NaN)   -> float64
//   GoFloat(n)                     -> float64    (use goFloat(2) for a float with an integral value)
//   boolean                        -> bool
//   null / undefined               -> nil (an untyped nil / "no value")
//   array                          -> []interface {}
//   Map whose values are all strings (also an empty Map) -> map[string]string  (the Kuma case)
//   any other Map<string, GoValue> -> map[string]interface {}
// Ints are JavaScript numbers: integers beyond 2^53 lose precision.

export class GoFloat {
  constructor(readonly value: number) {}
}
export function goFloat(n: number): GoFloat {
  return new GoFloat(n);
}

export type GoValue = string | number | boolean | null | undefined | GoFloat | GV | readonly GoValue[] | ReadonlyMap<string, GoValue>;

export enum Kind {
  Invalid,
  Bool,
  Int,
  Int32,
  Uint8,
  Float64,
  Complex128,
  String,
  Slice,
  Map,
  Interface,
}

export interface GoType {
  readonly kind: Kind;
  readonly name: string;
  readonly elem?: GoType;
}

export const T_INVALID: GoType = { kind: Kind.Invalid, name: '<invalid>' };
export const T_BOOL: GoType = { kind: Kind.Bool, name: 'bool' };
export const T_INT: GoType = { kind: Kind.Int, name: 'int' };
export const T_UINT8: GoType = { kind: Kind.Uint8, name: 'uint8' };
export const T_FLOAT64: GoType = { kind: Kind.Float64, name: 'float64' };
export const T_COMPLEX128: GoType = { kind: Kind.Complex128, name: 'complex128' };
export const T_STRING: GoType = { kind: Kind.String, name: 'string' };
export const T_IFACE: GoType = { kind: Kind.Interface, name: 'interface {}' };
export const T_SLICE_IFACE: GoType = { kind: Kind.Slice, name: '[]interface {}', elem: T_IFACE };
export const T_MAP_STRING: GoType = { kind: Kind.Map, name: 'map[string]string', elem: T_STRING };
export const T_MAP_IFACE: GoType = { kind: Kind.Map, name: 'map[string]interface {}', elem: T_IFACE };

export interface Complex {
  re: number;
  im: number;
}

/** A Go value: a type plus a payload.
 *  bool: boolean; int kinds and float64: number; complex128: Complex; string: string;
 *  slice: readonly GoValue[] (raw elements, converted on access); map: ReadonlyMap<string, GoValue>;
 *  interface {}: the contained GV, or null for a nil interface. */
export class GV {
  constructor(
    readonly t: GoType,
    readonly v: unknown,
  ) {}
}

/** The invalid reflect.Value: untyped nil / missing map entry ("<no value>"). */
export const INVALID = new GV(T_INVALID, null);
/** Marker for "no value piped into this command" (never visible to templates). */
export const MISSING = new GV(T_INVALID, 'missing');
export const TRUE = new GV(T_BOOL, true);
export const FALSE = new GV(T_BOOL, false);
export const NIL_IFACE = new GV(T_IFACE, null);

export function boolV(b: boolean): GV {
  return b ? TRUE : FALSE;
}
export function intV(n: number): GV {
  return new GV(T_INT, n);
}
export function strV(s: string): GV {
  return new GV(T_STRING, s);
}

/** Converts input data into a Go value. */
export function toGV(x: GoValue): GV {
  if (x instanceof GV) return x;
  switch (typeof x) {
    case 'string':
      return new GV(T_STRING, x);
    case 'number':
      return Number.isInteger(x) ? new GV(T_INT, x === 0 ? 0 : x) : new GV(T_FLOAT64, x);
    case 'boolean':
      return x ? TRUE : FALSE;
    case 'undefined':
      return INVALID;
  }
  if (x === null) return INVALID;
  if (x instanceof GoFloat) return new GV(T_FLOAT64, x.value);
  if (Array.isArray(x)) return new GV(T_SLICE_IFACE, x);
  if (x instanceof Map) {
    for (const v of x.values()) {
      if (typeof v !== 'string') return new GV(T_MAP_IFACE, x);
    }
    return new GV(T_MAP_STRING, x);
  }
  // Anything else (plain objects, functions, ...) is not part of the model: nil.
  return INVALID;
}

/** Converts a raw element stored in a slice or map with element type `elem`. */
export function elemGV(raw: GoValue | undefined, elem: GoType): GV {
  if (elem.kind === Kind.Interface) {
    const inner = raw === undefined || raw === null ? null : toGV(raw);
    return new GV(T_IFACE, inner === INVALID ? null : inner);
  }
  if (elem.kind === Kind.String) return new GV(T_STRING, typeof raw === 'string' ? raw : '');
  return toGV(raw as GoValue);
}

/** Zero value of a type (for index of a missing map key). */
export function zeroOf(t: GoType): GV {
  switch (t.kind) {
    case Kind.String:
      return new GV(T_STRING, '');
    case Kind.Interface:
      return NIL_IFACE;
    case Kind.Bool:
      return FALSE;
    case Kind.Int:
    case Kind.Int32:
    case Kind.Uint8:
    case Kind.Float64:
      return new GV(t, 0);
    default:
      return INVALID;
  }
}

/** indirectInterface: the concrete value inside an interface, or INVALID for a nil interface. */
export function unIface(v: GV): GV {
  if (v.t.kind !== Kind.Interface) return v;
  return (v.v as GV | null) ?? INVALID;
}

export function sliceLen(v: GV): number {
  return (v.v as readonly unknown[]).length;
}
export function sliceAt(v: GV, i: number): GV {
  return elemGV((v.v as readonly GoValue[])[i], v.t.elem!);
}
export function mapOf(v: GV): ReadonlyMap<string, GoValue> {
  return v.v as ReadonlyMap<string, GoValue>;
}
/** Map lookup strictly through Map.get: keys never touch JS object properties. */
export function mapGet(v: GV, key: string): GV {
  const m = mapOf(v);
  if (!m.has(key)) return INVALID;
  return elemGV(m.get(key), v.t.elem!);
}

/** Go string comparison (byte order of UTF-8 == code point order). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates encode code points above U+FFFF: they sort after U+E000..U+FFFF.
    if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x2000;
    else if (ca >= 0xe000) ca -= 0x800;
    if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x2000;
    else if (cb >= 0xe000) cb -= 0x800;
    return ca < cb ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function sortedKeys(m: ReadonlyMap<string, unknown>): string[] {
  return [...m.keys()].sort(compareStrings);
}

/** Truth in the sense of if/with/and/or/not. */
export function truth(v0: GV): boolean {
  const v = unIface(v0);
  switch (v.t.kind) {
    case Kind.Invalid:
      return false;
    case Kind.Bool:
      return v.v as boolean;
    case Kind.Int:
    case Kind.Int32:
    case Kind.Uint8:
    case Kind.Float64:
      return (v.v as number) !== 0;
    case Kind.Complex128: {
      const c = v.v as Complex;
      return c.re !== 0 || c.im !== 0;
    }
    case Kind.String:
      return (v.v as string).length > 0;
    case Kind.Slice:
      return sliceLen(v) > 0;
    case Kind.Map:
      return mapOf(v).size > 0;
    default:
      return true;
  }
}

// ---- UTF-8 helpers (Go strings are bytes) ----

export function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** Decodes UTF-8 bytes; each invalid byte becomes U+FFFD (as Go's range over string does). */
export function utf8Decode(b: readonly number[]): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c < 0x80) {
      s += String.fromCharCode(c);
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      s += '\ufffd';
      i++;
      continue;
    }
    let ok = true;
    let j = 1;
    for (; ok && j <= need; j++) {
      const d = b[i + j];
      if (d === undefined || (d & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (d & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      s += '\ufffd';
      i++;
      continue;
    }
    s += String.fromCodePoint(cp);
    i += need + 1;
  }
  return s;
}

/** The bytes of a Go string, for byte-indexed operations. */
export function isAsciiOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
