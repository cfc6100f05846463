// Hovers: `hoverTarget` says what is under the cursor, one renderer per target kind says it in
// Markdown. A new hover is a target kind and a renderer. In a workspace of several scopes (control
// planes) each scope holding the file answers; equal answers are given once, headed by their scopes.
import { Hover, MarkupContent, MarkupKind, Position } from 'vscode-languageserver';
import { Snapshot } from '../../workspace/snapshot';
import { perScope, scopeLabel } from '../scopes';
import { locate, rangeOf } from '../util';
import { renderExternalService } from './externalService';
import { renderDataplane, renderInbound } from './inbound';
import { renderKubernetesService } from './kubernetesService';
import { renderMeshGateway } from './meshGateway';
import { renderParameter } from './parameter';
import { renderSelector } from './selector';
import { renderService } from './service';
import { HoverTarget, hoverTarget } from './target';
import { renderVirtualOutbound } from './virtualOutbound';
import { renderWorkload, renderWorkloadWithoutDataplane } from './workload';
import { renderZoneIngress } from './zoneIngress';

export { MAX_HOVER_ROWS } from './markdown';

export function hover(snapshot: Snapshot, uri: string, position: Position): Hover | null {
  const answers = perScope(
    snapshot,
    uri,
    (s) => hoverIn(s, uri, position) ?? undefined,
    (h) => (h.contents as MarkupContent).value,
  );
  const [first] = answers;
  if (!first) return null;
  if (first.scopes.length === 0) return first.value;
  const value = answers.map((a) => `_In ${scopeLabel(a.scopes)}:_\n\n${(a.value.contents as MarkupContent).value}`).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, ...(first.value.range ? { range: first.value.range } : {}) };
}

/** The hover of one scope (or of the whole workspace when it is one scope). */
function hoverIn(snapshot: Snapshot, uri: string, position: Position): Hover | null {
  const c = locate(snapshot, uri, position);
  const target = c && hoverTarget(c);
  if (!c || !target) return null;
  const md = render(snapshot, target);
  if (!md) return null;
  const span = target.kind === 'placeholder' ? target.span : c.scalar?.range ? ([c.scalar.range[0], c.scalar.range[1]] as const) : undefined;
  const range = span ? rangeOf(snapshot, c.file.file, span) : undefined;
  return { contents: { kind: MarkupKind.Markdown, value: md }, ...(range ? { range } : {}) };
}

export function render(snapshot: Snapshot, t: HoverTarget): string {
  switch (t.kind) {
    case 'virtualOutbound':
      return renderVirtualOutbound(snapshot, t.vo);
    case 'parameter':
      return renderParameter(snapshot, t.vo, t.index, t.name);
    case 'selector':
      return renderSelector(snapshot, t.vo, t.index);
    case 'inbound':
      return renderInbound(snapshot, t.dataplane, t.inbound);
    case 'dataplane':
      return renderDataplane(snapshot, t.dataplane);
    case 'service':
      return renderService(snapshot, t.mesh, t.service);
    case 'externalService':
      return renderExternalService(snapshot, t.externalService);
    case 'meshGateway':
      return renderMeshGateway(snapshot, t.gateway, t.listener);
    case 'zoneIngress':
      return renderZoneIngress(snapshot, t.ingress, t.service);
    case 'workload':
      return renderWorkload(snapshot, t.dataplanes);
    case 'kubernetesService':
      return renderKubernetesService(snapshot, t.service);
    case 'workloadWithoutDataplane':
      return renderWorkloadWithoutDataplane(t.decision);
    case 'placeholder':
      return t.markdown;
  }
}
