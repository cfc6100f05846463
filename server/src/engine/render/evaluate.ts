// Kuma's evalTemplate / EvalHost / EvalPort: the parameter map is built from the tags (key =
// parameter name, value = the tag of the effective tagKey, absent when the tag is missing), the
// template is plain Go text/template, and the result is checked as a DNS name or a port.
// Kuma 2.1-2.5 wrap the values in its error texts in '...'; 2.6+ quote them with Go's %q.
import { parseTemplate, Template, TemplateError } from '../gotemplate';
import { sprintf } from '../gotemplate/fmt';
import { strV } from '../gotemplate/values';
import { effectiveTagKey, Parameter, Tags } from '../resources/model';
import { isDnsName } from './dnsName';
import { goParseInt10 } from './parseInt';

export type Rendered<T> =
  | { ok: true; value: T; text: string }
  | { ok: false; reason: string; text?: string; templateError?: TemplateError };

type Compiled = { ok: true; template: Template } | { ok: false; error: TemplateError };

// Templates are shared by many VirtualOutbounds and rendered for many inbounds: parse once.
const compiled = new Map<string, Compiled>();
const MAX_CACHED = 10_000;

export function compileTemplate(source: string): Compiled {
  let c = compiled.get(source);
  if (!c) {
    c = parseTemplate(source, '');
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, c);
  }
  return c;
}

/** How Kuma quotes values inside its template error texts. */
export type ErrorQuoting = 'single' | 'go';

/** `'s'` (Kuma 2.1-2.5) or Go's `%q` of s (2.6+). */
export function quoteValue(s: string, quoting: ErrorQuoting): string {
  return quoting === 'go' ? sprintf('%q', [strV(s)]) : `'${s}'`;
}

export function parameterEntries(parameters: readonly Parameter[], tags: Tags): Map<string, string> {
  const entries = new Map<string, string>();
  for (const p of parameters) {
    const key = effectiveTagKey(p);
    if (Object.prototype.hasOwnProperty.call(tags, key)) entries.set(p.name, tags[key]);
  }
  return entries;
}

function evalTemplate(source: string, entries: Map<string, string>, q: ErrorQuoting): Rendered<string> {
  const c = compileTemplate(source);
  if (!c.ok) return { ok: false, reason: `failed compiling gotemplate error=${quoteValue(c.error.message, q)}`, templateError: c.error };
  const result = c.template.execute(entries);
  if (!result.ok) {
    return { ok: false, reason: `pre evaluation of template with parameters failed with error=${quoteValue(result.error.message, q)}`, templateError: result.error };
  }
  return { ok: true, value: result.output, text: result.output };
}

export function evalHost(source: string, entries: Map<string, string>, q: ErrorQuoting = 'single'): Rendered<string> {
  const r = evalTemplate(source, entries, q);
  if (!r.ok) return r;
  if (!isDnsName(r.value)) {
    return { ok: false, reason: `evaluation of template with parameters didn't return a valid dns name result=${quoteValue(r.value, q)}`, text: r.value };
  }
  return r;
}

export function evalPort(source: string, entries: Map<string, string>, q: ErrorQuoting = 'single'): Rendered<number> {
  const r = evalTemplate(source, entries, q);
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
