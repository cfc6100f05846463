// Helpers shared by the features: ranges, locating the YAML node under the cursor, resources.
import { isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import { Location, Position, Range } from 'vscode-languageserver';
import { Resource } from '../engine/resources/model';
import { YamlDocument, YamlPath } from '../engine/yaml/documents';
import { Span } from '../engine/yaml/lineIndex';
import { Snapshot, SnapshotFile } from '../workspace/snapshot';

export function rangeOf(snapshot: Snapshot, file: string, span: Span): Range {
  const lines = snapshot.linesOf(file);
  return lines ? lines.rangeOf(span) : Range.create(0, 0, 0, 0);
}

export function locationOf(snapshot: Snapshot, file: string, span: Span): Location {
  return Location.create(snapshot.uriOf(file), rangeOf(snapshot, file, span));
}

export interface Cursor {
  readonly snapshot: Snapshot;
  readonly file: SnapshotFile;
  readonly offset: number;
  readonly doc?: YamlDocument;
  /** Path (from the document root) of the innermost node under the cursor. */
  readonly path: YamlPath;
  /** True when the cursor is on a map key (`path` ends with that key). */
  readonly onKey: boolean;
  readonly scalar?: Scalar;
  readonly resource?: Resource;
  /** `path` relative to the resource's body, when the cursor is inside it. */
  readonly body?: YamlPath;
}

export function locate(snapshot: Snapshot, uri: string, position: Position): Cursor | undefined {
  const file = snapshot.fileByUri(uri);
  if (!file) return undefined;
  const offset = file.analysis.parsed.lines.offsetAt(position);
  const doc = file.analysis.parsed.documents.find((d) => offset >= d.span[0] && offset <= d.span[1]);
  if (!doc) return { snapshot, file, offset, path: [], onKey: false };
  const found = walk(doc.ast.contents as Node | null, offset, []);
  const resource = snapshot.resourceOfDoc(doc);
  let body: YamlPath | undefined;
  if (resource) {
    const sp = resource.specPath;
    if (sp.every((s, i) => found.path[i] === s)) body = found.path.slice(sp.length);
  }
  return { snapshot, file, offset, doc, path: found.path, onKey: found.onKey, ...(found.scalar ? { scalar: found.scalar } : {}), ...(resource ? { resource } : {}), ...(body ? { body } : {}) };
}

function contains(node: unknown, offset: number): boolean {
  const r = (node as Node | null)?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

function walk(node: Node | null, offset: number, path: (string | number)[]): { path: (string | number)[]; onKey: boolean; scalar?: Scalar } {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value ?? '') : undefined;
      if (key === undefined) continue;
      if (contains(pair.key, offset)) return { path: [...path, key], onKey: true, scalar: pair.key as Scalar };
      if (pair.value && contains(pair.value, offset)) return walk(pair.value as Node, offset, [...path, key]);
    }
    return { path, onKey: false };
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) if (contains(node.items[i], offset)) return walk(node.items[i] as Node, offset, [...path, i]);
    return { path, onKey: false };
  }
  if (isScalar(node)) return { path, onKey: false, scalar: node };
  return { path, onKey: false };
}

export function pathEquals(path: YamlPath | undefined, pattern: ReadonlyArray<string | number | '#' | '*'>): boolean {
  if (!path || path.length !== pattern.length) return false;
  return pattern.every((p, i) => (p === '#' ? typeof path[i] === 'number' : p === '*' ? true : p === path[i]));
}

export function scalarSpan(s: Scalar): Span {
  return [s.range![0], s.range![1]];
}
