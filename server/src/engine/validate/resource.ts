// Kuma's validation of one resource: the name rules of the API and the kind's own validator.
// Returns violations; the caller turns them into diagnostics at the fields they name.
import { Resource } from '../resources/model';
import { DEFAULT_KUMA_VERSION, rulesFor } from '../versions/kumaVersion';
import { validateDataplane } from './dataplane';
import { validateExternalService } from './externalService';
import { validateVirtualOutbound } from './virtualOutbound';
import { PathBuilder, Violation, Violations } from './violations';

// The Universal API's name rule in Kuma 2.1.x.
const NAME = /^[0-9a-z-_]*$/;
const INVALID = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols.";

export function validateResource(r: Resource, kumaVersion: string = DEFAULT_KUMA_VERSION): Violation[] {
  const v = new Violations();
  const rules = rulesFor(kumaVersion);
  if (r.form === 'universal' && r.kind !== 'VipConfig') {
    if (r.name === '') v.add(new PathBuilder('name', ['name']), 'cannot be empty');
    else if (!NAME.test(r.name)) v.add(new PathBuilder('name', ['name']), INVALID);
  }
  if (r.kind !== 'Mesh' && r.kind !== 'VipConfig') {
    if (r.mesh === '') v.add(new PathBuilder('mesh', ['mesh']), 'cannot be empty');
    else if (!NAME.test(r.mesh)) v.add(new PathBuilder('mesh', ['mesh']), INVALID);
  }
  switch (r.kind) {
    case 'VirtualOutbound':
      validateVirtualOutbound(r, v, rules.quotedTemplateErrors ? 'go' : 'single');
      break;
    case 'Dataplane':
      validateDataplane(r, v, rules);
      break;
    case 'ExternalService':
      validateExternalService(r, v);
      break;
    default:
      break;
  }
  return v.list;
}
