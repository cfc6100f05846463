// The spans that diagnostics and editor features ask for most (names, hosts and ports, inbounds,
// tag keys), looked up once while the file's tree is at hand. Trees are let go after analysis,
// so asking later for one of these costs no parse.
import { rememberKeySpans, spanForPath } from '../yaml/documents';
import { bodyPath, Resource } from './model';

export function rememberSpans(r: Resource): void {
  spanForPath(r.doc, r.namePath, 'value');
  switch (r.kind) {
    case 'VirtualOutbound':
      for (const field of ['host', 'port', 'parameters']) spanForPath(r.doc, bodyPath(r, ['conf', field]));
      r.conf?.parameters.forEach((_p, i) => spanForPath(r.doc, bodyPath(r, ['conf', 'parameters', i, 'name']), 'value'));
      break;
    case 'Dataplane':
      for (const inbound of r.inbounds) {
        spanForPath(inbound.doc, inbound.path);
        rememberKeySpans(inbound.doc, [...inbound.path, 'tags'], Object.keys(inbound.tags));
      }
      break;
    case 'ExternalService':
      spanForPath(r.doc, bodyPath(r, ['networking', 'address']));
      rememberKeySpans(r.doc, bodyPath(r, ['tags']), Object.keys(r.tags));
      break;
    default:
      break;
  }
}
