// Hover on a `--var` placeholder (`{{ name }}`) of a Kuma resource template, or another tool's
// unquoted Go action (`{{ .KumaNamespace }}`): what fills it in.
import { looksLikeKuma } from '../engine/resources/read';
import { placeholderAt } from '../engine/templates/placeholders';
import { Span } from '../engine/yaml/lineIndex';
import { Cursor } from './util';

export function placeholderHover(c: Cursor): { markdown: string; span: Span } | undefined {
  if (!c.doc || !looksLikeKuma(c.doc.text)) return undefined;
  const p = placeholderAt(c.file.text, c.offset);
  if (!p) return undefined;
  const universal = /^type:[ \t]*["']?(\w+)/m.exec(c.doc.text)?.[1];
  const kind = universal ?? /^kind:[ \t]*["']?(\w+)/m.exec(c.doc.text)?.[1] ?? 'resource';
  const tag = `${p.raw ? '{{{' : '{{'} ${p.name} ${p.raw ? '}}}' : '}}'}`;
  const unknown = `Mesh Lens reads it as an unknown value: no finding comes from it, and this ${kind} stays out of the resolved view.`;
  if (p.go) {
    // Kuma renders Go templates only in a VirtualOutbound's quoted host and port.
    return {
      markdown: [
        `**\`${c.file.text.slice(p.span[0], p.span[1])}\`**: a Go template action, filled in by the tool that renders this file (a test harness, a chart) before it is applied; Kuma never renders it.`,
        '',
        unknown,
      ].join('\n'),
      span: p.span,
    };
  }
  if (!universal) {
    // On Kubernetes resources go through kubectl, which fills in nothing (kumactl apply is refused there).
    return { markdown: [`**\`${tag}\`**: a placeholder, filled in by whatever renders this file before kubectl applies it.`, '', unknown].join('\n'), span: p.span };
  }
  const tools = [
    ...(kind === 'Dataplane' ? [`\`kuma-dp run --dataplane-var ${p.name}=…\` (this is a Dataplane template)`] : []),
    `\`kumactl apply --var ${p.name}=…\` (which renders only when at least one \`--var\` is given)`,
  ];
  const markdown = [
    `**\`${tag}\`**: a placeholder, filled in before the YAML is read, by`,
    '',
    ...tools.map((t) => `- ${t}`),
    '',
    `${p.raw ? 'The value goes in as it is.' : `The value goes in HTML-escaped (\`{{{ ${p.name} }}}\` takes it as it is).`} A variable that is not set leaves nothing.`,
    '',
    unknown,
  ].join('\n');
  return { markdown, span: p.span };
}
