// Document symbols (one per resource, with kind, name and mesh) and workspace symbols.
import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { Resource } from '../engine/resources/model';
import { nameSpan } from '../engine/resolve/explain';
import { Snapshot } from '../workspace/snapshot';
import { locationOf, rangeOf } from './util';

const KIND: Record<Resource['kind'], SymbolKind> = {
  Mesh: SymbolKind.Namespace,
  Dataplane: SymbolKind.Object,
  VirtualOutbound: SymbolKind.Function,
  ExternalService: SymbolKind.Interface,
  MeshGateway: SymbolKind.Event,
  ZoneIngress: SymbolKind.Module,
  VipConfig: SymbolKind.Constant,
};

function label(r: Resource): string {
  return r.name || `(unnamed ${r.kind})`;
}

function detail(r: Resource): string {
  return r.kind === 'Mesh' ? 'Mesh' : `${r.kind} · mesh ${r.mesh}`;
}

export function documentSymbols(snapshot: Snapshot, uri: string): DocumentSymbol[] {
  const file = snapshot.fileByUri(uri);
  if (!file) return [];
  return file.analysis.resources.map((r) => {
    const range = rangeOf(snapshot, file.file, r.doc.span);
    const sel = rangeOf(snapshot, file.file, nameSpan(r));
    const inside = sel.start.line >= range.start.line && sel.end.line <= range.end.line;
    return DocumentSymbol.create(label(r), detail(r), KIND[r.kind], range, inside ? sel : range);
  });
}

export function workspaceSymbols(snapshot: Snapshot, query: string): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const f of snapshot.files.values()) {
    for (const r of f.analysis.resources) {
      if (q && !`${r.kind} ${r.name} ${r.mesh}`.toLowerCase().includes(q)) continue;
      const loc = locationOf(snapshot, r.doc.file, nameSpan(r));
      out.push(SymbolInformation.create(label(r), KIND[r.kind], loc.range, loc.uri, r.kind === 'Mesh' ? undefined : `${r.kind} · ${r.mesh}`));
    }
  }
  return out;
}
