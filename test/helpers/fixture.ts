// Multi-file fixtures in one string: each file starts with a `//- path` line. A `$0` marks the
// cursor (removed from the text; its offset is returned).
import { analyzeFile, resolveWorkspace, ResolveOptions, WorkspaceResult } from '../../server/src/engine/analyze';

export interface FixtureFile {
  path: string;
  text: string;
}

export interface Cursor {
  path: string;
  offset: number;
}

export function parseFixture(fixture: string): { files: FixtureFile[]; cursor?: Cursor } {
  const lines = dedent(fixture).split('\n');
  const files: FixtureFile[] = [];
  let current: { path: string; lines: string[] } | undefined;
  for (const line of lines) {
    const header = /^\/\/- (\S+)\s*$/.exec(line);
    if (header) {
      if (current) files.push({ path: current.path, text: current.lines.join('\n') });
      current = { path: header[1]!, lines: [] };
    } else if (current) current.lines.push(line);
    else if (line.trim() !== '') throw new Error(`fixture text before the first //- header: ${line}`);
  }
  if (current) files.push({ path: current.path, text: current.lines.join('\n') });
  let cursor: Cursor | undefined;
  for (const f of files) {
    const at = f.text.indexOf('$0');
    if (at >= 0) {
      if (cursor) throw new Error('fixture has more than one $0');
      cursor = { path: f.path, offset: at };
      f.text = f.text.slice(0, at) + f.text.slice(at + 2);
    }
  }
  return { files, ...(cursor ? { cursor } : {}) };
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

export function resolveFixture(fixture: string, options: ResolveOptions = {}): WorkspaceResult {
  const { files } = parseFixture(fixture);
  return resolveWorkspace(
    files.map((f) => analyzeFile(f.path, f.text)),
    options,
  );
}

/** `type:name vip port,port` lines for one mesh, the shape most tests compare against. */
export function entryLines(result: WorkspaceResult, mesh = 'default'): string[] {
  const m = result.meshes.find((x) => x.name === mesh);
  if (!m) return [];
  return m.view.entries.map((e) => `${e.type}:${e.name} ${e.vip ?? '-'} ${e.outbounds.map((o) => `${o.port}/${o.origin}`).join(',')}`);
}
