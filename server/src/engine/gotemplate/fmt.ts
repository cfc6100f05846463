// Go's fmt formatting (Sprint, Sprintln, Sprintf) over the GV value model.

import { goQuote, goQuoteRune, isPrint } from './lexer';
import { Complex, GV, Kind, compareStrings, elemGV, mapOf, sliceAt, sliceLen, utf8Encode } from './values';
import type { GoValue } from './values';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function newFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    widPresent: false,
    prec: 0,
    precPresent: false,
  };
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** Argument for fmt: a Go value; null stands for a nil interface. */
type Arg = GV | null;

function concrete(v: GV | null): Arg {
  if (v === null) return null;
  if (v.t.kind === Kind.Interface) return (v.v as GV | null) ?? null;
  if (v.t.kind === Kind.Invalid) return null;
  return v;
}

class Printer {
  buf = '';
  f: Flags = newFlags();
  arg: Arg = null;

  writePadding(n: number): void {
    if (n <= 0) return;
    const c = this.f.zero && !this.f.minus ? '0' : ' ';
    this.buf += c.repeat(n);
  }

  pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = f.wid - runeCount(s);
    if (!f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (this.f.precPresent) {
      let n = this.f.prec;
      let i = 0;
      while (i < s.length && n > 0) {
        const c = s.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        n--;
      }
      return s.slice(0, i);
    }
    return s;
  }

  badVerb(verb: string, value: Arg): void {
    this.buf += '%!' + verb + '(';
    if (value !== null) {
      this.buf += value.t.name + '=';
      this.printArg(value, 'v', 0);
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
  }

  printArg(arg: Arg, verb: string, depth: number): void {
    this.arg = arg;
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.pad(depth > 0 && this.f.sharpV ? 'interface {}(nil)' : '<nil>');
      else this.badVerb(verb, null);
      return;
    }
    if (verb === 'T' && depth === 0) {
      this.fmtS(arg.t.name);
      return;
    }
    if (verb === 'p' && depth === 0) {
      this.badVerb(verb, arg);
      return;
    }
    switch (arg.t.kind) {
      case Kind.Bool:
        if (verb === 't' || verb === 'v') this.pad(arg.v ? 'true' : 'false');
        else this.badVerb(verb, arg);
        return;
      case Kind.Int:
      case Kind.Int32:
        this.fmtInteger(arg.v as number, true, verb, arg);
        return;
      case Kind.Uint8:
        this.fmtInteger(arg.v as number, false, verb, arg);
        return;
      case Kind.Float64:
        this.fmtFloatVerb(arg.v as number, verb, arg);
        return;
      case Kind.Complex128:
        this.fmtComplex(arg.v as Complex, verb, arg);
        return;
      case Kind.String:
        this.fmtString(arg.v as string, verb, arg);
        return;
      case Kind.Slice: {
        if (this.f.sharpV) {
          this.buf += arg.t.name + '{';
          const n = sliceLen(arg);
          for (let i = 0; i < n; i++) {
            if (i > 0) this.buf += ', ';
            this.printArg(concreteElem(sliceAt(arg, i)), verb, depth + 1);
          }
          this.buf += '}';
          return;
        }
        this.buf += '[';
        const n = sliceLen(arg);
        for (let i = 0; i < n; i++) {
          if (i > 0) this.buf += ' ';
          this.printArg(concreteElem(sliceAt(arg, i)), verb, depth + 1);
        }
        this.buf += ']';
        return;
      }
      case Kind.Map: {
        const m = mapOf(arg);
        const keys = [...m.keys()].sort(compareStrings);
        const elem = arg.t.elem!;
        if (this.f.sharpV) {
          this.buf += arg.t.name + '{';
          keys.forEach((k, i) => {
            if (i > 0) this.buf += ', ';
            this.printArg(new GV(keyType, k), verb, depth + 1);
            this.buf += ':';
            this.printArg(concreteElem(elemGV(m.get(k) as GoValue, elem)), verb, depth + 1);
          });
          this.buf += '}';
          return;
        }
        this.buf += 'map[';
        keys.forEach((k, i) => {
          if (i > 0) this.buf += ' ';
          this.printArg(new GV(keyType, k), verb, depth + 1);
          this.buf += ':';
          this.printArg(concreteElem(elemGV(m.get(k) as GoValue, elem)), verb, depth + 1);
        });
        this.buf += ']';
        return;
      }
      default:
        this.badVerb(verb, arg);
    }
  }

  // ---- integers ----

  fmtInteger(v: number, signed: boolean, verb: string, arg: GV): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !signed) {
          this.fmt0x64(v);
          return;
        }
        this.fmtInt(v, 10, verb, '0123456789abcdefx');
        return;
      case 'd':
        this.fmtInt(v, 10, verb, '0123456789abcdefx');
        return;
      case 'b':
        this.fmtInt(v, 2, verb, '0123456789abcdefx');
        return;
      case 'o':
      case 'O':
        this.fmtInt(v, 8, verb, '0123456789abcdefx');
        return;
      case 'x':
        this.fmtInt(v, 16, verb, '0123456789abcdefx');
        return;
      case 'X':
        this.fmtInt(v, 16, verb, '0123456789ABCDEFX');
        return;
      case 'c':
        this.pad(runeToString(v));
        return;
      case 'q': {
        let r = v;
        if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
        if (this.f.sharp && isPrint(r)) this.pad("'" + String.fromCodePoint(r) + "'");
        else this.pad(goQuoteRune(r, this.f.plus));
        return;
      }
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  fmt0x64(v: number): void {
    const sharp = this.f.sharp;
    this.f.sharp = true;
    this.fmtInt(v, 16, 'v', '0123456789abcdefx');
    this.f.sharp = sharp;
  }

  fmtInt(v: number, base: number, verb: string, digits: string): void {
    const f = this.f;
    const negative = v < 0;
    let u = Math.abs(v);
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0) {
        const oldZero = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = oldZero;
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let s = u === 0 ? '0' : '';
    if (u !== 0) {
      // Exact digits for safe integers; larger values are approximations anyway.
      let big = BigInt(u);
      const B = BigInt(base);
      while (big > 0n) {
        s = digits[Number(big % B)] + s;
        big /= B;
      }
    }
    u = 0;
    while (s.length < prec) s = '0' + s;
    if (f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (f.plus) s = '+' + s;
    else if (f.space) s = ' ' + s;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  fmtUnicode(u: number): void {
    const f = this.f;
    // Go formats the integer as a uint64: -1 is U+FFFFFFFFFFFFFFFF.
    let hex = (u < 0 ? BigInt.asUintN(64, BigInt(u)) : BigInt(u)).toString(16).toUpperCase();
    let prec = 4;
    if (f.precPresent && f.prec > 4) prec = f.prec;
    while (hex.length < prec) hex = '0' + hex;
    let s = 'U+' + hex;
    if (f.sharp && u >= 0 && u <= 0x10ffff && isPrint(u)) s += " '" + String.fromCodePoint(u) + "'";
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  // ---- floats ----

  fmtFloatVerb(v: number, verb: string, arg: GV): void {
    switch (verb) {
      case 'v':
        this.fmtFloat(v, 'g', -1);
        return;
      case 'g':
      case 'G':
        this.fmtFloat(v, verb, -1);
        return;
      case 'f':
      case 'F':
        this.fmtFloat(v, 'f', 6);
        return;
      case 'e':
      case 'E':
        this.fmtFloat(v, verb, 6);
        return;
      case 'b':
      case 'x':
      case 'X':
        this.fmtFloat(v, verb, -1);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  fmtFloat(v: number, verb: string, prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.sharp && verb !== 'b' && num[1] !== 'I' && num[1] !== 'N') num = sharpFloat(num, verb, prec);
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = f.zero;
      f.zero = false;
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.pad(num);
      f.zero = oldZero;
      return;
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  fmtComplex(c: Complex, verb: string, arg: GV): void {
    switch (verb) {
      case 'v':
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'f':
      case 'F':
      case 'e':
      case 'E': {
        const oldPlus = this.f.plus;
        this.buf += '(';
        this.fmtFloatVerb(c.re, verb, arg);
        this.f.plus = true;
        this.fmtFloatVerb(c.im, verb, arg);
        this.buf += 'i)';
        this.f.plus = oldPlus;
        return;
      }
      default:
        this.badVerb(verb, arg);
    }
  }

  // ---- strings ----

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtString(s: string, verb: string, arg: GV): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSx(s, '0123456789abcdefx');
        return;
      case 'X':
        this.fmtSx(s, '0123456789ABCDEFX');
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(goQuote(s, this.f.plus));
  }

  fmtSx(s: string, digits: string): void {
    const f = this.f;
    const b = utf8Encode(s);
    let length = b.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) width += 2;
    } else {
      if (f.widPresent) this.writePadding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    let out = '';
    if (f.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) {
        out += ' ';
        if (f.sharp) out += '0' + digits[16];
      }
      out += digits[b[i]! >> 4]! + digits[b[i]! & 0xf]!;
    }
    this.buf += out;
    if (f.widPresent && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }
}

const keyType = { kind: Kind.String, name: 'string' };

function concreteElem(v: GV): Arg {
  return concrete(v);
}

function runeToString(v: number): string {
  if (v < 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(v);
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x60 || c === 0xfeff) return false;
    if (c < 0x20 && c !== 0x09) return false;
    if (c === 0x7f) return false;
  }
  return true;
}

// ---- float formatting (strconv.FormatFloat semantics) ----

interface Digits {
  d: string; // significant digits, no leading/trailing zeros ('' for zero)
  dp: number; // decimal point position
  neg: boolean;
}

function shortestDigits(v: number): Digits {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (a === 0) return { d: '', dp: 0, neg };
  const e = a.toExponential(); // shortest round-trip digits
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  let d = m[1] + (m[2] ?? '');
  d = d.replace(/0+$/, '');
  return { d, dp: parseInt(m[3]!, 10) + 1, neg };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Exact decimal expansion of a finite double. */
function exactDigits(v: number): Digits {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (a === 0) return { d: '', dp: 0, neg };
  f64[0] = a;
  const hi = u32[LITTLE ? 1 : 0]!;
  const lo = u32[LITTLE ? 0 : 1]!;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  digits = digits.replace(/0+$/, '');
  return { d: digits, dp, neg };
}

/** Rounds to nd significant digits, ties to even on the exact value. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: x.dp, neg: x.neg };
  if (nd >= x.d.length) return x;
  const c = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (c > 5) up = true;
  else if (c < 5) up = false;
  else if (nd + 1 < x.d.length) up = true;
  else up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    let i = nd - 1;
    const arr = d.split('');
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      arr.length = Math.max(nd, 1);
      dp++;
      d = arr.join('');
    } else {
      arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
      d = arr.join('');
    }
  }
  d = d.replace(/0+$/, '');
  return { d, dp, neg: x.neg };
}

function fmtE(x: Digits, prec: number, e: string): string {
  let s = x.neg ? '-' : '';
  s += x.d.length > 0 ? x.d[0] : '0';
  if (prec > 0) {
    s += '.';
    let i = 1;
    const m = Math.min(x.d.length, prec + 1);
    if (i < m) {
      s += x.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) s += '0';
  }
  s += e;
  let exp = x.dp - 1;
  if (x.d.length === 0) exp = 0;
  if (exp < 0) {
    s += '-';
    exp = -exp;
  } else s += '+';
  s += exp < 10 ? '0' + exp : String(exp);
  return s;
}

function fmtF(x: Digits, prec: number): string {
  let s = x.neg ? '-' : '';
  if (x.dp > 0) {
    let m = Math.min(x.d.length, x.dp);
    s += x.d.slice(0, m);
    for (; m < x.dp; m++) s += '0';
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      s += j >= 0 && j < x.d.length ? x.d[j] : '0';
    }
  }
  return s;
}

/** The sign, mantissa and binary exponent of a finite double, as strconv decomposes it: v = mant * 2^(exp-52). */
function decompose(v: number): { neg: boolean; mant: bigint; exp: number } {
  f64[0] = v;
  const hi = u32[LITTLE ? 1 : 0]!;
  const lo = u32[LITTLE ? 0 : 1]!;
  const neg = hi >>> 31 === 1;
  let exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { neg, mant, exp: exp - 1023 };
}

/** strconv's %b: decimal mantissa, binary exponent (`4503599627370496p-52`). */
function fmtB(v: number): string {
  const { neg, mant, exp } = decompose(v);
  const e = exp - 52;
  return (neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + String(e);
}

const MASK64 = (1n << 64n) - 1n;

/** strconv's %x / %X: hexadecimal mantissa, binary exponent (`0x1.8p+01`), rounded to prec hex digits (ties to even). */
function fmtX(v: number, prec: number, verb: string): string {
  let { neg, mant, exp } = decompose(v);
  if (mant === 0n) exp = 0;
  mant <<= 8n; // leading 1 (if any) at bit 60
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = verb === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = (neg ? '-' : '') + '0' + verb + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  s += verb === 'X' ? 'P' : 'p';
  const e = Math.abs(exp);
  return s + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
}

/** strconv.FormatFloat(v, fmt, prec, 64) for fmt in b e E f g G x X. */
export function formatFloat(v: number, fmt: string, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (fmt === 'b') return fmtB(v);
  if (fmt === 'x' || fmt === 'X') return fmtX(v, prec, fmt);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(v);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(digs.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(digs.d.length - digs.dp, 0);
        break;
      case 'g':
      case 'G':
        prec = digs.d.length;
        break;
    }
  } else {
    const exact = exactDigits(v);
    switch (fmt) {
      case 'e':
      case 'E':
        digs = roundDigits(exact, prec + 1);
        break;
      case 'f':
        digs = roundDigits(exact, exact.dp + prec);
        if (digs.d.length === 0) digs = { d: '', dp: 0, neg: exact.neg };
        break;
      default:
        if (prec === 0) prec = 1;
        digs = roundDigits(exact, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(digs, prec, fmt);
    case 'f':
      return fmtF(digs, prec);
    default: {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > digs.d.length) prec = digs.d.length;
        return fmtE(digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = digs.d.length;
      return fmtF(digs, Math.max(prec - digs.dp, 0));
    }
  }
}

/**
 * The '#' flag for floats, on a number with its sign first: always a decimal point, and %g, %v
 * and %x keep trailing zeros up to the precision (6 when none is given). As in Go, the `x` of
 * `0x` counts as a digit, and %X keeps none.
 */
function sharpFloat(num: string, verb: string, prec: number): string {
  let digits = 0;
  if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  const hexVerb = verb === 'x' || verb === 'X';
  for (let i = 1; i < num.length; i++) {
    const c = num[i];
    if (c === '.') {
      hasPoint = true;
      continue;
    }
    if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && !hexVerb)) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    }
    if (c !== '0') sawNonzero = true;
    if (sawNonzero) digits--;
  }
  if (!hasPoint) {
    // A lone leading 0 counts once.
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  while (digits > 0) {
    num += '0';
    digits--;
  }
  return num + tail;
}

// ---- public entry points ----

function parseNum(s: string, i: number, end: number): { num: number; ok: boolean; i: number } {
  if (i >= end) return { num: 0, ok: false, i };
  let num = 0;
  let ok = false;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    if (num > 1e6) return { num: 0, ok: false, i: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    ok = true;
    i++;
  }
  return { num, ok, i };
}

function intFromArg(a: Arg[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  let num = 0;
  let isInt = false;
  if (argNum < a.length) {
    const v = a[argNum]!;
    if (v !== null && (v.t.kind === Kind.Int || v.t.kind === Kind.Int32 || v.t.kind === Kind.Uint8)) {
      num = v.v as number;
      isInt = true;
    }
    argNum++;
    if (num > 1e6 || num < -1e6) {
      num = 0;
      isInt = false;
    }
  }
  return { num, isInt, argNum };
}

export function sprintf(format: string, args: readonly (GV | null)[]): string {
  const a = args.map(concrete);
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): { argNum: number; i: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { argNum, i, found: false };
    reordered = true;
    // parseArgNumber
    let index = 0;
    let wid = 1;
    let ok = false;
    if (end - i >= 3) {
      for (let j = i + 1; j < end; j++) {
        if (format[j] === ']') {
          const pn = parseNum(format, i + 1, j);
          if (!pn.ok || pn.i !== j) {
            wid = j - i + 1;
            ok = false;
          } else {
            index = pn.num - 1;
            wid = j - i + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < a.length) return { argNum: index, i: i + wid, found: true };
    goodArgNum = false;
    return { argNum, i: i + wid, found: ok };
  };

  for (let i = 0; i < end;) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.f = newFlags();
    const f = p.f;
    let simpleDone = false;
    simple: for (; i < end; i++) {
      const c = format[i]!;
      switch (c) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          if (c >= 'a' && c <= 'z' && argNum < a.length) {
            if (c === 'v') {
              f.sharpV = f.sharp;
              f.sharp = false;
              f.plusV = f.plus;
              f.plus = false;
            }
            p.printArg(a[argNum]!, c, 0);
            argNum++;
            i++;
            simpleDone = true;
          }
          break simple;
      }
    }
    if (simpleDone) continue;

    let r = argNumber(i);
    argNum = r.argNum;
    i = r.i;
    afterIndex = r.found;

    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg(a, argNum);
      f.wid = w.num;
      f.widPresent = w.isInt;
      argNum = w.argNum;
      if (!f.widPresent) p.buf += '%!(BADWIDTH)';
      if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      const pn = parseNum(format, i, end);
      f.wid = pn.num;
      f.widPresent = pn.ok;
      i = pn.i;
      if (afterIndex && f.widPresent) goodArgNum = false;
    }

    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      r = argNumber(i);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(a, argNum);
        f.prec = w.num;
        f.precPresent = w.isInt;
        argNum = w.argNum;
        if (f.prec < 0) {
          f.prec = 0;
          f.precPresent = false;
        }
        if (!f.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const pn = parseNum(format, i, end);
        f.prec = pn.num;
        f.precPresent = pn.ok;
        i = pn.i;
        if (!f.precPresent) {
          f.prec = 0;
          f.precPresent = true;
        }
      }
    }

    if (!afterIndex) {
      r = argNumber(i);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
    }

    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      p.buf += '%';
    } else if (!goodArgNum) {
      p.buf += '%!' + verb + '(BADINDEX)';
    } else if (argNum >= a.length) {
      p.buf += '%!' + verb + '(MISSING)';
    } else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(a[argNum]!, verb, 0);
      argNum++;
    }
  }
  if (!reordered && argNum < a.length) {
    p.f = newFlags();
    p.buf += '%!(EXTRA ';
    for (let i = argNum; i < a.length; i++) {
      if (i > argNum) p.buf += ', ';
      const arg = a[i]!;
      if (arg === null) p.buf += '<nil>';
      else {
        p.buf += arg.t.name + '=';
        p.printArg(arg, 'v', 0);
      }
    }
    p.buf += ')';
  }
  return p.buf;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly (GV | null)[]): string {
  const p = new Printer();
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = concrete(args[i]!);
    const isString = arg !== null && arg.t.kind === Kind.String;
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.f = newFlags();
    p.printArg(arg, 'v', 0);
    prevString = isString;
  }
  return p.buf;
}

/** fmt.Sprintln: always spaces between operands, newline at the end. */
export function sprintln(args: readonly (GV | null)[]): string {
  const p = new Printer();
  for (let i = 0; i < args.length; i++) {
    if (i > 0) p.buf += ' ';
    p.f = newFlags();
    p.printArg(concrete(args[i]!), 'v', 0);
  }
  return p.buf + '\n';
}

/** fmt.Sprint of a single value with a verb and no flags (e.g. %v, %s in error texts). */
export function formatValue(v: GV | null, verb = 'v'): string {
  const p = new Printer();
  p.printArg(concrete(v), verb, 0);
  return p.buf;
}

/** Fast path used when printing action results: equivalent to sprint([v]). */
export function printOne(v: GV): string {
  switch (v.t.kind) {
    case Kind.String:
      return v.v as string;
    case Kind.Int:
    case Kind.Int32:
    case Kind.Uint8:
      if (Number.isSafeInteger(v.v)) return String(v.v);
      break;
    case Kind.Bool:
      return v.v ? 'true' : 'false';
  }
  return formatValue(v);
}
