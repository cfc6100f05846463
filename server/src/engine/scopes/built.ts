// An overlay as `kustomize build` gives it. The build's documents carry origin annotations
// (`config.kubernetes.io/origin: path: ...`); each file's built documents are read as that file, so
// that results name the files the user wrote, and a finding is placed in the file at the same
// YAML path (the build reformats and drops comments, so offsets cannot be kept).
import { isMap, isScalar, isSeq, Node, parse, parseAllDocuments } from 'yaml';
import { analyzeFile, FileAnalysis } from '../analyze';
import type { EngineDiagnostic, RelatedInfo } from '../rules';
import { Span } from '../yaml/lineIndex';
import { firstLineOf, spanForPath, YamlDocument, YamlPath } from '../yaml/documents';

const ORIGIN = 'config.kubernetes.io/origin';

interface BuiltDoc {
  readonly text: string;
  readonly kind?: string;
  readonly name?: string;
}

export interface BuiltOverlay {
  /** The analyses the scope's model reads: one per file with built documents. */
  readonly analyses: FileAnalysis[];
  /** Places a finding on a built document in the file that holds the document as written. */
  readonly mapBack: (d: EngineDiagnostic) => EngineDiagnostic;
  /** Built documents no file of the workspace holds (generated, remote). */
  readonly unplaced: number;
}

function identity(value: unknown): { kind?: string; name?: string; origin?: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const m = v.metadata && typeof v.metadata === 'object' ? (v.metadata as Record<string, unknown>) : {};
  const a = m.annotations && typeof m.annotations === 'object' ? (m.annotations as Record<string, unknown>) : {};
  let origin: string | undefined;
  if (typeof a[ORIGIN] === 'string') {
    try {
      const o = parse(a[ORIGIN] as string) as Record<string, unknown> | null;
      if (o && typeof o.path === 'string' && o.repo === undefined) origin = o.path;
    } catch {
      origin = undefined;
    }
  }
  return { kind: typeof v.kind === 'string' ? v.kind : undefined, name: typeof m.name === 'string' ? m.name : undefined, origin };
}

/** The path of the innermost node at an offset. */
function pathAt(node: unknown, offset: number, path: (string | number)[] = []): YamlPath {
  if (path.length > 256) return path;
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key as Node | null;
      const v = pair.value as Node | null;
      const key = isScalar(k) ? String(k.value) : undefined;
      if (key === undefined) continue;
      if (k?.range && offset >= k.range[0] && offset <= k.range[1]) return [...path, key];
      if (v?.range && offset >= v.range[0] && offset <= v.range[1]) return pathAt(v, offset, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const r = (item as Node | null)?.range;
      if (r && offset >= r[0] && offset <= r[1]) path = pathAt(item, offset, [...path, i]) as (string | number)[];
    });
  }
  return path;
}

/**
 * Reads a build's output. `fileOfOrigin` turns an origin path into the workspace's name of the file
 * (undefined when the workspace does not hold it); `fallback` is the file to report unplaced
 * findings on (the overlay's kustomization); `written` gives a file's own analysis.
 */
export function readBuiltOverlay(
  output: string,
  fileOfOrigin: (origin: string) => string | undefined,
  fallback: string,
  written: (file: string) => FileAnalysis | undefined,
  /** The Kuma version of the overlay's scope. */
  kumaVersion?: string,
): BuiltOverlay {
  const byFile = new Map<string, BuiltDoc[]>();
  let unplaced = 0;
  for (const doc of parseAllDocuments(output, { prettyErrors: false }) as ReturnType<typeof parseAllDocuments> & unknown[]) {
    if (!doc.contents || !doc.range) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      value = undefined;
    }
    const id = identity(value);
    const file = id.origin !== undefined ? fileOfOrigin(id.origin) : undefined;
    if (file === undefined) unplaced++;
    const key = file ?? fallback;
    const list = byFile.get(key) ?? [];
    // A document's range starts at its `---` marker: keep the content, one marker is put back between documents.
    const text = output
      .slice(doc.range[0], doc.range[2])
      .replace(/^---[^\n]*\n/, '')
      .replace(/\n?$/, '\n');
    list.push({ text, kind: id.kind, name: id.name });
    byFile.set(key, list);
  }
  const analyses: FileAnalysis[] = [];
  const mappers = new Map<string, (span: Span) => Span>();
  for (const [file, docs] of byFile) {
    const text = docs.map((d) => d.text).join('---\n');
    const built = analyzeFile(file, text, kumaVersion);
    analyses.push(built);
    const original = written(file);
    // The written document of each built one: same kind, and the name the build kept or prefixed.
    const writtenDocs = original?.parsed.documents ?? [];
    const writtenIds = writtenDocs.map((w) => {
      try {
        return identity(w.ast.toJS({ maxAliasCount: 100 }));
      } catch {
        return {};
      }
    });
    const partner = (i: number): YamlDocument | undefined => {
      // Parsing the joined text can split it differently from the list it was joined from.
      const b = docs[i];
      if (!b) return undefined;
      const candidates = writtenDocs.map((w, j) => ({ w, id: writtenIds[j]! })).filter((c) => c.id.kind === b.kind && c.id.name !== undefined && b.name !== undefined && b.name.includes(c.id.name));
      return (candidates.find((c) => c.id.name === b.name) ?? candidates[0])?.w;
    };
    mappers.set(file, (span) => {
      const at = built.parsed.documents.findIndex((d) => span[0] >= d.span[0] && span[0] <= d.span[1]);
      const target = at >= 0 ? partner(at) : undefined;
      if (!target) return [0, 0];
      return firstLineOf(target, spanForPath(target, pathAt(built.parsed.documents[at]!.ast.contents, span[0])));
    });
  }
  const place = (file: string, span: Span): Span => mappers.get(file)?.(span) ?? span;
  return {
    analyses,
    unplaced,
    mapBack: (d) => {
      if (!mappers.has(d.file) && !d.related?.some((r) => mappers.has(r.file))) return d;
      const related = d.related?.map((r): RelatedInfo => ({ ...r, span: place(r.file, r.span) }));
      return { ...d, span: place(d.file, d.span), ...(related ? { related } : {}) };
    },
  };
}
