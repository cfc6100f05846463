// Kuma's validation of one resource: the name rules of the API and the kind's own validator.
// Returns violations; the caller turns them into diagnostics at the fields they name.
import { dialectOf } from '../render/evaluate';
import { Resource } from '../resources/model';
import { DEFAULT_KUMA_VERSION, rulesFor } from '../versions/kumaVersion';
import { validateDataplane } from './dataplane';
import { validateExternalService } from './externalService';
import { validateMeshGateway } from './meshGateway';
import { validateVirtualOutbound } from './virtualOutbound';
import { validateZoneIngress } from './zoneIngress';
import { validateMeta } from './meta';
import { Violation, Violations } from './violations';

export function validateResource(r: Resource, kumaVersion: string = DEFAULT_KUMA_VERSION): Violation[] {
  const v = new Violations();
  const rules = rulesFor(kumaVersion);
  if (r.kind !== 'VipConfig') validateMeta(r, rules, v);
  switch (r.kind) {
    case 'VirtualOutbound':
      validateVirtualOutbound(r, v, dialectOf(rules));
      break;
    case 'Dataplane':
      validateDataplane(r, v, rules);
      break;
    case 'ExternalService':
      validateExternalService(r, v, rules);
      break;
    case 'MeshGateway':
      validateMeshGateway(r, v);
      break;
    case 'ZoneIngress':
      validateZoneIngress(r, v);
      break;
    default:
      break;
  }
  return v.list;
}
