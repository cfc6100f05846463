// Go's strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits only (no spaces, no
// underscores with an explicit base), within the int64 range.

const INT64_MAX = 9223372036854775807n;

export function goParseInt10(s: string): bigint | undefined {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return undefined;
  const magnitude = BigInt(m[2]!);
  const value = m[1] === '-' ? -magnitude : magnitude;
  if (value > INT64_MAX || value < -INT64_MAX - 1n) return undefined;
  return value;
}
