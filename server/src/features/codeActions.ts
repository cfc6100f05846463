// Quick fixes: add the missing `kuma.io/service` parameter, declare a parameter a template reads,
// quote a number used where a string goes (`wrong-type`), and suppress a diagnostic by comment.
import { isSeq } from 'yaml';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { VirtualOutbound } from '../engine/resources/model';
import { nodeAt } from '../engine/yaml/documents';
import { Snapshot, SnapshotFile } from '../workspace/snapshot';
import { SOURCE } from './diagnostics';
import { templateFields } from './templates';

const MISSING_SERVICE = 'must contain a parameter with kuma.io/service as a tagKey';

export function codeActions(snapshot: Snapshot, uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const file = snapshot.fileByUri(uri);
  if (!file) return [];
  const lines = file.analysis.parsed.lines;
  const out: CodeAction[] = [];
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const vo = file.analysis.resources.find((r): r is VirtualOutbound => r.kind === 'VirtualOutbound' && start <= r.doc.span[1] && end >= r.doc.span[0]);

  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    if (vo && typeof d.message === 'string' && d.message.includes(MISSING_SERVICE)) {
      const edit = addParameter(file, vo, 'service', 'kuma.io/service');
      if (edit) out.push({ title: 'Add the kuma.io/service parameter', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: [edit] } } });
    }
    if (d.code === 'wrong-type') {
      const s = lines.offsetAt(d.range.start);
      const e = lines.offsetAt(d.range.end);
      const raw = file.text.slice(s, e);
      if (/^[^"'\s][^\n#]*$/.test(raw) && !/:\s/.test(raw)) {
        const value = raw.trimEnd();
        out.push({
          title: `Quote ${value}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: { changes: { [uri]: [TextEdit.replace(Range.create(lines.positionAt(s), lines.positionAt(s + value.length)), JSON.stringify(value))] } },
        });
      }
    }
    const code = typeof d.code === 'string' ? d.code : undefined;
    if (code) {
      const line = d.range.start.line;
      const lineStart = lines.offsetAt({ line, character: 0 });
      const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
      out.push({
        title: `Suppress ${code} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [TextEdit.insert({ line, character: 0 }, `${indent}# mesh-lens-disable-next-line ${code}\n`)] } },
      });
    }
  }

  // Declare the parameters a template reads but does not declare.
  if (vo) {
    const declared = new Set((vo.conf?.parameters ?? []).map((p) => p.name));
    const seen = new Set<string>();
    for (const f of templateFields(vo, file.text)) {
      if (declared.has(f.name) || seen.has(f.name)) continue;
      seen.add(f.name);
      const edit = addParameter(file, vo, f.name, f.name);
      if (edit) out.push({ title: `Declare parameter ${f.name}`, kind: CodeActionKind.QuickFix, edit: { changes: { [uri]: [edit] } } });
    }
  }
  return out;
}

/** An edit that appends `- name: <name>` / `tagKey: <tagKey>` to `conf.parameters` (creating it when absent). */
export function addParameter(file: SnapshotFile, vo: VirtualOutbound, name: string, tagKey: string): TextEdit | undefined {
  const lines = file.analysis.parsed.lines;
  const text = file.text;
  const confPath = [...vo.specPath, 'conf'];
  const params = nodeAt(vo.doc.ast.contents, [...confPath, 'parameters']);
  const quote = (s: string) => (/^[A-Za-z0-9_][\w./-]*$/.test(s) ? s : JSON.stringify(s));
  if (isSeq(params) && params.items.length > 0 && params.range) {
    const first = params.items[0] as { range?: [number, number, number] };
    const firstPos = lines.positionAt(first.range![0]);
    const itemCol = firstPos.character;
    const lineStart = lines.offsetAt({ line: firstPos.line, character: 0 });
    const dash = text.slice(lineStart, first.range![0]).lastIndexOf('-');
    const dashCol = dash >= 0 ? dash : itemCol - 2;
    const last = params.items[params.items.length - 1] as { range?: [number, number, number] };
    const endPos = lines.positionAt(last.range![1]);
    const insertAt = { line: endPos.line, character: lineEndColumn(text, lines.offsetAt({ line: endPos.line, character: 0 })) };
    return TextEdit.insert(insertAt, `\n${' '.repeat(dashCol)}- name: ${quote(name)}\n${' '.repeat(itemCol)}tagKey: ${quote(tagKey)}`);
  }
  const conf = nodeAt(vo.doc.ast.contents, confPath) as { range?: [number, number, number]; items?: { key: { range?: [number, number, number] } }[] } | undefined;
  const firstKey = conf?.items?.[0]?.key?.range;
  if (!conf?.range || !firstKey) return undefined;
  const keyPos = lines.positionAt(firstKey[0]);
  const col = keyPos.character;
  const endPos = lines.positionAt(conf.range[1]);
  const lastLine = text.slice(conf.range[0], conf.range[1]).endsWith('\n') ? endPos.line - 1 : endPos.line;
  const insertAt = { line: lastLine, character: lineEndColumn(text, lines.offsetAt({ line: lastLine, character: 0 })) };
  return TextEdit.insert(insertAt, `\n${' '.repeat(col)}parameters:\n${' '.repeat(col + 2)}- name: ${quote(name)}\n${' '.repeat(col + 4)}tagKey: ${quote(tagKey)}`);
}

function lineEndColumn(text: string, lineStart: number): number {
  const nl = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, nl < 0 ? undefined : nl);
  return line.replace(/\r$/, '').length;
}
