// Go literal parsing as done by Go's strconv package for template constants:
// integers (base prefixes, underscores), floats (incl. hex floats), quoted
// strings and character constants. Errors carry strconv's texts.

import { utf8Decode, utf8Encode } from './values';

export class SyntaxError_ extends Error {}
const INVALID_SYNTAX = 'invalid syntax';

const MAX_INT64 = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

/** underscoreOK from strconv: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = s[1]!.toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      hex = c === 'x';
      i = 2;
      saw = '0';
    }
  }
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if ((ch >= '0' && ch <= '9') || (hex && /[a-fA-F]/.test(ch))) {
      saw = '0';
      continue;
    }
    if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64) */
export function parseUint(s: string): bigint | null {
  if (s.length === 0) return null;
  let base = 10;
  let body = s;
  let prefixed = false;
  if (s[0] === '0') {
    if (s.length >= 3 && /[bB]/.test(s[1]!)) {
      base = 2;
      body = s.slice(2);
      prefixed = true;
    } else if (s.length >= 3 && /[oO]/.test(s[1]!)) {
      base = 8;
      body = s.slice(2);
      prefixed = true;
    } else if (s.length >= 3 && /[xX]/.test(s[1]!)) {
      base = 16;
      body = s.slice(2);
      prefixed = true;
    } else {
      base = 8;
      body = s.slice(1);
      prefixed = true;
      if (body.length === 0) return 0n;
    }
  }
  let n = 0n;
  let sawUnderscore = false;
  const B = BigInt(base);
  for (const ch of body) {
    if (ch === '_') {
      sawUnderscore = true;
      continue;
    }
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return null;
    n = n * B + BigInt(d);
    if (n > MAX_UINT64) return null;
  }
  if (body.replace(/_/g, '').length === 0 && !(prefixed && base === 8 && s === '0')) return null;
  if (sawUnderscore && !underscoreOK(s)) return null;
  return n;
}

/** strconv.ParseInt(s, 0, 64) */
export function parseInt64(s: string): bigint | null {
  if (s.length === 0) return null;
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint(body);
  if (u === null) return null;
  if (!neg && u > MAX_INT64) return null;
  if (neg && u > MAX_INT64 + 1n) return null;
  return neg ? -u : u;
}

/** strconv.ParseFloat(s, 64); null on syntax error or overflow. */
export function parseFloat64(s: string): number | null {
  if (s.length === 0) return null;
  let t = s;
  let sign = 1;
  if (t[0] === '+' || t[0] === '-') {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  if (t.includes('_')) {
    if (!underscoreOK(s)) return null;
    t = t.replace(/_/g, '');
  }
  let v: number;
  if (/^0[xX]/.test(t)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(t);
    if (!m || (m[1] + (m[2] ?? '')).length === 0) return null;
    const digits = m[1] + (m[2] ?? '');
    let mant = 0n;
    for (const ch of digits) mant = mant * 16n + BigInt(parseInt(ch, 16));
    const exp = parseInt(m[3]!, 10) - 4 * (m[2] ?? '').length;
    v = Number(mant) * Math.pow(2, exp);
    if (mant > 1n << 53n) v = hexToDouble(mant, exp);
  } else {
    if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) return null;
    v = Number(t);
  }
  if (!Number.isFinite(v)) return null;
  return sign * v;
}

function hexToDouble(mant: bigint, exp: number): number {
  // Reduce the mantissa to 64 significant bits; good enough for literal constants.
  let e = exp;
  while (mant >= 1n << 64n) {
    mant >>= 1n;
    e++;
  }
  return Number(mant) * Math.pow(2, e);
}

export interface UnquotedChar {
  value: number; // code point, or a byte value when isByte
  isByte: boolean;
  tail: string;
}

/** strconv.UnquoteChar */
export function unquoteChar(s: string, quote: string): UnquotedChar {
  if (s.length === 0) throw new SyntaxError_(INVALID_SYNTAX);
  const c = s.codePointAt(0)!;
  const cw = c > 0xffff ? 2 : 1;
  if (s[0] === quote && (quote === "'" || quote === '"')) throw new SyntaxError_(INVALID_SYNTAX);
  if (s[0] !== '\\') return { value: c, isByte: false, tail: s.slice(cw) };
  if (s.length <= 1) throw new SyntaxError_(INVALID_SYNTAX);
  const e = s[1];
  let rest = s.slice(2);
  switch (e) {
    case 'a':
      return { value: 7, isByte: false, tail: rest };
    case 'b':
      return { value: 8, isByte: false, tail: rest };
    case 'f':
      return { value: 12, isByte: false, tail: rest };
    case 'n':
      return { value: 10, isByte: false, tail: rest };
    case 'r':
      return { value: 13, isByte: false, tail: rest };
    case 't':
      return { value: 9, isByte: false, tail: rest };
    case 'v':
      return { value: 11, isByte: false, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw new SyntaxError_(INVALID_SYNTAX);
      let v = 0;
      for (let j = 0; j < n; j++) {
        const d = parseInt(rest[j]!, 16);
        if (Number.isNaN(d)) throw new SyntaxError_(INVALID_SYNTAX);
        v = v * 16 + d;
      }
      rest = rest.slice(n);
      if (e === 'x') return { value: v, isByte: true, tail: rest };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError_(INVALID_SYNTAX);
      return { value: v, isByte: false, tail: rest };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = parseInt(e, 8);
      if (rest.length < 2) throw new SyntaxError_(INVALID_SYNTAX);
      for (let j = 0; j < 2; j++) {
        const d = rest.charCodeAt(j) - 0x30;
        if (d < 0 || d > 7) throw new SyntaxError_(INVALID_SYNTAX);
        v = v * 8 + d;
      }
      if (v > 255) throw new SyntaxError_(INVALID_SYNTAX);
      return { value: v, isByte: true, tail: rest.slice(2) };
    }
    case '\\':
      return { value: 0x5c, isByte: false, tail: rest };
    case "'":
    case '"':
      if (e !== quote) throw new SyntaxError_(INVALID_SYNTAX);
      return { value: e.charCodeAt(0), isByte: false, tail: rest };
    default:
      throw new SyntaxError_(INVALID_SYNTAX);
  }
}

/** strconv.Unquote for "..." and `...` strings. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxError_(INVALID_SYNTAX);
  const q = s[0];
  if (q !== s[n - 1]) throw new SyntaxError_(INVALID_SYNTAX);
  let body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError_(INVALID_SYNTAX);
    if (body.includes('\r')) body = body.replace(/\r/g, '');
    return body;
  }
  if (q !== '"' && q !== "'") throw new SyntaxError_(INVALID_SYNTAX);
  if (body.includes('\n')) throw new SyntaxError_(INVALID_SYNTAX);
  if (!body.includes('\\') && !body.includes(q)) return body;
  const bytes: number[] = [];
  let hasBytes = false;
  let out = '';
  while (body.length > 0) {
    const r = unquoteChar(body, q);
    body = r.tail;
    if (r.isByte && r.value >= 0x80) {
      hasBytes = true;
      bytes.push(r.value);
    } else if (hasBytes) {
      bytes.push(...utf8Encode(String.fromCodePoint(r.value)));
    } else {
      out += String.fromCodePoint(r.value);
    }
  }
  // Raw bytes (\xNN, \NNN >= 0x80) are decoded as UTF-8; invalid sequences become U+FFFD.
  if (hasBytes) out += utf8Decode(bytes);
  return out;
}
