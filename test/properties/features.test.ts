// Server requests never throw: every feature of the language server, at every position of random
// documents (valid, mutated, cut, binary), through the live index.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Position, Range, ResponseError } from 'vscode-languageserver';
import { getLanguageService } from '../../server/src/features/languageService';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { assertNoPollution, fcOptions, hangGuard, workspace } from '../helpers/arbitraries';

const ls = getLanguageService();

const FOLDER = { uri: 'file:///ws', name: 'ws' };
/** Positions per file at most: every offset of small files, evenly spread ones in larger files. */
const MAX_POSITIONS = 400;

function positions(text: string): Position[] {
  const lines = new LineIndex(text);
  const step = Math.max(1, Math.ceil((text.length + 1) / MAX_POSITIONS));
  const out: Position[] = [];
  for (let o = 0; o <= text.length; o += step) out.push(lines.positionAt(o));
  // Past the end of a line and of the file: clients send them.
  out.push({ line: lines.lineCount - 1, character: 10_000 }, { line: lines.lineCount + 3, character: 0 });
  return out;
}

/** A request may refuse with a ResponseError (the server answers it as an LSP error); anything else thrown is a crash. */
function answers(request: () => unknown): void {
  try {
    request();
  } catch (e) {
    if (!(e instanceof ResponseError)) throw e;
  }
}

describe('server feature properties', () => {
  it('every request at every position of random documents returns without throwing', { timeout: hangGuard(300_000) }, () => {
    fc.assert(
      fc.property(workspace, fc.constantFrom('renamed', 'x', '', 'a b', '{{.svc}}'), (files, newName) => {
        const index = new WorkspaceIndex([FOLDER]);
        files.forEach((f, i) => (i % 2 ? index.setOpen(`${FOLDER.uri}/${f.path}`, f.text, i) : index.setDisk(`${FOLDER.uri}/${f.path}`, f.text)));
        const snapshot = index.snapshot();
        const byUri = ls.getDiagnostics(snapshot, 'https://example.invalid/rules');
        ls.getResolvedView(snapshot, {});
        ls.getResolvedView(snapshot, { mesh: 'default' });
        ls.findWorkspaceSymbols(snapshot, '');
        ls.findWorkspaceSymbols(snapshot, 'b');
        for (const f of files) {
          const uri = `${FOLDER.uri}/${f.path}`;
          const lines = new LineIndex(f.text);
          ls.getCodeLenses(snapshot, uri);
          ls.getInlayHints(snapshot, uri);
          ls.getInlayHints(snapshot, uri, Range.create(0, 0, lines.lineCount, 0));
          ls.getSemanticTokens(snapshot, uri);
          ls.findDocumentSymbols(snapshot, uri);
          const diags = byUri.get(uri) ?? [];
          for (const d of diags) {
            assert.ok(d.range.start.line >= 0 && d.range.end.line < lines.lineCount, `diagnostic outside ${f.path}: ${JSON.stringify(d.range)}`);
            ls.getCodeActions(snapshot, uri, d.range, [d]);
          }
          for (const p of positions(f.text)) {
            ls.doHover(snapshot, uri, p);
            ls.doComplete(snapshot, uri, p);
            ls.findDefinition(snapshot, uri, p);
            ls.findReferences(snapshot, uri, p);
            ls.findReferences(snapshot, uri, p, false);
            if (ls.prepareRename(snapshot, uri, p)) answers(() => ls.doRename(snapshot, uri, p, newName));
            ls.getCodeActions(snapshot, uri, Range.create(p, p), diags);
          }
        }
        // A URI the index does not know.
        ls.doHover(snapshot, `${FOLDER.uri}/missing.yaml`, { line: 0, character: 0 });
        ls.doComplete(snapshot, `${FOLDER.uri}/missing.yaml`, { line: 0, character: 0 });
        assertNoPollution();
      }),
      fcOptions(40, { seedOffset: 40 }),
    );
  });

  it('completion on a CRLF document (and on lines with U+2028) returns without throwing', () => {
    for (const text of ['type: Mesh\r\nname: default\r\nmtls:\r\n  enabledBackend: ca\r\n', 'type: Mesh\nname: default\nmtls: #\u2028\n  enabledBackend: ca\n']) {
      const index = new WorkspaceIndex([FOLDER]);
      index.setOpen(`${FOLDER.uri}/a.yaml`, text, 1);
      const snapshot = index.snapshot();
      for (const p of positions(text)) ls.doComplete(snapshot, `${FOLDER.uri}/a.yaml`, p);
    }
  });
});
