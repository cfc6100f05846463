// Go templates inside `conf.host` / `conf.port`: where each `{{.name}}` is in the YAML source.
import { isScalar, Scalar } from 'yaml';
import { compileTemplate } from '../engine/render/evaluate';
import { VirtualOutbound } from '../engine/resources/model';
import { spanForPath, YamlDocument } from '../engine/yaml/documents';
import { sourceOffset } from '../engine/yaml/scalarOffsets';
import { nodeAt } from '../engine/yaml/documents';
import { Span } from '../engine/yaml/lineIndex';

export interface TemplateField {
  readonly name: string;
  /** Source span of the field's name (after the dot). */
  readonly nameSpan: Span;
  /** Source span of `.name`. */
  readonly span: Span;
  readonly field: 'host' | 'port';
}

export function templateScalar(vo: VirtualOutbound, field: 'host' | 'port'): Scalar | undefined {
  const node = nodeAt(vo.doc.ast.contents, [...vo.specPath, 'conf', field]);
  return isScalar(node) && typeof node.value === 'string' ? node : undefined;
}

/** Every field a template reads (`{{.name}}`), located in the YAML source. */
export function templateFields(vo: VirtualOutbound, text: string): TemplateField[] {
  const out: TemplateField[] = [];
  for (const field of ['host', 'port'] as const) {
    const scalar = templateScalar(vo, field);
    if (!scalar) continue;
    const source = String(scalar.value);
    const c = compileTemplate(source);
    if (!c.ok) continue;
    for (const f of c.template.fieldsRead()) {
      // A span covers `.name` (or `"name"` in `index . "name"`): find the name inside it.
      const at = source.indexOf(f.name, f.start);
      const nameStart = at >= f.start && at + f.name.length <= f.end ? at : f.start;
      out.push({
        name: f.name,
        field,
        span: [sourceOffset(scalar, text, f.start), sourceOffset(scalar, text, f.end)],
        nameSpan: [sourceOffset(scalar, text, nameStart), sourceOffset(scalar, text, nameStart + f.name.length)],
      });
    }
  }
  return out;
}

export function parameterNameSpan(doc: YamlDocument, vo: VirtualOutbound, index: number): Span {
  return spanForPath(doc, [...vo.specPath, 'conf', 'parameters', index, 'name'], 'value');
}
