// Semantic tokens for the Go template parts of `conf.host` and `conf.port`: delimiters and
// operators, fields, functions, variables, keywords, strings, numbers and comments. Token offsets
// come from the template lexer (the parse tree's source) and are mapped through YAML quoting.
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { Lexer, T } from '../engine/gotemplate/lexer';
import { sourceOffset } from '../engine/yaml/scalarOffsets';
import { Snapshot } from '../workspace/snapshot';
import { templateScalar } from './templates';

const TYPES = ['operator', 'property', 'function', 'variable', 'keyword', 'string', 'number', 'comment'] as const;
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [] };

function typeOf(t: T): (typeof TYPES)[number] | undefined {
  switch (t) {
    case T.LeftDelim:
    case T.RightDelim:
    case T.Pipe:
    case T.Assign:
    case T.Declare:
    case T.LeftParen:
    case T.RightParen:
      return 'operator';
    case T.Field:
      return 'property';
    case T.Identifier:
      return 'function';
    case T.Variable:
    case T.Dot:
      return 'variable';
    case T.String:
    case T.RawString:
    case T.CharConstant:
      return 'string';
    case T.Number:
    case T.Complex:
      return 'number';
    case T.Comment:
      return 'comment';
    case T.Bool:
    case T.Nil:
      return 'keyword';
    default:
      return t > T.Keyword ? 'keyword' : undefined;
  }
}

export interface TemplateToken {
  start: number;
  end: number;
  type: (typeof TYPES)[number];
}

/** Tokens of one template source, in its own offsets. */
export function templateTokens(source: string): TemplateToken[] {
  const out: TemplateToken[] = [];
  const lexer = new Lexer(source);
  for (let n = 0; n < 10_000; n++) {
    const item = lexer.nextItem();
    if (item.typ === T.EOF || item.typ === T.Error) break;
    const type = typeOf(item.typ);
    if (!type || item.end <= item.pos) continue;
    // A field `.a.b` is one item; `.` and the name are colored together.
    out.push({ start: item.pos, end: item.end, type });
  }
  return out;
}

export function semanticTokens(snapshot: Snapshot, uri: string): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const file = snapshot.fileByUri(uri);
  if (!file) return builder.build();
  const lines = file.analysis.parsed.lines;
  for (const r of file.analysis.resources) {
    if (r.kind !== 'VirtualOutbound') continue;
    for (const field of ['host', 'port'] as const) {
      const scalar = templateScalar(r, field);
      if (!scalar || !String(scalar.value).includes('{{')) continue;
      for (const t of templateTokens(String(scalar.value))) {
        const s = lines.positionAt(sourceOffset(scalar, file.text, t.start));
        const e = lines.positionAt(sourceOffset(scalar, file.text, t.end));
        if (s.line !== e.line || e.character <= s.character) continue;
        builder.push(s.line, s.character, e.character - s.character, TYPES.indexOf(t.type), 0);
      }
    }
  }
  return builder.build();
}
