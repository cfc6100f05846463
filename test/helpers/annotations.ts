// Diagnostics fixtures in the manner of rust-analyzer's: YAML files whose comment lines under a
// line say which diagnostics the line carries, with their range, severity, code and message:
//
//   name: web
//   #     ^^^ error[duplicate-resource]: Dataplane web is already defined ...
//
// The carets sit under the columns of the range on the nearest line above that is not an
// annotation. At column 0, a `#` directly followed by `^` or `|` stands for column 0 and is part of
// the marker; a single `|` marks an empty range. Annotations are YAML comments, so the engine reads the file as
// written. Several files: `#- path` lines start each one. Settings: `#! key: value` lines at the
// top (kumaVersion, zone, dnsDomain, vipCidr, serviceVipEnabled, assumeInjected, cpConfig).

export interface FixtureFile {
  readonly path: string;
  readonly text: string;
}

export interface Annotation {
  readonly file: string;
  /** 0-based line and UTF-16 columns, end exclusive. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

export interface DiagnosticsFixture {
  readonly files: readonly FixtureFile[];
  readonly settings: Readonly<Record<string, string>>;
  readonly annotations: readonly Annotation[];
}

const ANNOTATION = /^(\s*)#(\s*)([\^]+|\|)\s+(error|warning|information|hint)\[([a-z0-9-]+)\]: (.*)$/;

export function parseDiagnosticsFixture(text: string, defaultPath: string): DiagnosticsFixture {
  const settings: Record<string, string> = {};
  const files: { path: string; lines: string[] }[] = [];
  let current: { path: string; lines: string[] } | undefined;
  let header = true;
  for (const line of text.split('\n')) {
    const option = header ? /^#! ([A-Za-z]+): (.*)$/.exec(line) : null;
    if (option) {
      settings[option[1]!] = option[2]!.trim();
      continue;
    }
    header = false;
    const start = /^#- (\S+)\s*$/.exec(line);
    if (start) {
      files.push((current = { path: start[1]!, lines: [] }));
      continue;
    }
    if (!current) files.push((current = { path: defaultPath, lines: [] }));
    current.lines.push(line);
  }
  const annotations: Annotation[] = [];
  for (const f of files) {
    let target = -1;
    f.lines.forEach((line, i) => {
      const m = ANNOTATION.exec(line);
      if (!m) {
        target = i;
        return;
      }
      if (target < 0) throw new Error(`${f.path}:${i + 1}: an annotation with no line above it`);
      const [, indent, gap, marker, severity, code, message] = m;
      // `#^` at column 0: the `#` is the first caret.
      const hashIsMarker = indent === '' && gap === '';
      const first = indent!.length + (hashIsMarker ? 0 : 1 + gap!.length);
      const start = first;
      const end = marker === '|' ? start : indent!.length + 1 + gap!.length + marker!.length;
      if (!hashIsMarker && gap === '') throw new Error(`${f.path}:${i + 1}: put a space between # and the marker`);
      annotations.push({ file: f.path, line: target, start, end, severity: severity!, code: code!, message: message! });
    });
  }
  return { files: files.map((f) => ({ path: f.path, text: f.lines.join('\n') })), settings, annotations };
}

export function formatAnnotation(a: Annotation): string {
  return `${a.file}:${a.line + 1}:${a.start + 1}-${a.end + 1} ${a.severity}[${a.code}]: ${a.message}`;
}
