// A document with placeholders is a template: its values are known only once `--var` fills them
// in. Findings that touch a placeholder are dropped (no type, emptiness or range finding comes from
// an unknown value); the others stay, because they hold whatever the variables are. The
// document's resources and Kubernetes objects stay out of the workspace's view (no duplicate, VIP
// or conflict is computed from unknown names, tags or ports).
import { Resource } from '../resources/model';
import { EngineDiagnostic } from '../rules';
import { ParsedFile, YamlDocument } from '../yaml/documents';
import { findPlaceholders, touchesPlaceholder } from './placeholders';

export interface FileParts {
  readonly resources: Resource[];
  readonly kubernetesObjects: YamlDocument[];
  readonly diagnostics: EngineDiagnostic[];
}

export function setTemplatesAside(parsed: ParsedFile, parts: FileParts): FileParts {
  const placeholders = findPlaceholders(parsed.text);
  if (!placeholders.length) return parts;
  const templates = new Set(parsed.documents.filter((d) => placeholders.some((p) => p.span[0] >= d.span[0] && p.span[1] <= d.span[1])));
  if (!templates.size) return parts;
  return {
    resources: parts.resources.filter((r) => !templates.has(r.doc)),
    kubernetesObjects: parts.kubernetesObjects.filter((d) => !templates.has(d)),
    diagnostics: parts.diagnostics.filter((d) => !touchesPlaceholder(d.span, placeholders)),
  };
}

/** True when the document has placeholders. */
export function isTemplateDocument(doc: YamlDocument): boolean {
  return findPlaceholders(doc.text).length > 0;
}
