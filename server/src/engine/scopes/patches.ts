// The overlay patches Mesh Lens applies without kustomize: those whose result is certain. A
// strategic-merge patch made only of mappings and single-line scalars that all replace existing
// single-line scalars of one target merges the same way for every kind (lists are where strategic
// merge and plain merge differ, and where kustomize guesses merge keys). Such a patch is applied by
// replacing the target's value text with the patch's, so that every line keeps its number; a
// finding on a patched value is reported on the patch, where the value is written.
import { isMap, isScalar, isSeq, Node, parseAllDocuments, Scalar } from 'yaml';
import type { EngineDiagnostic, RelatedInfo } from '../rules';
import { Span } from '../yaml/lineIndex';

export interface PatchEdit {
  /** The replaced value in the target's text. */
  readonly from: Span;
  /** Its replacement's place in the patched text. */
  readonly to: Span;
  readonly patchFile: string;
  /** The value in the patch file. */
  readonly patchSpan: Span;
}

export interface PatchedFile {
  readonly file: string;
  readonly text: string;
  /** In text order. */
  readonly edits: readonly PatchEdit[];
}

export interface PatchResult {
  readonly files: ReadonlyMap<string, PatchedFile>;
  readonly applied: readonly string[];
  /** The patches left out and why, for the overlay's note. */
  readonly notApplied: readonly { readonly file: string; readonly why: string }[];
}

interface Target {
  readonly file: string;
  readonly node: Node;
}

function identity(value: unknown): { kind?: unknown; name?: unknown; namespace?: unknown } {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const m = v.metadata && typeof v.metadata === 'object' ? (v.metadata as Record<string, unknown>) : {};
  return { kind: v.kind, name: m.name, namespace: m.namespace };
}

/** The document's value, or undefined where it cannot be had (an alias bomb, a nesting too deep). */
function valueOf(doc: { toJS(o: { maxAliasCount: number }): unknown }): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 64;

const singleLine = (text: string, node: Scalar) => node.range !== undefined && node.range !== null && !text.slice(node.range[0], node.range[1]).includes('\n');

/** Applies the patch files it can apply exactly to the target files (the overlay's resources). */
export function applyPatches(patches: readonly { file: string; text: string }[], targets: readonly { file: string; text: string }[]): PatchResult {
  const documents = new Map<string, ReturnType<typeof parseAllDocuments>>();
  const docsOf = (file: string, text: string) => {
    let d = documents.get(file);
    if (!d) documents.set(file, (d = parseAllDocuments(text, { prettyErrors: false }) as ReturnType<typeof parseAllDocuments>));
    return d;
  };
  const byIdentity = new Map<string, Target[]>();
  for (const t of targets) {
    const docs = docsOf(t.file, t.text);
    if (!Array.isArray(docs)) continue;
    for (const doc of docs) {
      if (doc.errors.length || !isMap(doc.contents)) continue;
      const id = identity(valueOf(doc));
      if (typeof id.kind !== 'string' || typeof id.name !== 'string') continue;
      const key = `${id.kind}\u0000${id.name}\u0000${typeof id.namespace === 'string' ? id.namespace : ''}`;
      const list = byIdentity.get(key) ?? [];
      list.push({ file: t.file, node: doc.contents });
      byIdentity.set(key, list);
    }
  }
  const textOf = new Map(targets.map((t) => [t.file, t.text]));
  const pending = new Map<string, { from: Span; value: string; patchFile: string; patchSpan: Span }[]>();
  const applied: string[] = [];
  const notApplied: { file: string; why: string }[] = [];
  for (const p of patches) {
    const docs = parseAllDocuments(p.text, { prettyErrors: false });
    if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length)) {
      notApplied.push({ file: p.file, why: 'not readable YAML' });
      continue;
    }
    const edits: { target: string; from: Span; value: string; patchSpan: Span }[] = [];
    let why: string | undefined;
    for (const doc of docs) {
      if (!isMap(doc.contents)) {
        why = 'not a mapping';
        break;
      }
      const id = identity(valueOf(doc));
      const key = `${id.kind}\u0000${id.name}\u0000${typeof id.namespace === 'string' ? id.namespace : ''}`;
      const found = byIdentity.get(key) ?? [];
      if (found.length !== 1) {
        why = found.length ? `${id.kind} ${id.name} is in the overlay more than once` : `no resource ${String(id.kind)} ${String(id.name)} in the overlay to patch`;
        break;
      }
      const target = found[0]!;
      const targetText = textOf.get(target.file)!;
      // Walks the patch beside the target: every leaf must replace an existing single-line scalar.
      const walk = (patch: Node, into: Node, path: string[]): string | undefined => {
        if (path.length > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
        if (isMap(patch)) {
          if (!isMap(into)) return `${path.join('.')} is not a mapping in ${target.file}`;
          for (const pair of patch.items) {
            if (!isScalar(pair.key) || typeof pair.key.value !== 'string') return 'a key that is not a string';
            const k = pair.key.value;
            if (k.startsWith('$')) return `the directive ${k}`;
            const isId = (path.length === 0 && (k === 'apiVersion' || k === 'kind')) || (path.length === 1 && path[0] === 'metadata' && (k === 'name' || k === 'namespace'));
            if (isId) continue;
            const there = into.get(k, true) as Node | undefined;
            if (there === undefined) return `adds ${[...path, k].join('.')}, which ${target.file} does not have`;
            const problem = walk(pair.value as Node, there, [...path, k]);
            if (problem) return problem;
          }
          return undefined;
        }
        if (isSeq(patch)) return `replaces the list ${path.join('.')} (kustomize may merge it by key)`;
        if (!isScalar(patch) || !patch.range || patch.value === null) return `sets ${path.join('.')} to null or an alias`;
        if (!isScalar(into) || !into.range) return `${path.join('.')} is not a value in ${target.file}`;
        if (!singleLine(p.text, patch) || !singleLine(targetText, into) || patch.anchor || into.anchor) return `a multi-line or anchored value at ${path.join('.')}`;
        edits.push({ target: target.file, from: [into.range[0], into.range[1]], value: p.text.slice(patch.range[0], patch.range[1]), patchSpan: [patch.range[0], patch.range[1]] });
        return undefined;
      };
      why = walk(doc.contents, target.node, []);
      if (why) break;
    }
    if (why) {
      notApplied.push({ file: p.file, why });
      continue;
    }
    applied.push(p.file);
    for (const e of edits) {
      const list = pending.get(e.target) ?? [];
      // A later patch of the same value wins, as in kustomize's order.
      const same = list.findIndex((x) => x.from[0] === e.from[0]);
      if (same >= 0) list.splice(same, 1);
      list.push({ from: e.from, value: e.value, patchFile: p.file, patchSpan: e.patchSpan });
      pending.set(e.target, list);
    }
  }
  const files = new Map<string, PatchedFile>();
  for (const [file, list] of pending) {
    list.sort((a, b) => a.from[0] - b.from[0]);
    const original = textOf.get(file)!;
    let text = '';
    let at = 0;
    const edits: PatchEdit[] = [];
    for (const e of list) {
      text += original.slice(at, e.from[0]);
      const start = text.length;
      text += e.value;
      edits.push({ from: e.from, to: [start, text.length], patchFile: e.patchFile, patchSpan: e.patchSpan });
      at = e.from[1];
    }
    text += original.slice(at);
    files.set(file, { file, text, edits });
  }
  return { files, applied, notApplied };
}

/** A span of the patched text in the original file, or on the patch where it lies in a patched value. */
export function mapSpanBack(patched: PatchedFile, span: Span): { file: string; span: Span } {
  // A finding on one line that touches a patched value (the value, or its `key: value` pair) is about the patch's value.
  const touched = patched.edits.find((e) => e.to[0] < Math.max(span[1], span[0] + 1) && span[0] < e.to[1]);
  if (touched && !patched.text.slice(span[0], span[1]).includes('\n')) return { file: touched.patchFile, span: touched.patchSpan };
  const back = (x: number): number => {
    let delta = 0;
    for (const e of patched.edits) {
      if (x >= e.to[1]) delta += e.from[1] - e.from[0] - (e.to[1] - e.to[0]);
      else if (x > e.to[0]) return Math.min(e.from[0] + (x - e.to[0]), e.from[1]);
      else break;
    }
    return x + delta;
  };
  return { file: patched.file, span: [back(span[0]), back(span[1])] };
}

/** A diagnostic of a patched file, placed in the original file or on the patch. */
export function mapDiagnosticBack(d: EngineDiagnostic, patchedFiles: ReadonlyMap<string, PatchedFile>): EngineDiagnostic {
  if (!patchedFiles.has(d.file) && !d.related?.some((r) => patchedFiles.has(r.file))) return d;
  const place = (file: string, span: Span) => {
    const p = patchedFiles.get(file);
    return p ? mapSpanBack(p, span) : { file, span };
  };
  const at = place(d.file, d.span);
  const related = d.related?.map((r): RelatedInfo => ({ ...r, ...place(r.file, r.span) }));
  return { ...d, file: at.file, span: at.span, ...(related ? { related } : {}) };
}
