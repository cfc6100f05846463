// The Go-template injection grammar: it loads into vscode-textmate with the Oniguruma engine VS
// Code uses, every regex compiles, and YAML lines get the expected template scopes.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = join(__dirname, '..', '..');
const injectionPath = join(root, 'syntaxes', 'kuma-gotmpl.injection.json');
const injection = JSON.parse(readFileSync(injectionPath, 'utf8')) as Record<string, unknown>;

// VS Code's own YAML grammar, when the end-to-end setup has installed code-server.
const realYamlDir = join(root, '.e2e', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'yaml', 'syntaxes');

// A small stand-in for source.yaml with the scalar scopes of VS Code's grammar (begin/end rules,
// as there), so the injection is exercised without code-server installed.
const standInYaml = {
  scopeName: 'source.yaml',
  patterns: [
    { name: 'comment.line.number-sign.yaml', match: '(?<=^|\\s)#.*$' },
    { match: '^\\s*(?:- )?([\\w./-]+)(:)(?=\\s|$)', captures: { 1: { name: 'entity.name.tag.yaml' }, 2: { name: 'punctuation.separator.map.value.yaml' } } },
    { name: 'string.quoted.double.yaml', begin: '"', end: '"', patterns: [{ name: 'constant.character.escape.yaml', match: '\\\\.' }] },
    { name: 'string.quoted.single.yaml', begin: "'", end: "'", patterns: [{ match: "''" }] },
    { name: 'string.unquoted.plain.out.yaml', begin: '(?=[^\\s#\'"{\\[|>-])', end: '(?=\\s#|$)' },
  ],
};

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOnig(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return { createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) };
  })();
  return onigLib;
}

function registry(yamlGrammars: Record<string, unknown>): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: loadOnig(),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'kuma.gotmpl.injection') return vsctm.parseRawGrammar(JSON.stringify(injection), injectionPath);
      const g = yamlGrammars[scopeName];
      return g ? vsctm.parseRawGrammar(JSON.stringify(g), `${scopeName}.json`) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? ['kuma.gotmpl.injection'] : undefined),
  });
}

interface Tok {
  text: string;
  scopes: string;
}

function tokenize(grammar: vsctm.IGrammar, text: string): Tok[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.join(' ') }));
  });
}

function scopeOf(tokens: Tok[], text: string, nth = 0): string {
  const hits = tokens.filter((t) => t.text === text);
  assert.ok(hits[nth], `no token ${JSON.stringify(text)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return hits[nth].scopes;
}

function collectRegexes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) collectRegexes(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end' || k === 'while') && typeof v === 'string') out.push(v);
      else collectRegexes(v, out);
    }
  }
  return out;
}

describe('Go-template injection grammar', () => {
  before(loadOnig);

  it('is an injection-only grammar for source.yaml strings', () => {
    assert.equal(injection.scopeName, 'kuma.gotmpl.injection');
    assert.match(String(injection.injectionSelector), /^L:source\.yaml string/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'kuma.gotmpl.injection');
    assert.deepEqual(entry.injectTo, ['source.yaml']);
    assert.equal(entry.language, undefined);
    assert.ok(existsSync(join(root, entry.path)));
  });

  it('every regex compiles with Oniguruma', () => {
    const regexes = collectRegexes(injection);
    assert.ok(regexes.length > 15, `only ${regexes.length} regexes found`);
    for (const re of regexes) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([re]).dispose(), `does not compile: ${re}`);
    }
    assert.throws(() => new oniguruma.OnigScanner(['(unclosed']), 'the compile check itself must be able to fail');
  });

  describe('with a stand-in YAML grammar', () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      const g = await registry({ 'source.yaml': standInYaml }).loadGrammar('source.yaml');
      assert.ok(g);
      grammar = g;
    });

    it('double-quoted: delimiters, fields, literal text stays a YAML string', () => {
      const [line] = tokenize(grammar, 'host: "{{.service}}.{{.version}}.mesh"');
      assert.match(scopeOf(line!, '{{'), /string\.quoted\.double\.yaml meta\.embedded\.block\.gotmpl punctuation\.section\.embedded\.begin\.gotmpl$/);
      assert.match(scopeOf(line!, 'service'), /variable\.other\.property\.gotmpl$/);
      assert.match(scopeOf(line!, 'version'), /variable\.other\.property\.gotmpl$/);
      assert.match(scopeOf(line!, '}}', 1), /punctuation\.section\.embedded\.end\.gotmpl$/);
      assert.doesNotMatch(scopeOf(line!, '.mesh'), /gotmpl/);
      assert.match(scopeOf(line!, '.mesh'), /string\.quoted\.double\.yaml$/);
    });

    it('keywords, builtins, pipes, variables, assignment, numbers and strings', () => {
      const [line] = tokenize(grammar, `port: '{{- if $p := .port -}}{{ printf "%d" $p | len }}{{ else }}6379{{ end }}{{ eq 1 2 }}'`);
      assert.match(scopeOf(line!, '-', 0), /keyword\.operator\.trim\.gotmpl$/);
      assert.match(scopeOf(line!, 'if'), /keyword\.control\.gotmpl$/);
      assert.match(scopeOf(line!, '$p'), /variable\.other\.gotmpl$/);
      assert.match(scopeOf(line!, ':='), /keyword\.operator\.assignment\.gotmpl$/);
      assert.match(scopeOf(line!, 'printf'), /support\.function\.builtin\.gotmpl$/);
      assert.match(scopeOf(line!, 'len'), /support\.function\.builtin\.gotmpl$/);
      assert.match(scopeOf(line!, '|'), /keyword\.operator\.pipe\.gotmpl$/);
      assert.match(scopeOf(line!, 'else'), /keyword\.control\.gotmpl$/);
      assert.match(scopeOf(line!, 'end'), /keyword\.control\.gotmpl$/);
      assert.match(scopeOf(line!, '1'), /constant\.numeric\.gotmpl$/);
      assert.ok(line!.some((t) => t.text.includes('%d') && /string\.quoted\.double\.gotmpl/.test(t.scopes)));
      assert.match(scopeOf(line!, '6379'), /string\.quoted\.single\.yaml$/);
    });

    it('plain scalars and comments inside actions', () => {
      const [line] = tokenize(grammar, 'host: inst-{{/* the instance */}}{{ .instance }}.redis.mesh');
      assert.match(scopeOf(line!, '/* the instance */'), /string\.unquoted\.plain\.out\.yaml .*comment\.block\.gotmpl$/);
      assert.match(scopeOf(line!, 'instance'), /string\.unquoted\.plain\.out\.yaml meta\.embedded\.block\.gotmpl variable\.other\.property\.gotmpl$/);
    });

    it('leaves YAML outside strings alone', () => {
      const lines = tokenize(grammar, 'name: team-names\n# {{.not}} a template\n- name: service');
      assert.ok(
        lines.flat().every((t) => !/gotmpl/.test(t.scopes)),
        JSON.stringify(lines),
      );
    });

    it('an unfinished action stops at the quote that closes the scalar, and at the end of the line', () => {
      for (const text of ['host: "{{.service"\nport: "80"', "host: '{{ .service'\nport: '80'", 'host: a-{{ .service\nport: "80"']) {
        const lines = tokenize(grammar, text);
        assert.ok(
          lines[1]!.every((t) => !/gotmpl/.test(t.scopes)),
          JSON.stringify(lines[1]),
        );
        assert.ok(
          lines[1]!.some((t) => t.text.includes('80') && /^source\.yaml string\.quoted\.(double|single)\.yaml$/.test(t.scopes)),
          JSON.stringify(lines[1]),
        );
      }
    });

    it('Go strings in a double-quoted scalar are written with escaped quotes', () => {
      const [line] = tokenize(grammar, 'host: "{{ printf \\"%s.mesh\\" .service }}"');
      assert.match(scopeOf(line!, '\\"', 0), /meta\.embedded\.block\.gotmpl string\.quoted\.double\.gotmpl$/);
      assert.match(scopeOf(line!, '%s.mesh'), /string\.quoted\.double\.gotmpl$/);
      assert.match(scopeOf(line!, '}}'), /punctuation\.section\.embedded\.end\.gotmpl$/);
      assert.match(scopeOf(line!, 'service'), /variable\.other\.property\.gotmpl$/);
    });
  });

  describe("with VS Code's YAML grammar", { skip: existsSync(realYamlDir) ? false : 'run scripts/e2e-setup.sh to install code-server and its YAML grammar' }, () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      const grammars: Record<string, unknown> = {};
      for (const f of ['yaml.tmLanguage.json', 'yaml-1.0.tmLanguage.json', 'yaml-1.1.tmLanguage.json', 'yaml-1.2.tmLanguage.json', 'yaml-1.3.tmLanguage.json', 'yaml-embedded.tmLanguage.json']) {
        const g = JSON.parse(readFileSync(join(realYamlDir, f), 'utf8')) as { scopeName: string };
        grammars[g.scopeName] = g;
      }
      const g = await registry(grammars).loadGrammar('source.yaml');
      assert.ok(g);
      grammar = g;
    });

    it('double-quoted, single-quoted, plain and block scalars get template scopes', () => {
      const lines = tokenize(
        grammar,
        ['conf:', '  host: "{{.service}}.mesh"', "  port: '{{ if .port }}{{ .port }}{{ else }}80{{ end }}'", '  alt: inst-{{ .instance }}.mesh', '  block: |', '    {{ $x := .name }}{{ $x }}'].join(
          '\n',
        ),
      );
      assert.match(scopeOf(lines[1]!, 'service'), /string\.quoted\.double\.yaml .*variable\.other\.property\.gotmpl$/);
      assert.match(scopeOf(lines[2]!, 'if'), /string\.quoted\.single\.yaml .*keyword\.control\.gotmpl$/);
      assert.match(scopeOf(lines[3]!, 'instance'), /string\.unquoted\.plain\.out\.yaml .*variable\.other\.property\.gotmpl$/);
      assert.match(scopeOf(lines[5]!, ':='), /string\.unquoted\.block\.yaml .*keyword\.operator\.assignment\.gotmpl$/);
      assert.doesNotMatch(scopeOf(lines[1]!, 'host'), /gotmpl/);
    });
  });
});
