// Rename of a VirtualOutbound parameter: its name and every `{{.name}}` in host and port, mapped
// through YAML quoting. A parameter without tagKey read the tag named like it, so the rename adds
// `tagKey: <old name>` to keep reading the same tag.
import { isScalar, Scalar } from 'yaml';
import { Position, Range, ResponseError, ErrorCodes, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { VirtualOutbound } from '../engine/resources/model';
import { nodeAt } from '../engine/yaml/documents';
import { sourceOffset } from '../engine/yaml/scalarOffsets';
import { Span } from '../engine/yaml/lineIndex';
import { Snapshot } from '../workspace/snapshot';
import { templateFields } from './templates';
import { locate, pathEquals, rangeOf } from './util';

interface Target {
  vo: VirtualOutbound;
  index: number;
  name: string;
  /** The span of the name under the cursor. */
  span: Span;
}

function targetAt(snapshot: Snapshot, uri: string, position: Position): Target | undefined {
  const c = locate(snapshot, uri, position);
  const r = c?.resource;
  if (!c || !r || r.kind !== 'VirtualOutbound' || !c.body) return undefined;
  const params = r.conf?.parameters ?? [];
  if (pathEquals(c.body, ['conf', 'parameters', '#', 'name']) && !c.onKey && c.scalar) {
    const index = c.body[2] as number;
    return { vo: r, index, name: params[index]?.name ?? '', span: valueSpan(c.scalar, c.file.text) };
  }
  const field = templateFields(r, c.file.text).find((f) => c.offset >= f.span[0] && c.offset <= f.span[1]);
  if (field) return { vo: r, index: params.findIndex((p) => p.name === field.name), name: field.name, span: field.nameSpan };
  return undefined;
}

/** The source span of a scalar's value, inside its quotes. */
export function valueSpan(s: Scalar, text: string): Span {
  const v = String(s.value ?? '');
  return [sourceOffset(s, text, 0), sourceOffset(s, text, v.length)];
}

export function prepareRename(snapshot: Snapshot, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const t = targetAt(snapshot, uri, position);
  if (!t) return null;
  return { range: rangeOf(snapshot, t.vo.doc.file, t.span), placeholder: t.name };
}

export function rename(snapshot: Snapshot, uri: string, position: Position, newName: string): WorkspaceEdit | null {
  const t = targetAt(snapshot, uri, position);
  if (!t) return null;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a template field name (letters, digits, _)`);
  const vo = t.vo;
  const file = vo.doc.file;
  const text = snapshot.fileByUri(snapshot.uriOf(file))?.text ?? '';
  const edits: TextEdit[] = [];
  if (t.index >= 0) {
    const nameNode = nodeAt(vo.doc.ast.contents, [...vo.specPath, 'conf', 'parameters', t.index, 'name']);
    if (isScalar(nameNode)) {
      const quoted = nameNode.type === 'PLAIN' || nameNode.type === 'QUOTE_DOUBLE' || nameNode.type === 'QUOTE_SINGLE';
      if (quoted) edits.push(TextEdit.replace(rangeOf(snapshot, file, valueSpan(nameNode, text)), newName));
      // The index comes from the YAML path: a list item that did not decode has no parameter.
      const p = vo.conf!.parameters[t.index];
      if (p && !p.tagKey) {
        const lines = snapshot.linesOf(file)!;
        const start = lines.positionAt(nameNode.range![0]);
        const keyCol = lineKeyColumn(text, lines.offsetAt({ line: start.line, character: 0 }));
        const at = lines.positionAt(nameNode.range![1]);
        edits.push(TextEdit.insert(at, `\n${' '.repeat(keyCol)}tagKey: ${JSON.stringify(p.name)}`));
      }
    }
  }
  for (const f of templateFields(vo, text)) if (f.name === t.name) edits.push(TextEdit.replace(rangeOf(snapshot, file, f.nameSpan), newName));
  return { changes: { [snapshot.uriOf(file)]: edits } };
}

/** The column of the key on a line such as `    - name: x` (the `name`). */
function lineKeyColumn(text: string, lineStart: number): number {
  const m = /^(\s*(?:-\s+)*)/.exec(text.slice(lineStart, text.indexOf('\n', lineStart) < 0 ? undefined : text.indexOf('\n', lineStart)));
  return m ? m[1]!.length : 0;
}
