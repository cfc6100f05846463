// Plain scalars typed as go-yaml v2 types them (sigs.k8s.io/yaml, so kubectl, kumactl and Kuma):
// YAML 1.1 booleans (`yes`, `on`, `y`...), `0777` as octal, `0o17`, `0b101`, `1_000`, `.5`, `5.`,
// and no `0x1p3` or `inf`. The `yaml` package's own schemas are YAML 1.2 or a YAML 1.1 that differs
// in details, so its tags are replaced by these. Pure.
import type { ScalarTag } from 'yaml';

export type GoScalar = { kind: 'null'; value: null } | { kind: 'bool'; value: boolean } | { kind: 'int'; value: number } | { kind: 'float'; value: number } | { kind: 'str'; value: string };

const WORDS = new Map<string, GoScalar>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, { kind: 'bool', value: true });
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, { kind: 'bool', value: false });
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, { kind: 'null', value: null });
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, { kind: 'float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, { kind: 'float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, { kind: 'float', value: -Infinity });

// strconv.ParseInt(s, 0, 64) syntax, once go-yaml has removed every `_`.
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|(0[0-7]*)|([1-9][0-9]*))$/;
// go-yaml's yamlStyleFloat, tried after the integers.
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat of a value starting with `.` (underscores only between digits).
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// The `yaml` package asks each tag in turn about the same scalar: the last answer is kept.
let lastIn: string | undefined;
let lastOut: GoScalar = { kind: 'null', value: null };

/** What go-yaml v2 decodes an untagged plain scalar to (numbers as the nearest double). */
export function goScalar(s: string): GoScalar {
  if (s !== lastIn) {
    lastOut = resolvePlain(s);
    lastIn = s;
  }
  return lastOut;
}

function resolvePlain(s: string): GoScalar {
  const word = WORDS.get(s);
  if (word) return word;
  const first = s.charCodeAt(0);
  if (first === 0x2e /* . */) {
    if (DOT_FLOAT.test(s)) return { kind: 'float', value: Number(s.replace(/_/g, '')) };
    return { kind: 'str', value: s };
  }
  const digit = first >= 0x30 && first <= 0x39;
  if (!digit && first !== 0x2b && first !== 0x2d) return { kind: 'str', value: s };
  const plain = s.replace(/_/g, '');
  const m = GO_INT.exec(plain);
  if (m) {
    const [, sign, hex, bin, oct, zeroOct, dec] = m;
    const magnitude =
      hex !== undefined
        ? BigInt('0x' + hex)
        : bin !== undefined
          ? BigInt('0b' + bin)
          : oct !== undefined
            ? BigInt('0o' + oct)
            : zeroOct !== undefined
              ? BigInt('0o' + (zeroOct.slice(1) || '0'))
              : BigInt(dec!);
    const v = sign === '-' ? -magnitude : magnitude;
    // int64 first; an unsigned value up to 2^64-1 when written without a sign.
    if ((v >= INT64_MIN && v <= INT64_MAX) || (sign === '' && v <= UINT64_MAX)) return { kind: 'int', value: Number(v) };
  }
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    // ParseFloat fails on overflow, and go-yaml then keeps the string.
    if (Number.isFinite(f)) return { kind: 'float', value: f };
  }
  return { kind: 'str', value: s };
}

const YAML = 'tag:yaml.org,2002:';

/** A tag that claims the plain scalars go-yaml reads as `kind`. */
function goTag(kind: 'null' | 'bool' | 'int' | 'float'): ScalarTag {
  return {
    tag: YAML + kind,
    default: true,
    // The `yaml` package only calls `.test()`; go-yaml's rules are not one regular expression.
    // `!!float 1` is a float; untagged, the int tag (tried first) claims `1`.
    test: { test: (s: string) => goScalar(s).kind === kind || (kind === 'float' && goScalar(s).kind === 'int') } as unknown as RegExp,
    resolve: (s: string) => {
      const r = goScalar(s);
      if (r.kind === kind) return r.value;
      // An explicit tag on a value of another type: `!!float 1` is 1, anything else is kept as
      // written and reported by the go-yaml checks.
      if (kind === 'float' && r.kind === 'int') return r.value;
      return s;
    },
    identify: (v: unknown) => (kind === 'null' ? v === null || v === undefined : kind === 'bool' ? typeof v === 'boolean' : typeof v === 'number' && (kind === 'int') === Number.isInteger(v)),
  };
}

export const GO_SCALAR_TAGS: ScalarTag[] = [goTag('null'), goTag('bool'), goTag('int'), goTag('float')];

/** The schema's tags with the plain-scalar ones replaced by go-yaml's. */
export function goYamlTags(tags: unknown[]): unknown[] {
  const kept = tags.filter((t) => {
    const name = (t as { tag?: string }).tag;
    return name === YAML + 'map' || name === YAML + 'seq' || name === YAML + 'str';
  });
  return [...kept, ...GO_SCALAR_TAGS];
}

/** go-yaml's verdict on an explicitly tagged scalar (`!!int abc`), or undefined when it accepts it. */
export function explicitTagProblem(tag: string, value: string): string | undefined {
  if (!tag.startsWith(YAML)) return undefined;
  const want = tag.slice(YAML.length);
  if (want !== 'int' && want !== 'float' && want !== 'bool' && want !== 'null') return undefined;
  const r = goScalar(value);
  if (r.kind === want || (want === 'float' && r.kind === 'int')) return undefined;
  return `cannot decode !!${r.kind} \`${value}\` as a !!${want}`;
}

/**
 * A float map key as sigs.k8s.io/yaml turns it into a JSON key: strconv.FormatFloat(k, 'g', -1, 32),
 * the shortest digits that read back as the same float32, with an exponent from 1e+06 and below 1e-04.
 */
export function goFloatKey(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (v === Infinity || Math.fround(v) === Infinity) return '.inf';
  if (v === -Infinity || Math.fround(v) === -Infinity) return '-.inf';
  const f = Math.fround(v);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = f.toExponential(p - 1);
    if (Math.fround(Number(e)) === f) {
      const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
      digits = (m[1] + (m[2] ?? '')).replace(/0+$/, '') || '0';
      exp = Number(m[3]);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mant = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '');
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return sign + int + (frac ? '.' + frac : '');
}
