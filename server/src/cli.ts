// `mesh-lens`: the engine for terminals and CI.
//   mesh-lens resolve [paths...] [--format table|json] [--cp-config FILE] [--zone NAME]
//   mesh-lens check   [paths...] [--format text|json|sarif] [--cp-config FILE] [--zone NAME] [--disable CODE,...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveWorkspace } from './engine/analyze';
import { analyzeFiles } from './workspace/analysisPool';
import { DEFAULT_KUMA_VERSION, KUMA_VERSIONS, normalizeKumaVersion } from './engine/versions/kumaVersion';
import { DEFAULT_SETTINGS, readCpConfig } from './engine/settings';
import { applySuppressions } from './engine/suppress';
import { collectFiles, UsageError } from './cli/files';
import { isHelmTemplate } from './engine/templates/helm';
import { handleClosedPipes, Output } from './cli/output';
import { jsonChunks } from './report/jsonChunks';
import { sortDiagnostics, toJsonDiagnostic, toJsonView } from './report/resolvedView';
import { toSarif } from './report/sarif';
import { diagnosticLines, tableLines } from './report/text';
import { VERSION } from './version';

const USAGE = `usage: mesh-lens resolve [paths...] [--format table|json] [--cp-config FILE] [--zone NAME] [--assume-injected] [--kuma-version V]
       mesh-lens check [paths...] [--format text|json|sarif] [--cp-config FILE] [--zone NAME] [--disable CODE[,CODE...]]
       [--assume-injected] [--kuma-version 2.1|2.2|...|2.14]`;

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
  const opts: Options = { command, paths: [], format: command === 'resolve' ? 'table' : 'text', disabled: new Set(), assumeInjected: false, kumaVersion: DEFAULT_KUMA_VERSION };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
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
    else if (name === '--kuma-version') {
      const v = normalizeKumaVersion(value());
      if (!v) throw new UsageError(`--kuma-version must be one of ${KUMA_VERSIONS.join(', ')} (a patch such as 2.6.3 counts as its minor)`);
      opts.kumaVersion = v;
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
  const { notes } = collected;
  // Helm chart templates are rendered by Helm, not read as they are.
  const files = collected.files.filter((f) => !isHelmTemplate(f.path.split(path.sep).join('/'), (folder) => fs.existsSync(path.join(folder || '/', 'Chart.yaml'))));
  for (const note of notes) process.stderr.write(`mesh-lens: ${note}\n`);
  const texts = files.map((f) => {
    try {
      return { file: f.display, text: fs.readFileSync(f.path, 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read ${f.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  // A large repository is parsed on worker threads; a small one on this thread.
  const analyses = await analyzeFiles(texts.map((t) => ({ ...t, kumaVersion: opts.kumaVersion })));
  const result = resolveWorkspace(analyses, { settings, kubernetes: { assumeInjected: opts.assumeInjected, kumaVersion: opts.kumaVersion } });
  const kept = applySuppressions(result.diagnostics, { textOf: (file) => result.files.get(file)?.parsed.text, disabled: opts.disabled });
  const diagnostics = sortDiagnostics(kept.map((d) => toJsonDiagnostic(result, d)));
  // Reports are written in pieces as they are produced; JSON never exists as one string.
  const out = new Output(process.stdout);
  if (opts.command === 'resolve') {
    const view = { ...toJsonView(result, []), diagnostics };
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
