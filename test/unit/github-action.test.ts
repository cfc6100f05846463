// The composite GitHub Action (action.yml), run as a runner runs it: its `run:` steps in
// `bash --noprofile --norc -eo pipefail`, inputs (with their defaults) and step outputs through the
// expressions action.yml uses, GITHUB_OUTPUT and GITHUB_WORKSPACE set, on a copy of examples/.
// The upload step (`uses: github/codeql-action/upload-sarif`) cannot run here and is only checked.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};

let tmp: string;
before(() => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'build first: npm run build');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-action-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface StepRun {
  name: string;
  ran: boolean;
  code?: number | null;
  stdout?: string;
  stderr?: string;
}

/** Runs the action's steps in order, as the runner does, until one fails. */
function runAction(given: Record<string, string>) {
  const workspace = fs.mkdtempSync(path.join(tmp, 'ws-'));
  fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  for (const name of Object.keys(given)) assert.ok(action.inputs[name], `action.yml has an input ${name}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const outputs: Record<string, Record<string, string>> = {};
  // The expressions action.yml uses: inputs.X, steps.ID.outputs.Y, github.action_path; ==, !=, &&.
  const value = (ref: string): string => {
    const m = /^(?:inputs\.([\w-]+)|steps\.([\w-]+)\.outputs\.([\w-]+)|github\.action_path)$/.exec(ref);
    assert.ok(m, `unknown expression ${ref}`);
    if (m[1] !== undefined) return inputs[m[1]]!;
    if (m[2] !== undefined) return outputs[m[2]]?.[m[3]!] ?? '';
    return root;
  };
  const evaluate = (expr: string): unknown => {
    const js = expr.replace(/\b(?:inputs|steps|github)\.[\w.-]+/g, (ref) => JSON.stringify(value(ref))).replace(/([=!])=/g, '$1==');
    assert.match(js, /^(?:"[^"]*"|'[^']*'|===|!==|&&|\|\||[\s()])*$/, `expression ${expr}`);
    return new Function(`return (${js});`)();
  };
  const substitute = (text: string) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, e: string) => String(evaluate(e)));
  const condition = (text: string) => Boolean(evaluate(text.replace(/^\$\{\{\s*|\s*\}\}$/g, '')));

  const steps: StepRun[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if !== undefined && !condition(step.if)) {
      steps.push({ name: step.name, ran: false });
      continue;
    }
    if (step.uses) {
      steps.push({ name: step.name, ran: false });
      continue;
    }
    assert.equal(step.shell, 'bash');
    const outputFile = path.join(workspace, `output-${i}`);
    fs.writeFileSync(outputFile, '');
    const script = path.join(workspace, `step-${i}.sh`);
    fs.writeFileSync(script, step.run!);
    const env = { ...process.env, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v))])) };
    const cwd = path.resolve(workspace, substitute(step['working-directory'] ?? '.'));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    steps.push({ name: step.name, ran: true, code: r.status, stdout: r.stdout, stderr: r.stderr });
    if (step.id) outputs[step.id] = Object.fromEntries([...fs.readFileSync(outputFile, 'utf8').matchAll(/^([\w-]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    if (r.status !== 0) break;
  }
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, substitute(v.value)]));
  return { workspace, steps, outputs: actionOutputs, step: (name: string) => steps.find((s) => s.name === name) };
}

type Sarif = { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };

describe('GitHub Action', () => {
  it('is a composite action whose upload step gets the report it wrote', () => {
    assert.equal(action.runs.using, 'composite');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload.with?.sarif_file, '${{ inputs.working-directory }}/${{ inputs.sarif-file }}');
  });

  it('checks examples/: SARIF with repository paths, annotations, counts, then fails on the error', () => {
    const run = runAction({ 'working-directory': 'examples' });
    const check = run.step('mesh-lens check')!;
    assert.equal(check.code, 0, check.stderr);
    const report = path.join(run.workspace, 'examples', 'mesh-lens.sarif');
    assert.equal(run.outputs['sarif-file'], 'mesh-lens.sarif');
    const sarif = JSON.parse(fs.readFileSync(report, 'utf8')) as Sarif;
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0]!.results;
    const uris = results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    for (const uri of uris) assert.ok(uri.startsWith('examples/') && fs.existsSync(path.join(run.workspace, decodeURI(uri))), uri);
    // examples/universal/copied-from-docs.yaml is the documentation's example without the kuma.io/service parameter Kuma requires.
    const error = results.find((r) => r.level === 'error');
    assert.equal(error?.ruleId, 'kuma-validation');
    assert.equal(error?.locations[0]!.physicalLocation.artifactLocation.uri, 'examples/universal/copied-from-docs.yaml');
    assert.ok(results.some((r) => r.ruleId === 'hostname-conflict' && r.level === 'warning'));
    assert.equal(run.outputs.errors, String(results.filter((r) => r.level === 'error').length));
    assert.equal(run.outputs.warnings, String(results.filter((r) => r.level === 'warning').length));
    assert.match(
      check.stdout!,
      /^::error file=examples\/universal\/copied-from-docs\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=Mesh Lens kuma-validation::conf\.parameters: must contain a parameter with kuma\.io\/service as a tagKey$/m,
    );
    assert.equal(run.step('Upload the report to code scanning')?.ran, false);
    const fail = run.step('Fail on errors')!;
    assert.equal(fail.ran, true);
    assert.equal(fail.code, 1);
    assert.match(fail.stdout!, /::error title=Mesh Lens::1 error\(s\)/);
  });

  it('passes paths, --disable and --kuma-version through, and succeeds without errors', () => {
    const run = runAction({ paths: 'examples/universal\nexamples/kubernetes', disable: 'kuma-validation', 'kuma-version': '2.9', 'fail-on-error': 'true' });
    assert.equal(run.step('mesh-lens check')?.code, 0, run.step('mesh-lens check')?.stderr);
    const sarif = JSON.parse(fs.readFileSync(path.join(run.workspace, 'mesh-lens.sarif'), 'utf8')) as Sarif;
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.ok(uris.size > 0);
    for (const uri of uris) assert.match(uri, /^examples\/(universal|kubernetes)\//);
    assert.equal(run.outputs.errors, '0');
    assert.equal(run.step('Fail on errors')?.ran, false);
  });

  it('fails the check step on a bad input, with mesh-lens saying why', () => {
    const run = runAction({ 'kuma-version': '1.0' });
    const check = run.step('mesh-lens check')!;
    assert.equal(check.code, 2);
    assert.match(check.stderr!, /mesh-lens: --kuma-version must be one of/);
    assert.equal(run.step('Fail on errors'), undefined, 'no step after a failed one');
  });
});
