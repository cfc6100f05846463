// The one entry point to the language features, in the manner of vscode-json-languageservice's
// getLanguageService(): the server and the tests talk to this object, over a workspace snapshot,
// instead of importing each feature module.
import {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  SemanticTokens,
  SemanticTokensLegend,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { ResolvedClaimsParams, ResolvedClaimsResult, ResolvedViewParams, ResolvedViewResult } from '../../../shared/src/protocol';
import { Snapshot } from '../workspace/snapshot';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion } from './completion';
import { definition, MAX_DEFINITIONS } from './definition';
import { problemDiagnostics, workspaceDiagnostics } from './diagnostics';
import { hover, MAX_HOVER_ROWS } from './hover';
import { inlayHints } from './inlayHints';
import { references } from './references';
import { prepareRename, rename } from './rename';
import { resolvedClaims } from './resolvedClaims';
import { resolvedView } from './resolvedView';
import { SEMANTIC_LEGEND, semanticTokens } from './semanticTokens';
import { documentSymbols, workspaceSymbols } from './symbols';

export interface LanguageService {
  readonly semanticTokensLegend: SemanticTokensLegend;
  /** Rows a hover table shows, and locations a definition lists, at most. */
  readonly limits: { readonly hoverRows: number; readonly definitions: number };
  /** Diagnostics per URI (every indexed file has an entry), each linking to its rule in `docsUri`. */
  getDiagnostics(snapshot: Snapshot, docsUri: string): Map<string, Diagnostic[]>;
  /** Diagnostics per URI of the files that have any: what a publish after an edit converts. */
  getProblemDiagnostics(snapshot: Snapshot, docsUri: string): Map<string, Diagnostic[]>;
  doHover(snapshot: Snapshot, uri: string, position: Position): Hover | null;
  doComplete(snapshot: Snapshot, uri: string, position: Position): CompletionList;
  findDefinition(snapshot: Snapshot, uri: string, position: Position): Location[] | null;
  findReferences(snapshot: Snapshot, uri: string, position: Position, includeDeclaration?: boolean): Location[] | null;
  prepareRename(snapshot: Snapshot, uri: string, position: Position): { range: Range; placeholder: string } | null;
  doRename(snapshot: Snapshot, uri: string, position: Position, newName: string): WorkspaceEdit | null;
  findDocumentSymbols(snapshot: Snapshot, uri: string): DocumentSymbol[];
  findWorkspaceSymbols(snapshot: Snapshot, query: string): SymbolInformation[];
  getCodeLenses(snapshot: Snapshot, uri: string): CodeLens[];
  getInlayHints(snapshot: Snapshot, uri: string, range?: Range): InlayHint[];
  getCodeActions(snapshot: Snapshot, uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  getSemanticTokens(snapshot: Snapshot, uri: string): SemanticTokens;
  getResolvedView(snapshot: Snapshot, params: ResolvedViewParams): ResolvedViewResult;
  /** Every claim on one hostname of the resolved view, winner first. */
  getResolvedClaims(snapshot: Snapshot, params: ResolvedClaimsParams | undefined): ResolvedClaimsResult;
}

const SERVICE: LanguageService = {
  semanticTokensLegend: SEMANTIC_LEGEND,
  limits: { hoverRows: MAX_HOVER_ROWS, definitions: MAX_DEFINITIONS },
  getDiagnostics: workspaceDiagnostics,
  getProblemDiagnostics: problemDiagnostics,
  doHover: hover,
  doComplete: completion,
  findDefinition: definition,
  findReferences: references,
  prepareRename,
  doRename: rename,
  findDocumentSymbols: documentSymbols,
  findWorkspaceSymbols: workspaceSymbols,
  getCodeLenses: codeLenses,
  getInlayHints: inlayHints,
  getCodeActions: codeActions,
  getSemanticTokens: semanticTokens,
  getResolvedView: resolvedView,
  getResolvedClaims: resolvedClaims,
};

/** The language features; stateless, so one object serves every snapshot. */
export function getLanguageService(): LanguageService {
  return SERVICE;
}
