// What go-yaml (through sigs.k8s.io/yaml, as kubectl and kumactl read a file) decides differently
// from the `yaml` package once a document is composed: values of re-read multi-line constructs,
// escapes and tags it refuses, keys JSON cannot hold, aliases to no anchor, and the open construct
// an error belongs to. Facts from the recorded table test/oracles/goyaml.json.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Scalar, visit } from 'yaml';
import { explicitTagProblem, goScalar } from './goScalars';
import type { Span } from './lineIndex';
import { decodeFlowScalar } from './scalarOffsets';

export interface GoYamlProblem {
  message: string;
  pos: [number, number];
}

// Escapes go-yaml's scanner knows in double-quoted scalars (YAML 1.1: no `\/`, but `\'`).
const GO_ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', 'x', 'u', 'U', '\n', '\r']);

/**
 * Brings a composed document to go-yaml's reading of `original` (the text before re-reading) and
 * returns the problems go-yaml has that the `yaml` package does not.
 */
export function goYamlProblems(doc: Document.Parsed, original: string, joined: readonly Span[]): GoYamlProblem[] {
  const problems: GoYamlProblem[] = [];
  const spanOf = (node: { range?: [number, number, number] | null }): [number, number] => {
    const r = node.range;
    return r ? [r[0], r[1]] : [doc.range[0], doc.range[0]];
  };
  visit(doc, {
    Scalar(_key, node) {
      refold(node, original, joined);
      unclipAtEnd(node, original);
      const r = node.range;
      if (node.type === 'QUOTE_DOUBLE' && r) {
        const at = unknownEscape(original, r[0], r[1]);
        if (at !== undefined) problems.push({ message: 'found unknown escape character', pos: [at, at + 2] });
      }
      if (node.tag) {
        const problem = explicitTagProblem(node.tag, String(node.source ?? node.value));
        if (problem) problems.push({ message: problem, pos: spanOf(node) });
      }
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        // sigs.k8s.io/yaml hands the value to encoding/json, which has no such numbers.
        const shown = Number.isNaN(node.value) ? 'NaN' : node.value > 0 ? '+Inf' : '-Inf';
        problems.push({ message: `json: unsupported value: ${shown}`, pos: spanOf(node) });
      }
    },
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      const key = pair.key;
      if (isScalar(key) && key.value === null && key.range) {
        problems.push({ message: 'a null map key cannot be converted to JSON (Unsupported map key of type: %!s(<nil>))', pos: spanOf(key) });
      } else if ((isMap(key) || isSeq(key)) && key.range) {
        problems.push({ message: 'invalid map key: a mapping or a sequence cannot be a key', pos: spanOf(key) });
      }
    },
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        problems.push({ message: `unknown anchor '${node.source}' referenced`, pos: spanOf(node) });
      }
    },
  });
  return problems;
}

/** A scalar whose line breaks were joined for the `yaml` package gets the value go-yaml folds from the original. */
function refold(node: Scalar, original: string, joined: readonly Span[]): void {
  const r = node.range;
  const style = node.type;
  if (!r || (style !== 'PLAIN' && style !== 'QUOTE_SINGLE' && style !== 'QUOTE_DOUBLE')) return;
  const raw = original.slice(r[0], r[1]);
  const wasJoined = /[\r\n]/.test(raw) && joined.some(([a, b]) => r[0] < b && a < r[1]);
  if (!wasJoined && !(style === 'QUOTE_DOUBLE' && raw.includes("\\'"))) return;
  const decoded = decodeFlowScalar(raw, style);
  node.source = decoded;
  node.value = style === 'PLAIN' && !node.tag ? goScalar(decoded).value : decoded;
}

/**
 * A block scalar that ends the text without a line break: go-yaml adds no final line break
 * (there was none to keep), the `yaml` package does.
 */
function unclipAtEnd(node: Scalar, original: string): void {
  const r = node.range;
  if (!r || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || typeof node.value !== 'string') return;
  if (r[1] < original.length || /[\r\n]$/.test(original)) return;
  if (node.value.endsWith('\n')) node.value = node.value.slice(0, -1);
}

/** Offset of the first backslash in a double-quoted scalar that go-yaml refuses, if any. */
function unknownEscape(text: string, start: number, end: number): number | undefined {
  const close = text.lastIndexOf('"', end - 1);
  for (let i = start + 1; i < close; i++) {
    if (text[i] !== '\\') continue;
    if (!GO_ESCAPES.has(text[i + 1]!)) return i;
    i++;
  }
  return undefined;
}

/**
 * Whether the `yaml` package's error is one go-yaml does not have: `\'` is a YAML 1.1 escape, and
 * a standard tag on a value of another type is reported by `explicitTagProblem` in go-yaml's words.
 */
export function goAccepts(code: string, message: string, pos: [number, number], text: string): boolean {
  if (code === 'BAD_DQ_ESCAPE') return text.slice(pos[0], pos[0] + 2) === "\\'";
  return code === 'TAG_RESOLVE_FAILED' && /tag:yaml\.org,2002:(int|float|bool|null)\b/.test(message);
}
