// The parts of Kuma's ExternalService validation that decide whether it feeds the view.
import { ExternalService } from '../resources/model';
import { isDnsName, isIP } from '../render/dnsName';
import { PathBuilder, Violations } from './violations';
import { PORT_RANGE, validateTags } from './dataplane';

export function validateExternalService(es: ExternalService, v: Violations): void {
  const root = PathBuilder.root(es.specPath.map(String));
  const at = root.child('networking').child('address');
  if (es.address === '') v.add(at, "address can't be empty");
  else if (!/^(\[[^\]]*\]|[^:]*):[^:]*$/.test(es.address)) v.add(at, 'unable to parse address');
  else if (es.host === undefined || es.port === undefined) v.add(at, 'unable to parse port in address');
  else if (!isIP(es.host) && !isDnsName(es.host)) v.add(at, 'address has to be a valid IP address or a domain name');
  else if (es.port < 1 || es.port > 65535) v.add(at, PORT_RANGE);
  validateTags(root.child('tags'), es.tags, v, 'require');
}
