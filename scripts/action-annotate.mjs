// The GitHub Action's second half: reads the SARIF report `mesh-lens check` wrote, makes its file
// locations relative to the repository (GITHUB_WORKSPACE), as code scanning expects, prints one
// workflow annotation per result and writes the counts to GITHUB_OUTPUT.
//   node scripts/action-annotate.mjs REPORT.sarif [PATH...]   (the paths given to mesh-lens check)
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [report, ...paths] = process.argv.slice(2);
if (!report) {
  console.error('usage: action-annotate.mjs REPORT.sarif [PATH...]');
  process.exit(2);
}
const cwd = process.cwd();
const workspace = process.env.GITHUB_WORKSPACE || cwd;
// mesh-lens shows paths relative to the one folder it was given, else to the working folder.
const only = paths.length === 1 && paths[0] !== undefined ? path.resolve(cwd, paths[0]) : undefined;
const base = only && statSync(only, { throwIfNoEntry: false })?.isDirectory() ? only : cwd;

/** @param {string} uri */
const fromRepository = (uri) =>
  path
    .relative(workspace, path.resolve(base, decodeURI(uri)))
    .split(path.sep)
    .join('/');
/** @param {string} s */
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** @param {string} s */
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' };

/** @type {{ runs: { results: { ruleId: string, level: 'error' | 'warning' | 'note', message: { text: string }, locations?: { physicalLocation: { artifactLocation: { uri: string }, region?: { startLine: number, startColumn: number, endLine: number, endColumn: number } } }[], relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }} */
const sarif = JSON.parse(readFileSync(report, 'utf8'));
const counts = { error: 0, warning: 0, note: 0 };
for (const run of sarif.runs) {
  for (const result of run.results) {
    counts[result.level]++;
    for (const loc of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) {
      const artifact = loc.physicalLocation.artifactLocation;
      artifact.uri = encodeURI(fromRepository(artifact.uri));
    }
    const where = result.locations?.[0]?.physicalLocation;
    const region = where?.region;
    const props = [
      ...(where ? [`file=${escapeProperty(decodeURI(where.artifactLocation.uri))}`] : []),
      ...(region ? [`line=${region.startLine}`, `col=${region.startColumn}`, `endLine=${region.endLine}`, `endColumn=${region.endColumn}`] : []),
      `title=${escapeProperty(`Mesh Lens ${result.ruleId}`)}`,
    ];
    process.stdout.write(`::${COMMAND[result.level]} ${props.join(',')}::${escapeData(result.message.text)}\n`);
  }
}
writeFileSync(report, JSON.stringify(sarif, null, 2) + '\n');
process.stdout.write(`mesh-lens: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.note} note(s); SARIF report in ${report}\n`);
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `errors=${counts.error}\nwarnings=${counts.warning}\nnotes=${counts.note}\n`);
