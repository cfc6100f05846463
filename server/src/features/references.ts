// References of a tag key across files: inbound and external-service tags, selector keys and
// parameter tagKeys (a parameter without tagKey reads the tag named like it).
import { Location, Position } from 'vscode-languageserver';
import { effectiveTagKey } from '../engine/resources/model';
import { fieldSpan } from '../engine/resolve/explain';
import { Span } from '../engine/yaml/lineIndex';
import { Snapshot } from '../workspace/snapshot';
import { tagUses, tagUseSpan } from './definition';
import { Cursor, locate, locationOf, pathEquals } from './util';

export function tagKeyAt(c: Cursor): string | undefined {
  const b = c.body;
  const r = c.resource;
  if (!b || !r) return undefined;
  if (r.kind === 'VirtualOutbound') {
    if (pathEquals(b, ['selectors', '#', 'match', '*']) && c.onKey) return String(b[3]);
    if (pathEquals(b, ['conf', 'parameters', '#', 'tagKey']) && !c.onKey) return String(c.scalar?.value ?? '');
  }
  if (r.kind === 'Dataplane' && pathEquals(b, ['networking', 'inbound', '#', 'tags', '*']) && c.onKey) return String(b[4]);
  if (r.kind === 'ExternalService' && pathEquals(b, ['tags', '*']) && c.onKey) return String(b[1]);
  return undefined;
}

export function references(snapshot: Snapshot, uri: string, position: Position, includeDeclaration = true): Location[] | null {
  const c = locate(snapshot, uri, position);
  if (!c) return null;
  const key = tagKeyAt(c);
  if (key === undefined) return null;
  const out: { file: string; span: Span }[] = [];
  if (includeDeclaration) for (const u of tagUses(snapshot, undefined, key, undefined)) out.push(tagUseSpan(u));
  for (const r of snapshot.result.resources) {
    if (r.kind !== 'VirtualOutbound') continue;
    r.selectors.forEach((s, i) => {
      if (Object.prototype.hasOwnProperty.call(s.match, key)) out.push({ file: r.doc.file, span: fieldSpan(r, ['selectors', i, 'match', key], 'key') });
    });
    (r.conf?.parameters ?? []).forEach((p, i) => {
      if (effectiveTagKey(p) === key) out.push({ file: r.doc.file, span: fieldSpan(r, ['conf', 'parameters', i, p.tagKey ? 'tagKey' : 'name'], 'value') });
    });
  }
  const seen = new Set<string>();
  return out
    .filter((x) => {
      const k = `${x.file}:${x.span[0]}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((x) => locationOf(snapshot, x.file, x.span));
}
