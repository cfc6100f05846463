import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture, applyEdits } from '../helpers/lspFixture';
import { DATAPLANES, voFixture } from '../helpers/lspFixtures';

const ls = getLanguageService();

const DOCS = 'file:///ext/docs/rules.md';

describe('diagnostics', () => {
  it('covers closed files with codes, links and related information', () => {
    const f = loadFixture(voFixture('none', '"{{.service}}.other"'));
    const all = ls.getDiagnostics(f.snapshot, DOCS);
    const d = all.get(f.uriOf('vo.yaml'))!.find((x) => x.code === 'hostname-conflict');
    assert.ok(d, 'two dataplanes claim backend.other:80 with different version tags');
    assert.equal(d.codeDescription!.href, `${DOCS}#hostname-conflict`);
    assert.ok(d.relatedInformation!.some((r) => r.location.uri === f.uriOf('dps.yaml')));
    assert.ok(all.get(f.uriOf('dps.yaml'))!.some((x) => x.code === 'hostname-conflict'));
  });
  it('lists, for publishing, exactly the files that have problems, with the same diagnostics', () => {
    const f = loadFixture(`${voFixture('none', '"{{.service}}.other"')}\n//- quiet.yaml\nplain: yaml\n`);
    const all = ls.getDiagnostics(f.snapshot, DOCS);
    const withProblems = [...all].filter(([, list]) => list.length > 0);
    assert.ok(withProblems.length >= 2 && all.get(f.uriOf('quiet.yaml'))!.length === 0);
    assert.deepEqual([...ls.getProblemDiagnostics(f.snapshot, DOCS)], withProblems);
  });
  it('honours disable-next-line, disable-file and the setting', () => {
    const fixture = voFixture('none', '"{{.service}}.other"');
    const count = (fx: string, disabled: string[] = []) => {
      const f = loadFixture(fx, { disabled: new Set(disabled) });
      return ls
        .getDiagnostics(f.snapshot, DOCS)
        .get(f.uriOf('vo.yaml'))!
        .filter((d) => d.code === 'host-outside-dns-domain').length;
    };
    assert.equal(count(fixture), 1);
    assert.equal(count(fixture.replace('  host:', '  # mesh-lens-disable-next-line host-outside-dns-domain, other\n  host:')), 0);
    assert.equal(count(fixture.replace('  host:', '  # mesh-lens-disable-next-line other-code\n  host:')), 1);
    assert.equal(count(fixture.replace('type: VirtualOutbound', '# mesh-lens-disable-file\ntype: VirtualOutbound')), 0);
    assert.equal(count(fixture, ['host-outside-dns-domain']), 0);
  });
  it('offers quick fixes: quote a number, add the kuma.io/service parameter, suppress', () => {
    const fx = `${DATAPLANES}\n//- vo.yaml\ntype: VirtualOutbound\nmesh: default\nname: x\nselectors:\n  - match:\n      version: "*"\nconf:\n  host: "{{.version}}.mesh"\n  port: 80\n  parameters:\n    - name: version\n`;
    const f = loadFixture(fx);
    const uri = f.uriOf('vo.yaml');
    const diags = ls.getDiagnostics(f.snapshot, DOCS).get(uri)!;
    const all = ls.getCodeActions(f.snapshot, uri, { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } }, diags);
    const quote = all.find((a) => a.title.startsWith('Quote'));
    assert.ok(quote, JSON.stringify(diags.map((d) => d.message)));
    const quoted = applyEdits(f.textOf('vo.yaml'), quote.edit!.changes![uri]!);
    assert.match(quoted, /port: "80"/);
    const add = all.find((a) => a.title === 'Add the kuma.io/service parameter');
    assert.ok(add);
    const fixed = applyEdits(quoted, add.edit!.changes![uri]!);
    const g = loadFixture(`${DATAPLANES}\n//- vo.yaml\n${fixed}`);
    const left = ls
      .getDiagnostics(g.snapshot, DOCS)
      .get(g.uriOf('vo.yaml'))!
      .filter((d) => d.severity === 1);
    assert.deepEqual(
      left.map((d) => d.message),
      [],
    );
    assert.ok(all.some((a) => a.title.startsWith('Suppress ')));
  });
});
