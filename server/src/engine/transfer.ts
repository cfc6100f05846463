// A FileAnalysis as plain data, so that files can be analysed on other threads: documents become
// indexes into their file, and tag maps come back with nothing to inherit (a structured clone
// gives them Object.prototype, where a tag named `constructor` would not be an ordinary key).
import type { FileAnalysis } from './analyze';
import { Resource, Tags } from './resources/model';
import { EngineDiagnostic } from './rules';
import { DocumentParts, ParsedFile, YamlPath } from './yaml/documents';

export interface FileAnalysisData {
  readonly file: string;
  readonly kumaVersion: string;
  /** Left out when the receiver holds the text it sent (see `fromData`). */
  readonly text?: string;
  readonly parts: DocumentParts;
  /** Resources with `doc` (and inbound `doc`) replaced by the document's index. */
  readonly resources: unknown[];
  readonly kubernetesObjects: number[];
  readonly diagnostics: EngineDiagnostic[];
}

export function toData(a: FileAnalysis, withText = true): FileAnalysisData {
  return {
    file: a.file,
    kumaVersion: a.kumaVersion,
    ...(withText ? { text: a.parsed.text } : {}),
    parts: a.parsed.parts(),
    resources: a.resources.map((r) => {
      const plain: Record<string, unknown> = { ...r, doc: r.doc.index };
      if (r.kind === 'Dataplane') plain.inbounds = r.inbounds.map((i) => ({ ...i, doc: i.doc.index }));
      return plain;
    }),
    kubernetesObjects: a.kubernetesObjects.map((d) => d.index),
    diagnostics: a.diagnostics,
  };
}

/**
 * `text` is the text the file was analysed from, when the receiver still holds it: the analysis
 * then shares that string instead of keeping a second copy of every file, and the index sees the
 * same string again after an edit elsewhere, which it compares by identity, not character by character.
 */
export function fromData(data: FileAnalysisData, text = data.text): FileAnalysis {
  if (text === undefined) throw new Error(`no text for ${data.file}`);
  const parsed = new ParsedFile(data.file, text, data.parts);
  // The indexes were taken from this same file's documents by toData.
  const doc = (i: number) => parsed.documents[i]!;
  const resources = data.resources.map((raw) => {
    const r = raw as Record<string, unknown> & { kind: Resource['kind']; doc: number };
    const out: Record<string, unknown> = { ...r, doc: doc(r.doc), specPath: sharedPath(r.specPath as YamlPath), namePath: sharedPath(r.namePath as YamlPath) };
    switch (r.kind) {
      case 'Dataplane': {
        const inbounds = r.inbounds as { doc: number; tags: Tags; path: YamlPath }[];
        out.inbounds = inbounds.map((i) => ({ ...i, doc: doc(i.doc), tags: nullProto(i.tags), path: sharedPath(i.path) }));
        const gateway = r.gateway as { type: string; tags: Tags } | undefined;
        if (gateway) out.gateway = { ...gateway, tags: nullProto(gateway.tags) };
        break;
      }
      case 'VirtualOutbound':
        out.selectors = (r.selectors as { match: Tags }[]).map((s) => ({ match: nullProto(s.match) }));
        break;
      case 'ExternalService':
        out.tags = nullProto(r.tags as Tags);
        break;
      default:
        break;
    }
    return out as unknown as Resource;
  });
  return { file: data.file, kumaVersion: data.kumaVersion, parsed, resources, kubernetesObjects: data.kubernetesObjects.map(doc), diagnostics: data.diagnostics };
}

/**
 * The prototype of tag maps: empty, frozen, itself without a prototype, so a tag map inherits no
 * key. Not `Object.create(null)` for the map itself: V8 keeps such objects as hash tables, about
 * three times the memory of an ordinary object, and L has 31,000 inbounds' tags.
 */
const TAGS_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

function nullProto(tags: Tags): Tags {
  return Object.assign(Object.create(TAGS_PROTOTYPE) as Record<string, string>, tags);
}

/**
 * A structured clone makes every path a new array of new strings, though a workspace writes the
 * same few (`networking.inbound.0`, `spec`, `metadata.name`): one frozen array per distinct path,
 * 31,000 inbound paths of L down to 6. Bounded, so that unusual input cannot grow it without end.
 */
const SHARED_PATHS = new Map<string, YamlPath>();
const SHARED_PATHS_MAX = 4096;

export function sharedPath(path: YamlPath): YamlPath {
  // JSON tells a number step from a string step that reads the same (0 and "0").
  const key = JSON.stringify(path);
  const shared = SHARED_PATHS.get(key);
  if (shared) return shared;
  const frozen = Object.freeze([...path]);
  if (SHARED_PATHS.size < SHARED_PATHS_MAX) SHARED_PATHS.set(key, frozen);
  return frozen;
}
