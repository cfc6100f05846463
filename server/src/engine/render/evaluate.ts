// Kuma's evalTemplate / EvalHost / EvalPort: the parameter map is built from the tags (key =
// parameter name, value = the tag of the effective tagKey, absent when the tag is missing), the
// template is plain Go text/template, and the result is checked as a DNS name or a port.
// Kuma 2.1-2.5 wrap the values in its error texts in '...'; 2.6+ quote them with Go's %q. The
// template itself is parsed and executed as the Go release the Kuma version is built with.
import { DEFAULT_GO_RELEASE, GO_RELEASES, GoRelease, parseTemplate, Template, TemplateError } from '../gotemplate';
import { sprintf } from '../gotemplate/fmt';
import { strV } from '../gotemplate/values';
import { effectiveTagKey, Parameter, Tags } from '../resources/model';
import { isDnsName } from './dnsName';
import { goParseInt10 } from './parseInt';

export type Rendered<T> = { ok: true; value: T; text: string } | { ok: false; reason: string; text?: string; templateError?: TemplateError };

type Compiled = { ok: true; template: Template } | { ok: false; error: TemplateError };

const NEWEST_GO_RELEASE: GoRelease = GO_RELEASES[GO_RELEASES.length - 1]!;

// Templates are shared by many VirtualOutbounds and rendered for many inbounds: parse once. Keyed
// by release, then by the source string itself: a template's source is one string object read
// from its file, whose hash the engine keeps, where a key made per call would be hashed per call.
const compiled = new Map<GoRelease, Map<string, Compiled>>();
let cachedCount = 0;
const MAX_CACHED = 10_000;

/**
 * The template parsed as a Go release. Without one, as the newest: callers that only read the tree
 * (the fields it reads, highlighting) then see every template some Kuma version accepts, since a
 * newer release's syntax only adds to an older one's ("else with", Go 1.23).
 */
export function compileTemplate(source: string, release: GoRelease = NEWEST_GO_RELEASE): Compiled {
  let bySource = compiled.get(release);
  let c = bySource?.get(source);
  if (!c) {
    c = parseTemplate(source, '', release);
    if (cachedCount >= MAX_CACHED) {
      compiled.clear();
      cachedCount = 0;
      bySource = undefined;
    }
    if (!bySource) compiled.set(release, (bySource = new Map()));
    bySource.set(source, c);
    cachedCount++;
  }
  return c;
}

/** How Kuma quotes values inside its template error texts. */
export type ErrorQuoting = 'single' | 'go';

/** How one Kuma version renders a template: the Go release it is built with, and its error quoting. */
export interface TemplateDialect {
  readonly go: GoRelease;
  readonly quoting: ErrorQuoting;
}

/** Kuma 2.1's dialect: Go 1.21, values in '...'. */
export const DEFAULT_DIALECT: TemplateDialect = Object.freeze({ go: DEFAULT_GO_RELEASE, quoting: 'single' });

/** The dialect of a Kuma version's rules. */
export function dialectOf(rules: { readonly goRelease: GoRelease; readonly quotedTemplateErrors: boolean }): TemplateDialect {
  return { go: rules.goRelease, quoting: rules.quotedTemplateErrors ? 'go' : 'single' };
}

export function sameDialect(a: TemplateDialect, b: TemplateDialect): boolean {
  return a.go === b.go && a.quoting === b.quoting;
}

/** `'s'` (Kuma 2.1-2.5) or Go's `%q` of s (2.6+). */
export function quoteValue(s: string, quoting: ErrorQuoting): string {
  return quoting === 'go' ? sprintf('%q', [strV(s)]) : `'${s}'`;
}

export function parameterEntries(parameters: readonly Parameter[], tags: Tags): Map<string, string> {
  const entries = new Map<string, string>();
  for (const p of parameters) {
    const key = effectiveTagKey(p);
    if (Object.prototype.hasOwnProperty.call(tags, key)) entries.set(p.name, tags[key]!);
  }
  return entries;
}

function evalTemplate(source: string, entries: Map<string, string>, d: TemplateDialect): Rendered<string> {
  const q = d.quoting;
  const c = compileTemplate(source, d.go);
  if (!c.ok) return { ok: false, reason: `failed compiling gotemplate error=${quoteValue(c.error.message, q)}`, templateError: c.error };
  const result = c.template.execute(entries);
  if (!result.ok) {
    return { ok: false, reason: `pre evaluation of template with parameters failed with error=${quoteValue(result.error.message, q)}`, templateError: result.error };
  }
  return { ok: true, value: result.output, text: result.output };
}

export function evalHost(source: string, entries: Map<string, string>, d: TemplateDialect = DEFAULT_DIALECT): Rendered<string> {
  const q = d.quoting;
  const r = evalTemplate(source, entries, d);
  if (!r.ok) return r;
  if (!isDnsName(r.value)) {
    return { ok: false, reason: `evaluation of template with parameters didn't return a valid dns name result=${quoteValue(r.value, q)}`, text: r.value };
  }
  return r;
}

export function evalPort(source: string, entries: Map<string, string>, d: TemplateDialect = DEFAULT_DIALECT): Rendered<number> {
  const q = d.quoting;
  const r = evalTemplate(source, entries, d);
  if (!r.ok) return r;
  const n = goParseInt10(r.value);
  if (n === undefined) {
    return { ok: false, reason: `evaluation of template with parameters didn't evaluate to a parsable number result=${quoteValue(r.value, q)}`, text: r.value };
  }
  if (n < 1n || n > 65535n) {
    // 2.6+ prints the number with %d, unquoted.
    const shown = q === 'go' ? `${n}` : `'${n}'`;
    return { ok: false, reason: `evaluation of template returned a port outside of the range [1..65535] result=${shown}`, text: r.value };
  }
  return { ok: true, value: Number(n), text: r.value };
}
