// Offsets <-> LSP positions. Offsets and characters are UTF-16 code units, as in JavaScript
// strings and in the Language Server Protocol.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open offset range [start, end) in a file's text. */
export type Span = readonly [start: number, end: number];

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between the `\r` and the `\n` of a CRLF is not a character of the line: the line ends at the `\r`.
    const inCrlf = clamped > this.lineStarts[low]! && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13 ? 1 : 0;
    return { line: low, character: clamped - this.lineStarts[low]! - inCrlf };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span[0]), end: this.positionAt(span[1]) };
  }
}
