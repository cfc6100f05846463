// `mesh-lens`: the engine for terminals and CI.
//   mesh-lens resolve [paths...] [--format table|json] [--cp-config FILE] [--zone NAME]
//   mesh-lens check   [paths...] [--format text|json|sarif] [--cp-config FILE] [--zone NAME] [--disable CODE,...] [--expand]
//   both: [--scope NAME[,NAME...]] (scopes: mesh-lens.yaml, kustomize overlays, forms)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCOPE_CONFIG_NAME } from './engine/scopes/config';
import { fileForm, planScopes } from './engine/scopes/plan';
import { resolveScopes, scopeKumaVersion } from './engine/scopes/resolve';
import { analyzeFiles } from './workspace/analysisPool';
import { DEFAULT_KUMA_VERSION, KUMA_VERSIONS, normalizeKumaVersion } from './engine/versions/kumaVersion';
import { DEFAULT_SETTINGS, readCpConfig } from './engine/settings';
import { applySuppressions } from './engine/suppress';
import { EXPANDED_CODES, expandPairs } from './engine/resolve/expand';
import { collectFiles, UsageError } from './cli/files';
import { buildOverlays, findKustomize } from './cli/kustomize';
import { isHelmTemplate } from './engine/templates/helm';
import { handleClosedPipes, Output } from './cli/output';
import { jsonChunks } from './report/jsonChunks';
import { sortDiagnostics, toJsonDiagnostic, toScopedJsonView } from './report/resolvedView';
import { toSarif } from './report/sarif';
import { diagnosticLines, tableLines } from './report/text';
import { VERSION } from './version';

const USAGE = `usage: mesh-lens resolve [paths...] [--format table|json] [--cp-config FILE] [--zone NAME] [--assume-injected] [--kuma-version V]
       mesh-lens check [paths...] [--format text|json|sarif] [--cp-config FILE] [--zone NAME] [--disable CODE[,CODE...]] [--expand]
       [--assume-injected] [--kuma-version 2.1|2.2|...|2.14] [--scope NAME[,NAME...]] [--no-kustomize-build]`;

interface Options {
  command: 'resolve' | 'check';
  paths: string[];
  format: string;
  cpConfig?: string;
  /** The local zone (`multizone.zone.name`); overrides the --cp-config file's. */
  zone?: string;
  disabled: Set<string>;
  assumeInjected: boolean;
  kumaVersion: string;
  /** One diagnostic per lost pair and skipped render instead of one per finding. */
  expand: boolean;
  /** Only these scopes; all when empty. */
  scopes: string[];
  /** Run `kustomize build` for overlays when kustomize or kubectl is on PATH. */
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    process.exit(0);
  }
  if (command !== 'resolve' && command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const opts: Options = {
    command,
    paths: [],
    format: command === 'resolve' ? 'table' : 'text',
    disabled: new Set(),
    assumeInjected: false,
    expand: false,
    kumaVersion: DEFAULT_KUMA_VERSION,
    scopes: [],
    build: true,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const eq = arg.indexOf('=');
      if (eq > 0) return arg.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const name = arg.split('=')[0];
    if (name === '--format') opts.format = value();
    else if (name === '--cp-config') opts.cpConfig = value();
    else if (name === '--zone') opts.zone = value();
    else if (arg === '--assume-injected') opts.assumeInjected = true;
    else if (arg === '--expand' && command === 'check') opts.expand = true;
    else if (name === '--kuma-version') {
      const v = normalizeKumaVersion(value());
      if (!v) throw new UsageError(`--kuma-version must be one of ${KUMA_VERSIONS.join(', ')} (a patch such as 2.6.3 counts as its minor)`);
      opts.kumaVersion = v;
    } else if (arg === '--no-kustomize-build') opts.build = false;
    else if (name === '--scope') {
      for (const n of value().split(',')) if (n.trim()) opts.scopes.push(n.trim());
    } else if (name === '--disable') for (const c of value().split(',')) opts.disabled.add(c.trim());
    else if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}`);
    else opts.paths.push(arg);
  }
  const formats = command === 'resolve' ? ['table', 'json'] : ['text', 'json', 'sarif'];
  if (!formats.includes(opts.format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  if (opts.paths.length === 0) opts.paths.push('.');
  return opts;
}

async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  let settings = DEFAULT_SETTINGS;
  if (opts.cpConfig) {
    let text: string;
    try {
      text = fs.readFileSync(opts.cpConfig, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --cp-config ${opts.cpConfig}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const read = readCpConfig(text, { ...DEFAULT_SETTINGS, kumaVersion: opts.kumaVersion });
    if (read.problems.length) throw new UsageError(`--cp-config ${opts.cpConfig}: ${read.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}`);
    settings = read.settings;
  }
  if (opts.zone !== undefined) settings = { ...settings, zone: opts.zone };
  settings = { ...settings, kumaVersion: opts.kumaVersion };
  const collected = await collectFiles(opts.paths, process.cwd());
  const { notes, base } = collected;
  // Helm chart templates are rendered by Helm, not read as they are.
  const files = collected.files.filter((f) => !isHelmTemplate(f.path.split(path.sep).join('/'), (folder) => fs.existsSync(path.join(folder || '/', 'Chart.yaml'))));
  for (const note of notes) process.stderr.write(`mesh-lens: ${note}\n`);
  // The scope config at the root of the folder the file names are relative to, read even when the paths leave it out.
  const configPath = path.join(base, SCOPE_CONFIG_NAME);
  if (!files.some((f) => f.display === SCOPE_CONFIG_NAME) && fs.existsSync(configPath)) files.push({ path: configPath, display: SCOPE_CONFIG_NAME });
  const texts = files.map((f) => {
    try {
      return { file: f.display, text: fs.readFileSync(f.path, 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read ${f.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  // A large repository is parsed on worker threads; a small one on this thread.
  const analyses = await analyzeFiles(texts.map((t) => ({ ...t, kumaVersion: opts.kumaVersion })));
  const plan = planScopes(
    analyses.map((a) => ({ file: a.file, text: a.parsed.text, form: fileForm(a) })),
    [SCOPE_CONFIG_NAME],
  );
  const names = plan.scopes.map((s) => s.name);
  for (const n of opts.scopes) if (!names.includes(n)) throw new UsageError(`--scope: no scope "${n}"; the scopes are: ${names.join(', ')}`);
  const chosen = opts.scopes.length ? opts.scopes : undefined;
  const tool = opts.build ? findKustomize() : undefined;
  const options = { settings, kubernetes: { assumeInjected: opts.assumeInjected, kumaVersion: opts.kumaVersion } };
  const built = tool
    ? buildOverlays(
        tool,
        plan.scopes.filter((s) => !chosen || chosen.includes(s.name)),
        base,
        new Map(analyses.map((a) => [a.file, a])),
        (s) => scopeKumaVersion(s, options),
      )
    : undefined;
  for (const failure of built?.failures ?? []) process.stderr.write(`mesh-lens: overlay ${failure}; read without a build\n`);
  const { scopes, result } = resolveScopes(analyses, plan, options, chosen, built?.builds);
  const found = opts.expand ? [...result.diagnostics.filter((d) => !EXPANDED_CODES.has(d.code)), ...expandPairs(result)] : result.diagnostics;
  const kept = applySuppressions(found, { textOf: (file) => result.files.get(file)?.parsed.text, disabled: opts.disabled });
  const diagnostics = sortDiagnostics(kept.map((d) => toJsonDiagnostic(result, d)));
  // Reports are written in pieces as they are produced; JSON never exists as one string.
  const out = new Output(process.stdout);
  if (opts.command === 'resolve') {
    // The claims that lost each hostname:port are listed in the JSON view only.
    const view = { meshes: toScopedJsonView(scopes, plan.scopes.length > 1, { dropped: opts.format === 'json' }), diagnostics };
    if (opts.format === 'json') await out.write(concat(jsonChunks(view), ['\n']));
    else await out.write(concat(tableLines(view), diagnosticLines(diagnostics)));
    await out.flush();
    return 0;
  }
  if (opts.format === 'json') await out.write(concat(jsonChunks({ diagnostics }), ['\n']));
  else if (opts.format === 'sarif') await out.write(concat(jsonChunks(toSarif(diagnostics, VERSION)), ['\n']));
  else await out.write(diagnosticLines(diagnostics));
  await out.flush();
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

function* concat(...parts: Iterable<string>[]): Generator<string> {
  for (const p of parts) yield* p;
}

handleClosedPipes();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`mesh-lens: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`mesh-lens: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 3;
    }
  },
);
