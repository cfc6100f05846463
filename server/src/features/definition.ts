// Go to definition: `{{.name}}` -> its parameter; a selector tag key / value or a parameter's
// tagKey -> the dataplane inbounds (and external services) that carry the tag.
import { Location, Position } from 'vscode-languageserver';
import { Resource, VirtualOutbound } from '../engine/resources/model';
import { spanForPath } from '../engine/yaml/documents';
import { fieldSpan } from '../engine/resolve/explain';
import { Snapshot, TagOwner, TagUse } from '../workspace/snapshot';
import { Cursor, locate, locationOf, pathEquals } from './util';
import { parameterNameSpan, templateFields } from './templates';

export function definition(snapshot: Snapshot, uri: string, position: Position): Location[] | null {
  const c = locate(snapshot, uri, position);
  if (!c?.resource || !c.body) return null;
  const r = c.resource;
  if (r.kind === 'VirtualOutbound') {
    const field = templateFields(r, c.file.text).find((f) => c.offset >= f.span[0] && c.offset <= f.span[1]);
    if (field) {
      const i = (r.conf?.parameters ?? []).findIndex((p) => p.name === field.name);
      return i < 0 ? [] : [locationOf(snapshot, r.doc.file, parameterNameSpan(r.doc, r, i))];
    }
    const tag = selectorTagAt(c);
    if (tag) return tagLocations(snapshot, r.mesh, tag.key, tag.value);
    if (pathEquals(c.body, ['conf', 'parameters', '#', 'tagKey']) && !c.onKey && c.scalar) return tagLocations(snapshot, r.mesh, String(c.scalar.value ?? ''), undefined);
  }
  return null;
}

/** The selector tag under the cursor: its key, and its value when the cursor is on the value. */
export function selectorTagAt(c: Cursor): { key: string; value?: string } | undefined {
  const b = c.body;
  if (!b || c.resource?.kind !== 'VirtualOutbound' || !pathEquals(b, ['selectors', '#', 'match', '*'])) return undefined;
  const key = String(b[3]);
  if (c.onKey) return { key };
  return { key, value: String(c.scalar?.value ?? '') };
}

/** Where tag `key` (with `value`, or any value when undefined or `*`) is carried in a mesh; at most `limit` places. */
export function tagUses(snapshot: Snapshot, mesh: string | undefined, key: string, value: string | undefined, limit = Infinity): TagUse[] {
  const byValue = snapshot.tagIndex().get(key);
  if (!byValue) return [];
  const lists: [string, readonly TagOwner[]][] = value === undefined || value === '*' ? [...byValue] : [[value, byValue.get(value) ?? []]];
  const out: TagUse[] = [];
  for (const [v, owners] of lists) {
    for (const owner of owners) {
      if (out.length >= limit) return out;
      if (mesh === undefined || ('dataplane' in owner ? owner.dataplane.mesh : owner.externalService.mesh) === mesh) out.push({ key, value: v, owner });
    }
  }
  return out;
}

export function tagUseSpan(u: TagUse): { file: string; span: readonly [number, number] } {
  if ('dataplane' in u.owner) {
    const inbound = u.owner.inbound;
    return { file: inbound.doc.file, span: spanForPath(inbound.doc, [...inbound.path, 'tags', u.key], 'key') };
  }
  const es = u.owner.externalService;
  return { file: es.doc.file, span: fieldSpan(es, ['tags', u.key], 'key') };
}

/** Locations a tag definition lists: a wildcard over a whole mesh could name every inbound of it. */
export const MAX_DEFINITIONS = 100;

function tagLocations(snapshot: Snapshot, mesh: string, key: string, value: string | undefined): Location[] {
  return tagUses(snapshot, mesh, key, value, MAX_DEFINITIONS).map((u) => {
    const at = tagUseSpan(u);
    return locationOf(snapshot, at.file, at.span);
  });
}

export function isVirtualOutbound(r: Resource | undefined): r is VirtualOutbound {
  return r?.kind === 'VirtualOutbound';
}
