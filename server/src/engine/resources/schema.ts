// Decodes a YAML node against a small schema with the rules Kuma applies when a resource is
// applied (YAML -> JSON -> Go): a number or a boolean is not a string and the resource is refused;
// unknown fields are ignored by Kuma, so they are only reported as a warning. A quoted number is
// accepted for an integer field. Fields added or removed in a later Kuma version are unknown
// outside their versions, and the problem says which version added or removed them. Problems are
// returned with their YAML path.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import { YamlPath, scalarKey } from '../yaml/documents';

export type Schema =
  | { readonly t: 'string' }
  | { readonly t: 'uint32' }
  | { readonly t: 'bool' }
  | { readonly t: 'any' }
  /** A known field read elsewhere: accepted without being decoded here. */
  | { readonly t: 'skip' }
  | { readonly t: 'object'; readonly fields: Readonly<Record<string, Schema>> }
  | { readonly t: 'array'; readonly items: Schema }
  | { readonly t: 'map'; readonly values: Schema }
  /** A field that exists from Kuma 2.<since> on and/or before 2.<until>. */
  | { readonly t: 'versioned'; readonly since?: number; readonly until?: number; readonly schema: Schema };

export const str: Schema = { t: 'string' };
export const uint: Schema = { t: 'uint32' };
export const bool: Schema = { t: 'bool' };
export const any: Schema = { t: 'any' };
export const skip: Schema = { t: 'skip' };
export const obj = (fields: Record<string, Schema>): Schema => ({ t: 'object', fields });
export const arr = (items: Schema): Schema => ({ t: 'array', items });
export const map = (values: Schema): Schema => ({ t: 'map', values });
/** A field Kuma knows from 2.<minor> on. */
export const since = (minor: number, schema: Schema): Schema => ({ t: 'versioned', since: minor, schema });
/** A field Kuma removed in 2.<minor>. */
export const until = (minor: number, schema: Schema): Schema => ({ t: 'versioned', until: minor, schema });

/** The Kuma minor version decoded for when none is given: 2.1. */
const DEFAULT_MINOR = 1;

/** Why a versioned field is unknown in Kuma 2.<minor>, or undefined when it is known there. */
function versionGap(field: Extract<Schema, { t: 'versioned' }>, minor: number): string | undefined {
  if (field.since !== undefined && minor < field.since) return `in Kuma 2.${minor} (added in Kuma 2.${field.since})`;
  if (field.until !== undefined && minor >= field.until) return `in Kuma 2.${minor} (removed in Kuma 2.${field.until})`;
  return undefined;
}

export interface DecodeProblem {
  kind: 'unknown-field' | 'wrong-type';
  path: YamlPath;
  message: string;
}

export type Decoded = string | number | boolean | null | Decoded[] | { [key: string]: Decoded };

/**
 * Follows YAML aliases (`*name`) and merge keys (`<<: *name`) as Kuma's YAML-to-JSON step does,
 * within a budget of visited nodes, so that an alias bomb costs the budget and not the process.
 */
export class AliasResolver {
  private remaining: number;
  exhausted = false;

  constructor(
    private readonly doc?: Document,
    budget = 100_000,
  ) {
    this.remaining = budget;
  }

  /** Whether aliases and merge keys are followed: only in a composed document (a block tree has none). */
  get followsAliases(): boolean {
    return this.doc !== undefined;
  }

  deref(node: unknown): unknown {
    return isAlias(node) && this.doc ? (node.resolve(this.doc) ?? null) : node;
  }

  /** Counts a visited node; false once the budget is spent. */
  step(): boolean {
    if (this.remaining-- > 0) return true;
    this.exhausted = true;
    return false;
  }

  /**
   * A map's pairs with merge keys expanded, in the order where a later pair overrides an earlier
   * one: merged pairs first (of a `<<: [*a, *b]` list, the first map wins, as in go-yaml), then
   * the map's own keys.
   */
  pairsOf(map: { items: unknown[] }): Pair<unknown, unknown>[] {
    const out: Pair<unknown, unknown>[] = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      if (scalarKey(pair) !== '<<' || !this.doc) {
        out.push(pair);
        continue;
      }
      const value = this.deref(pair.value);
      const sources = isSeq(value) ? value.items.map((i) => this.deref(i)) : [value];
      for (const source of sources) if (isMap(source) && this.step()) out.unshift(...this.pairsOf(source));
    }
    return out;
  }
}

const NO_DOCUMENT = () => new AliasResolver();

/** Decodes `node` for Kuma 2.<minor>; a value of the wrong type is reported and decoded as its string form. */
export function decode(node: unknown, schema: Schema, path: YamlPath, problems: DecodeProblem[], aliases: AliasResolver = NO_DOCUMENT(), minor = DEFAULT_MINOR): Decoded {
  return decodeAt(node, schema, [...path], problems, aliases, minor);
}

/**
 * A map's pairs as `decode` visits them. Without a document there are no aliases or merge keys to
 * follow, so the map's own items are visited in place instead of copied.
 */
function pairsToVisit(map: { items: unknown[] }, aliases: AliasResolver): readonly unknown[] {
  return aliases.followsAliases ? aliases.pairsOf(map) : map.items;
}

/**
 * `decode` with `path` as one stack pushed and popped on the way down: a path array per visited
 * node was most of what decoding allocated, and only a problem keeps its path (a copy).
 */
function decodeAt(node: unknown, schema: Schema, path: (string | number)[], problems: DecodeProblem[], aliases: AliasResolver, minor: number): Decoded {
  node = aliases.deref(node);
  if (node === null || node === undefined || !aliases.step()) return null;
  if (isScalar(node) && node.value === null) return null;
  switch (schema.t) {
    case 'any':
      return plain(node, aliases);
    case 'skip':
      return null;
    case 'versioned':
      return decodeAt(node, schema.schema, path, problems, aliases, minor);
    case 'string': {
      if (isScalar(node) && typeof node.value === 'string') return node.value;
      problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${jsonKind(node)} into Go value of type string` });
      return isScalar(node) ? String(node.value) : '';
    }
    case 'uint32': {
      if (isScalar(node)) {
        const v = node.value;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
        if (typeof v === 'string' && /^\d+$/.test(v) && Number(v) <= 0xffffffff) return Number(v);
      }
      problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${goValueOf(node)} into Go value of type uint32` });
      return null;
    }
    case 'bool': {
      if (isScalar(node) && typeof node.value === 'boolean') return node.value;
      problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${jsonKind(node)} into Go value of type bool` });
      return null;
    }
    case 'object': {
      if (!isMap(node)) {
        problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${jsonKind(node)} into an object (got ${describe(node)})` });
        return null;
      }
      const out: { [key: string]: Decoded } = Object.create(null);
      for (const pair of pairsToVisit(node, aliases)) {
        if (!isPair(pair)) continue;
        const key = scalarKey(pair);
        if (key === undefined) continue;
        const field = Object.prototype.hasOwnProperty.call(schema.fields, key) ? schema.fields[key] : undefined;
        if (!field) {
          problems.push({ kind: 'unknown-field', path: [...path, key], message: `unknown field "${key}"` });
          continue;
        }
        const gap = field.t === 'versioned' ? versionGap(field, minor) : undefined;
        if (gap) {
          problems.push({ kind: 'unknown-field', path: [...path, key], message: `unknown field "${key}" ${gap}` });
          continue;
        }
        path.push(key);
        out[key] = decodeAt(pair.value, field, path, problems, aliases, minor);
        path.pop();
      }
      return out;
    }
    case 'array': {
      if (!isSeq(node)) {
        problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${jsonKind(node)} into a list (got ${describe(node)})` });
        return null;
      }
      const out: Decoded[] = new Array(node.items.length);
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        out[i] = decodeAt(node.items[i], schema.items, path, problems, aliases, minor);
        path.pop();
      }
      return out;
    }
    case 'map': {
      if (!isMap(node)) {
        problems.push({ kind: 'wrong-type', path: [...path], message: `json: cannot unmarshal ${jsonKind(node)} into a map (got ${describe(node)})` });
        return null;
      }
      const out: { [key: string]: Decoded } = Object.create(null);
      for (const pair of pairsToVisit(node, aliases)) {
        if (!isPair(pair)) continue;
        const key = scalarKey(pair);
        if (key === undefined) continue;
        path.push(key);
        out[key] = decodeAt(pair.value, schema.values, path, problems, aliases, minor) ?? '';
        path.pop();
      }
      return out;
    }
  }
}

function plain(node: unknown, aliases: AliasResolver): Decoded {
  node = aliases.deref(node);
  if (!aliases.step()) return null;
  if (isScalar(node)) {
    const v = node.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v);
  }
  if (isSeq(node)) return node.items.map((item) => plain(item, aliases));
  if (isMap(node)) {
    const out: { [key: string]: Decoded } = Object.create(null);
    for (const pair of aliases.pairsOf(node)) {
      const key = scalarKey(pair);
      if (key !== undefined) out[key] = plain(pair.value, aliases);
    }
    return out;
  }
  return null;
}

function sourceOf(node: unknown): string {
  if (isScalar(node)) {
    const src = (node as Node & { source?: string }).source;
    return typeof src === 'string' ? src : String(node.value);
  }
  return describe(node);
}

/** What Go's UnmarshalTypeError names: the JSON kind, with the literal only for a number (`number -1`, but `array`). */
function goValueOf(node: unknown): string {
  // A string is unquoted by jsonpb before decoding, so Go reports a JSON syntax error there; not reproduced yet.
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string')) return `${jsonKind(node)} ${sourceOf(node)}`;
  return jsonKind(node);
}

/** The JSON kind Go's decoder names in its errors. */
function jsonKind(node: unknown): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) return typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'bool' : 'string';
  return 'value';
}

function describe(node: unknown): string {
  if (isMap(node)) return 'an object';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `${typeof node.value} ${String(node.value)}`;
  return 'an unsupported value';
}

export function asString(v: Decoded | undefined): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v);
}

export function asRecord(v: Decoded | undefined): { [key: string]: Decoded } {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : Object.create(null);
}

export function asArray(v: Decoded | undefined): Decoded[] {
  return Array.isArray(v) ? v : [];
}

export function asTags(v: Decoded | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, value] of Object.entries(asRecord(v))) out[k] = asString(value);
  return out;
}
