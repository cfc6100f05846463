// VirtualOutboundResource.Validate, message for message (2.1-2.5 quote with '...', 2.6+ with %q;
// the templates run as the Go release of the Kuma version).
// Violations are collected in Kuma's order: selectors, conf.parameters, conf.host, conf.port.
import { Tags, VirtualOutbound } from '../resources/model';
import { DEFAULT_DIALECT, evalHost, evalPort, parameterEntries, quoteValue, TemplateDialect } from '../render/evaluate';
import { PathBuilder, Violations } from './violations';
import { validateSelectors } from './selectors';

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const GO_TEMPLATE_KEY = /^[a-zA-Z0-9]+$/;
export const SERVICE_TAG = 'kuma.io/service';

export function validateVirtualOutbound(vo: VirtualOutbound, v: Violations, d: TemplateDialect = DEFAULT_DIALECT): void {
  const root = PathBuilder.root(vo.specPath.map(String));
  validateSelectors(root.child('selectors'), vo.selectors, v);
  const confPath = root.child('conf');
  const conf = vo.conf;
  if (!conf) {
    v.add(confPath, 'has to be defined');
    return;
  }
  const parametersPath = confPath.child('parameters');
  const seen = new Set<string>();
  let hasServiceTagKey = false;
  conf.parameters.forEach((p, i) => {
    const at = parametersPath.index(i);
    if (seen.has(p.name)) v.add(at.child('name'), 'name is already used');
    seen.add(p.name);
    if (p.tagKey !== '') {
      if (!TAG_NAME.test(p.tagKey)) v.add(at.child('tagKey'), 'must be a valid tag name');
    } else if (!TAG_NAME.test(p.name)) {
      v.add(at.child('name'), 'must be a valid tag name if you are not setting tagKey');
    }
    if (!GO_TEMPLATE_KEY.test(p.name)) v.add(at.child('name'), 'must consist of alphanumeric characters to be used as a gotemplate key');
    if (p.tagKey === SERVICE_TAG) hasServiceTagKey = true;
  });
  if (!hasServiceTagKey) v.add(parametersPath, 'must contain a parameter with kuma.io/service as a tagKey');

  if (conf.host === '') {
    v.add(confPath.child('host'), 'has to be defined');
  } else {
    const r = evalHost(conf.host, parameterEntries(conf.parameters, dummyTags(vo, 'dummy')), d);
    if (!r.ok) v.add(confPath.child('host'), `template pre evaluation failed with error=${quoteValue(r.reason, d.quoting)}`);
  }
  if (conf.port === '') {
    v.add(confPath.child('port'), 'has to be defined');
  } else {
    const r = evalPort(conf.port, parameterEntries(conf.parameters, dummyTags(vo, '1')), d);
    if (!r.ok) v.add(confPath.child('port'), `template pre evaluation failed with error=${quoteValue(r.reason, d.quoting)}`);
  }
}

/** Kuma pre-evaluates templates with every parameter's tag set to one dummy value. */
function dummyTags(vo: VirtualOutbound, value: string): Tags {
  const tags: Record<string, string> = Object.create(null);
  for (const p of vo.conf?.parameters ?? []) tags[p.tagKey || p.name] = value;
  return tags;
}
