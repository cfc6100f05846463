// Offsets inside a scalar's decoded value -> offsets in the YAML source. Quoting shifts offsets:
// `"a\u00e9b"` decodes to three characters from nine, `'it''s'` to four from six, and folded
// lines turn a line break and indentation into one space. Pure.
import { Scalar } from 'yaml';

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/**
 * For a scalar written as `raw` (its source text, quotes included), the source offset (relative
 * to the start of `raw`) of every decoded UTF-16 unit, plus one entry for the end of the value.
 */
export function scalarOffsetMap(raw: string, style: ScalarStyle): number[] {
  return decodeWithOffsets(raw, style).map;
}

/** The value of a quoted or plain scalar written as `raw` (folded lines, escapes), as go-yaml decodes it. */
export function decodeFlowScalar(raw: string, style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE'): string {
  return decodeWithOffsets(raw, style).out.join('');
}

function decodeWithOffsets(raw: string, style: ScalarStyle): { map: number[]; out: string[] } {
  const map: number[] = [];
  const out: string[] = [];
  const emit = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) {
      out.push(s[k]!);
      map.push(at);
    }
  };
  const fold = (i: number): number => {
    // At a line break inside a flow scalar: trailing blanks are dropped, one break becomes a
    // space, n breaks become n-1 newlines, and the next line's indentation is dropped.
    while (out.length && (out[out.length - 1] === ' ' || out[out.length - 1] === '\t') && map[map.length - 1]! < i) {
      out.pop();
      map.pop();
    }
    let breaks = 0;
    let j = i;
    while (j < raw.length && (raw[j] === '\n' || raw[j] === '\r' || raw[j] === ' ' || raw[j] === '\t')) {
      if (raw[j] === '\n') breaks++;
      j++;
    }
    if (breaks <= 1) emit(' ', i);
    else emit('\n'.repeat(breaks - 1), i);
    return j;
  };
  if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') {
    const q = style === 'QUOTE_DOUBLE' ? '"' : "'";
    const close = raw.lastIndexOf(q);
    const end = close > 0 ? close : raw.length;
    let i = 1;
    while (i < end) {
      const c = raw[i]!;
      if (c === '\r' || c === '\n') {
        i = fold(i);
        continue;
      }
      if (style === 'QUOTE_SINGLE') {
        if (c === "'" && raw[i + 1] === "'") {
          emit("'", i);
          i += 2;
        } else {
          emit(c, i);
          i++;
        }
        continue;
      }
      if (c !== '\\') {
        emit(c, i);
        i++;
        continue;
      }
      const e = raw[i + 1];
      const simple: Record<string, string> = {
        '0': '\0',
        a: '\x07',
        b: '\b',
        t: '\t',
        '\t': '\t',
        n: '\n',
        v: '\v',
        f: '\f',
        r: '\r',
        e: '\x1b',
        ' ': ' ',
        '"': '"',
        "'": "'",
        '/': '/',
        '\\': '\\',
        N: '\u0085',
        _: '\u00a0',
        L: '\u2028',
        P: '\u2029',
      };
      if (e !== undefined && simple[e] !== undefined) {
        emit(simple[e], i);
        i += 2;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = raw.slice(i + 2, i + 2 + n);
        const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : NaN;
        emit(Number.isNaN(cp) || cp > 0x10ffff ? raw.slice(i, i + 2 + n) : String.fromCodePoint(cp), i);
        i += 2 + n;
      } else if (e === '\n' || e === '\r') {
        // Escaped line break: the break and the next line's indentation vanish.
        let j = i + 1;
        if (raw[j] === '\r' && raw[j + 1] === '\n') j++;
        j++;
        while (j < end && (raw[j] === ' ' || raw[j] === '\t')) j++;
        i = j;
      } else {
        emit(c, i);
        i++;
      }
    }
    map.push(end);
    return { map, out };
  }
  if (style === 'PLAIN') {
    let end = raw.length;
    while (end > 0 && /\s/.test(raw[end - 1]!)) end--;
    let i = 0;
    while (i < end) {
      const c = raw[i]!;
      if (c === '\r' || c === '\n') {
        i = fold(i);
        continue;
      }
      emit(c, i);
      i++;
    }
    map.push(end);
    return { map, out };
  }
  // Block scalars: drop the header line and each line's indentation (folding is approximated by
  // mapping the folded space to the line break).
  const header = raw.indexOf('\n');
  if (header < 0) return { map: [raw.length], out };
  const lines: { start: number; text: string }[] = [];
  let pos = header + 1;
  for (const text of raw.slice(header + 1).split('\n')) {
    lines.push({ start: pos, text });
    pos += text.length + 1;
  }
  const indent = Math.min(...lines.filter((l) => l.text.trim() !== '').map((l) => /^ */.exec(l.text)![0].length), Infinity);
  const cut = Number.isFinite(indent) ? indent : 0;
  for (const l of lines) {
    const body = l.text.slice(cut);
    emit(body, l.start + cut);
    for (let k = 0; k < body.length; k++) map[map.length - body.length + k] = l.start + cut + k;
    emit(style === 'BLOCK_FOLDED' ? ' ' : '\n', l.start + l.text.length);
  }
  map.push(raw.length);
  return { map, out };
}

/** The source offset (absolute) of an offset in the scalar's decoded value. */
export function sourceOffset(scalar: Scalar, source: string, valueOffset: number): number {
  const range = scalar.range;
  if (!range) return 0;
  const raw = source.slice(range[0], range[1]);
  const map = scalarOffsetMap(raw, (scalar.type ?? 'PLAIN') as ScalarStyle);
  const i = Math.max(0, Math.min(valueOffset, map.length - 1));
  return range[0] + map[i]!;
}

/** The offset in the decoded value that a source offset falls on (the inverse of `sourceOffset`), or undefined outside the value. */
export function valueOffset(scalar: Scalar, source: string, offset: number): number | undefined {
  const range = scalar.range;
  if (!range || offset < range[0] || offset > range[1]) return undefined;
  const map = scalarOffsetMap(source.slice(range[0], range[1]), (scalar.type ?? 'PLAIN') as ScalarStyle);
  const rel = offset - range[0];
  for (let i = 0; i < map.length; i++) if (map[i]! >= rel) return i;
  return map.length - 1;
}
