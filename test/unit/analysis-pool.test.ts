// Files analysed on worker threads must resolve exactly like files analysed on the main thread.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, resolveWorkspace } from '../../server/src/engine/analyze';
import { Dataplane } from '../../server/src/engine/resources/model';
import { fromData, sharedPath, toData } from '../../server/src/engine/transfer';
import { toJsonView } from '../../server/src/report/resolvedView';
import { analyzeOnWorkers, startWorkers, workerResourceLimits } from '../../server/src/workspace/analysisPool';

const examples = path.resolve(__dirname, '..', '..', 'examples');

function exampleFiles(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e.name)) out.push({ file: path.relative(examples, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(examples);
  return out;
}

const TRICKY = {
  file: 'tricky.yaml',
  text: 'type: Dataplane\nmesh: default\nname: odd\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n      tags:\n        kuma.io/service: odd\n        constructor: x\n---\ntype: VirtualOutbound\nmesh: default\nname: odd\nselectors:\n  - match:\n      toString: "*"\nconf:\n  host: "{{.svc}}.mesh"\n  port: "80"\n  parameters:\n    - name: svc\n      tagKey: kuma.io/service\n',
};

const view = (files: { file: string; text: string }[], analyse: (f: { file: string; text: string }) => ReturnType<typeof analyzeFile>) =>
  JSON.stringify(toJsonView(resolveWorkspace(files.map(analyse))));

describe('analysis on other threads', () => {
  it('a round trip through plain data (and a structured clone) changes no result', () => {
    const files = [...exampleFiles(), TRICKY];
    assert.equal(
      view(files, (f) => fromData(structuredClone(toData(analyzeFile(f.file, f.text))))),
      view(files, (f) => analyzeFile(f.file, f.text)),
    );
  });

  it('tag maps come back with nothing to inherit, so a tag named constructor is an ordinary key', () => {
    const a = fromData(structuredClone(toData(analyzeFile(TRICKY.file, TRICKY.text))));
    const dp = a.resources[0] as Dataplane;
    const tags = dp.inbounds[0]!.tags;
    assert.equal(tags.constructor, 'x');
    assert.deepEqual(Object.keys(tags), ['kuma.io/service', 'constructor']);
    for (let p = Object.getPrototypeOf(tags) as object | null; p; p = Object.getPrototypeOf(p) as object | null) assert.deepEqual(Reflect.ownKeys(p), []);
    assert.ok(!('toString' in tags) && !('hasOwnProperty' in tags) && !('__proto__' in tags));
    assert.equal(dp.inbounds[0]!.doc, a.parsed.documents[0]);
    // The tree is rebuilt on demand from the kept text.
    assert.equal(dp.doc.ast.get('name'), 'odd');
  });

  it('paths that come back equal share one array, and a number step is not its string', () => {
    const files = [...exampleFiles(), TRICKY];
    const inbounds = files.flatMap((f) => fromData(structuredClone(toData(analyzeFile(f.file, f.text)))).resources.flatMap((r) => (r.kind === 'Dataplane' ? r.inbounds : [])));
    const first = inbounds.find((i) => i.index === 0 && i.path.join('.') === 'networking.inbound.0')!;
    assert.ok(first);
    const zeros = inbounds.filter((i) => i.path.join('.') === 'networking.inbound.0');
    assert.ok(zeros.length >= 2, 'several documents have a first inbound');
    for (const i of zeros) assert.equal(i.path, first.path);
    assert.equal(sharedPath(['networking', 'inbound', 0]), first.path);
    const asString = sharedPath(['networking', 'inbound', '0']);
    assert.notEqual(asString, first.path);
    assert.deepEqual(asString, ['networking', 'inbound', '0']);
    assert.deepEqual(sharedPath(['a', 'b']), ['a', 'b']);
    assert.deepEqual(sharedPath(['a.b']), ['a.b']);
  });

  it('worker heaps are capped, with room for the largest file', () => {
    // Ordinary files: well below V8's default, far above what a 256 KB batch needs.
    const small = workerResourceLimits(64 * 1024).maxOldGenerationSizeMb!;
    assert.ok(small >= 512 && small < 2048, String(small));
    // A 20 MB single-document Dataplane took 2.2 GB of heap to read (measured on the main thread).
    assert.ok(workerResourceLimits(20 * 1048576).maxOldGenerationSizeMb! >= 2300);
  });

  it('worker threads give the same analyses as the main thread', async () => {
    const files = [...exampleFiles(), TRICKY];
    const fromWorkers = await analyzeOnWorkers(files, 2, path.resolve(__dirname, '..', '..', 'server', 'src', 'workspace', 'analysisWorker.ts'));
    assert.equal(fromWorkers.length, files.length);
    let i = 0;
    assert.equal(
      view(files, () => fromWorkers[i++]!),
      view(files, (f) => analyzeFile(f.file, f.text)),
    );
  });

  it('threads started ahead of the files give the same analyses, and one the batches do not need is ended', { skip: os.availableParallelism() < 2 }, async () => {
    assert.equal(startWorkers(1024), undefined, 'a small workspace starts no thread');
    const started = startWorkers(Number.MAX_SAFE_INTEGER);
    assert.ok(started && started.length >= 2);
    const exited = started.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
    const files = [...exampleFiles(), TRICKY];
    // The examples fit in one batch: one thread analyses them and every other is ended.
    const fromWorkers = await analyzeOnWorkers(files, started.length, path.resolve(__dirname, '..', '..', 'server', 'src', 'workspace', 'analysisWorker.ts'), undefined, started);
    await Promise.all(exited);
    let i = 0;
    assert.equal(
      view(files, () => fromWorkers[i++]!),
      view(files, (f) => analyzeFile(f.file, f.text)),
    );
  });
});
