// Feature tests: a multi-file fixture (`//- path` headers, `$0` cursor) loaded into a workspace
// index, and the cursor as an LSP position.
import { Position } from 'vscode-languageserver';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { IndexOptions, WorkspaceIndex } from '../../server/src/workspace/index';
import { Snapshot } from '../../server/src/workspace/snapshot';
import { parseFixture } from './fixture';

export const ROOT = 'file:///ws';

export interface LoadedFixture {
  index: WorkspaceIndex;
  snapshot: Snapshot;
  /** URI of the file with the cursor (or of the first file). */
  uri: string;
  position: Position;
  offset: number;
  text: string;
  uriOf(path: string): string;
  textOf(path: string): string;
}

export function loadFixture(fixture: string, options?: Partial<IndexOptions>): LoadedFixture {
  const { files, cursor } = parseFixture(fixture);
  const index = new WorkspaceIndex([{ uri: ROOT, name: 'ws' }]);
  if (options) index.setOptions({ ...index.getOptions(), ...options });
  for (const f of files) index.setDisk(`${ROOT}/${f.path}`, f.text);
  const snapshot = index.snapshot();
  const path = cursor?.path ?? files[0]!.path;
  const text = files.find((f) => f.path === path)!.text;
  const offset = cursor?.offset ?? 0;
  return {
    index,
    snapshot,
    uri: `${ROOT}/${path}`,
    position: new LineIndex(text).positionAt(offset),
    offset,
    text,
    uriOf: (p) => `${ROOT}/${p}`,
    textOf: (p) => files.find((f) => f.path === p)!.text,
  };
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}
