// `mesh-lens.yaml`: scopes declared by the user. Each scope names the files applied to one control
// plane (globs relative to the config's folder) and that control plane's settings. Problems are
// reported on the config file, at the value they are about; a scope with a problem is left out.
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { isKumaVersion, KUMA_VERSIONS } from '../versions/kumaVersion';
import { diagnostic, EngineDiagnostic, RULES } from '../rules';
import { Span } from '../yaml/lineIndex';

export const SCOPE_CONFIG_NAME = 'mesh-lens.yaml';

export type Environment = 'kubernetes' | 'universal';

export interface ScopeSpec {
  readonly name: string;
  /** Globs of the files in the scope, relative to the config's folder. */
  readonly files: readonly string[];
  readonly exclude: readonly string[];
  /** A kuma-cp configuration file, relative to the config's folder. */
  readonly cpConfig?: string;
  readonly cpConfigSpan?: Span;
  readonly kumaVersion?: string;
  readonly environment?: Environment;
}

export interface ScopeConfig {
  readonly file: string;
  /** The config's folder, `''` at the root, else ending with `/`. */
  readonly dir: string;
  readonly scopes: readonly ScopeSpec[];
  readonly problems: readonly EngineDiagnostic[];
}

const SCOPE_KEYS = new Set(['name', 'files', 'exclude', 'cpConfig', 'kumaVersion', 'environment']);

export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i + 1);
}

function spanOf(node: unknown, fallback: Span): Span {
  const r = (node as Node | undefined)?.range;
  return r ? [r[0], r[1]] : fallback;
}

export function readScopeConfig(file: string, text: string): ScopeConfig {
  const problems: EngineDiagnostic[] = [];
  const dir = dirOf(file);
  const problem = (span: Span, message: string) => problems.push(diagnostic(RULES.invalidScopeConfig, file, span, message));
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: new LineCounter(), uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    problem([e.pos[0], e.pos[1]], `not valid YAML: ${e.message.split('\n')[0]}`);
    return { file, dir, scopes: [], problems };
  }
  const whole: Span = [0, Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'))];
  const root = doc.contents;
  if (!isMap(root)) {
    problem(spanOf(root, whole), 'must be a mapping with a `scopes` list');
    return { file, dir, scopes: [], problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'scopes') problem(spanOf(pair.key, whole), `unknown field "${key}": the config has only \`scopes\``);
  }
  const list = root.get('scopes', true);
  if (list === undefined) {
    problem(whole, 'missing `scopes`: a list of scopes, each with a `name` and `files`');
    return { file, dir, scopes: [], problems };
  }
  if (!isSeq(list)) {
    problem(spanOf(list, whole), '`scopes` must be a list of scopes, each with a `name` and `files`');
    return { file, dir, scopes: [], problems };
  }
  const scopes: ScopeSpec[] = [];
  const names = new Set<string>();
  list.items.forEach((item, i) => {
    const at = spanOf(item, spanOf(list, whole));
    const where = `scopes[${i}]`;
    if (!isMap(item)) {
      problem(at, `${where}: must be a mapping with a \`name\` and \`files\``);
      return;
    }
    const before = problems.length;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!SCOPE_KEYS.has(key)) problem(spanOf(pair.key, at), `${where}: unknown field "${key}" (expected one of ${[...SCOPE_KEYS].join(', ')})`);
    }
    const str = (key: string): { value?: string; span: Span } => {
      const node = item.get(key, true);
      if (node === undefined) return { span: at };
      const span = spanOf(node, at);
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
        // Unquoted, a version is a number, and `2.10` is 2.1: ask for the quotes rather than guess.
        if (isScalar(node) && typeof node.value === 'number' && key === 'kumaVersion')
          problem(span, `${where}.kumaVersion: must be a string such as "2.6" (quote it: unquoted, 2.10 is the number 2.1)`);
        else problem(span, `${where}.${key}: must be a non-empty string`);
        return { span };
      }
      return { value: node.value, span };
    };
    const globs = (key: string, required: boolean): string[] => {
      const node = item.get(key, true);
      if (node === undefined) {
        if (required) problem(at, `${where}: missing \`${key}\`: a list of globs relative to the folder of ${SCOPE_CONFIG_NAME}`);
        return [];
      }
      if (!isSeq(node) || node.items.length === 0) {
        problem(spanOf(node, at), `${where}.${key}: must be a non-empty list of globs`);
        return [];
      }
      const out: string[] = [];
      node.items.forEach((g, j) => {
        if (isScalar(g) && typeof g.value === 'string' && g.value !== '') out.push(g.value);
        else problem(spanOf(g, at), `${where}.${key}[${j}]: must be a non-empty string (a glob)`);
      });
      return out;
    };
    const name = str('name');
    if (item.get('name', true) === undefined) problem(at, `${where}: missing \`name\``);
    else if (name.value !== undefined && names.has(name.value)) problem(name.span, `${where}.name: scope "${name.value}" is already declared`);
    const files = globs('files', true);
    const exclude = globs('exclude', false);
    const cpConfig = str('cpConfig');
    const kumaVersion = str('kumaVersion');
    // The minor versions the schema offers, exactly: the editor's schema check and this one agree.
    const version = kumaVersion.value !== undefined && isKumaVersion(kumaVersion.value) ? kumaVersion.value : undefined;
    if (kumaVersion.value !== undefined && !version) {
      problem(kumaVersion.span, `${where}.kumaVersion: must be one of ${KUMA_VERSIONS.join(', ')}`);
    }
    const environment = str('environment');
    if (environment.value !== undefined && environment.value !== 'kubernetes' && environment.value !== 'universal') {
      problem(environment.span, `${where}.environment: must be kubernetes or universal`);
    }
    if (name.value !== undefined) names.add(name.value);
    if (problems.length > before || name.value === undefined) return;
    scopes.push({
      name: name.value,
      files,
      exclude,
      ...(cpConfig.value !== undefined ? { cpConfig: cpConfig.value, cpConfigSpan: cpConfig.span } : {}),
      ...(version ? { kumaVersion: version } : {}),
      ...(environment.value !== undefined ? { environment: environment.value as Environment } : {}),
    });
  });
  return { file, dir, scopes, problems };
}

/** Joins a path relative to a folder (`''` or ending with `/`), resolving `.` and `..`; undefined when it leaves the root. */
export function joinPath(dir: string, rel: string): string | undefined {
  const parts: string[] = [];
  for (const p of (dir + rel).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}
