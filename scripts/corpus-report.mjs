#!/usr/bin/env node
// Runs the built CLI (`dist/cli.js check --format json`) on each corpus folder given and summarises what it
// reports: YAML files, files with Kuma resources, diagnostics by code and severity, the most common messages.
// Each folder is one workspace, as a user would check it. Used to measure Mesh Lens on real public YAML
// (docs/real-world.md); the corpus itself lives outside the repository.
//
//   node scripts/corpus-report.mjs [--json OUT.json] [--top N] [-- CLI-ARGS...] FOLDER...
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');

/**
 * @typedef {{ file: string, severity: string, code: string, message: string }} Diagnostic
 * @typedef {{ folder: string, files: number, kumaFiles: number, ms: number, failure?: string, diagnostics: Diagnostic[] }} FolderResult
 */

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ folders: string[], json: string | undefined, top: number, cliArgs: string[] }} */
  const opts = { folders: [], json: undefined, top: 25, cliArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = /** @type {string} */ (argv[i]);
    if (a === '--') {
      opts.cliArgs = argv.slice(i + 1);
      break;
    } else if (a === '--json') opts.json = argv[++i];
    else if (a === '--top') opts.top = Number(argv[++i]);
    else if (a.startsWith('-')) throw new Error(`unknown flag ${a}`);
    else opts.folders.push(a);
  }
  if (opts.folders.length === 0) throw new Error('usage: corpus-report.mjs [--json OUT] [--top N] [-- CLI-ARGS] FOLDER...');
  return opts;
}

// The same walk as the CLI: *.yaml / *.yml, skipping node_modules and .git.
/** @param {string} dir @returns {string[]} */
function yamlFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} d */
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(full);
      } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

// A cheap, deliberately independent test for "this file holds a Kuma resource": a document with a
// top-level `apiVersion: kuma.io/...` (Kubernetes form) or a top-level `type: Xxx` next to a top-level
// `name:` (Universal form). It only counts files; the CLI decides everything else.
/** @param {string} text */
function hasKumaResource(text) {
  for (const doc of text.split(/^---.*$/m)) {
    if (/^apiVersion:\s*["']?kuma\.io\//m.test(doc)) return true;
    if (/^type:\s*["']?[A-Z][A-Za-z]+["']?\s*$/m.test(doc) && /^name:/m.test(doc)) return true;
  }
  return false;
}

/** @param {string} folder @param {string[]} cliArgs @returns {FolderResult} */
function runFolder(folder, cliArgs) {
  const files = yamlFiles(folder);
  const kumaFiles = files.filter((f) => {
    try {
      return hasKumaResource(fs.readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  });
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...cliArgs, folder], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  /** @type {Diagnostic[]} */
  let diagnostics = [];
  /** @type {string | undefined} */
  let failure;
  // Exit 0 = clean, 1 = errors found; anything else (or unparsable output) is a crash worth reporting.
  if (res.status !== 0 && res.status !== 1) failure = `exit ${res.status ?? res.signal}: ${(res.stderr || '').trim().slice(0, 500)}`;
  else {
    try {
      diagnostics = JSON.parse(res.stdout).diagnostics;
    } catch (e) {
      failure = `unparsable output: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { folder, files: files.length, kumaFiles: kumaFiles.length, ms: Math.round(ms), failure, diagnostics };
}

// Messages differ by resource name; replace quoted names and numbers so alike messages group together.
/** @param {string} msg */
function messageShape(msg) {
  return msg
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+(\.\d+)*\b/g, 'N')
    .slice(0, 160);
}

/**
 * @template T
 * @param {T[]} items @param {(item: T) => string} key @returns {[string, number][]}
 */
function countBy(items, key) {
  /** @type {Map<string, number>} */
  const m = new Map();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const results = opts.folders.map((f) => runFolder(path.resolve(f), opts.cliArgs));
  const all = results.flatMap((r) => r.diagnostics.map((d) => ({ ...d, folder: r.folder })));
  const lines = [];
  lines.push('folder\tfiles\tkuma files\terrors\twarnings\tinfo\thints\tms' + (results.some((r) => r.failure) ? '\tfailure' : ''));
  /** @param {FolderResult} r @param {string} s */
  const sev = (r, s) => r.diagnostics.filter((d) => d.severity === s).length;
  for (const r of results) {
    lines.push([r.folder, r.files, r.kumaFiles, sev(r, 'error'), sev(r, 'warning'), sev(r, 'information'), sev(r, 'hint'), r.ms, r.failure ?? ''].join('\t').trimEnd());
  }
  /** @param {'files' | 'kumaFiles' | 'ms'} k */
  const total = (k) => results.reduce((s, r) => s + r[k], 0);
  lines.push(['TOTAL', total('files'), total('kumaFiles'), ...['error', 'warning', 'information', 'hint'].map((s) => all.filter((d) => d.severity === s).length), total('ms')].join('\t'));
  lines.push('', 'by code and severity:');
  for (const [k, n] of countBy(all, (d) => `${d.code}\t${d.severity}`)) lines.push(`${n}\t${k}`);
  lines.push('', `top ${opts.top} messages (errors and warnings, names and numbers elided):`);
  const ew = all.filter((d) => d.severity === 'error' || d.severity === 'warning');
  for (const [k, n] of countBy(ew, (d) => `${d.code}\t${messageShape(d.message)}`).slice(0, opts.top)) lines.push(`${n}\t${k}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(results, null, 1));
  return results.some((r) => r.failure) ? 2 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`corpus-report: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
