// The parts of Kuma's ExternalService validation that decide whether it feeds the view. From 2.6
// the service may not be the address's host.
import { ExternalService } from '../resources/model';
import { KumaRules, rulesFor } from '../versions/kumaVersion';
import { SERVICE_TAG } from './virtualOutbound';
import { isDnsName, isIP } from '../render/dnsName';
import { PathBuilder, Violations } from './violations';
import { PORT_RANGE, validateTags } from './dataplane';

export function validateExternalService(es: ExternalService, v: Violations, rules: KumaRules = rulesFor('2.1')): void {
  const root = PathBuilder.root(es.specPath.map(String));
  const at = root.child('networking').child('address');
  if (es.address === '') v.add(at, "address can't be empty");
  else if (!/^(\[[^\]]*\]|[^:]*):[^:]*$/.test(es.address)) v.add(at, 'unable to parse address');
  else if (es.host === undefined || es.port === undefined) v.add(at, 'unable to parse port in address');
  else if (!isIP(es.host) && !isDnsName(es.host)) v.add(at, 'address has to be a valid IP address or a domain name');
  else if (es.port < 1 || es.port > 65535) v.add(at, PORT_RANGE);
  validateTags(root.child('tags'), es.tags, v, 'require');
  const service = es.tags[SERVICE_TAG] ?? '';
  if (rules.serviceNotAddressHost && service !== '' && service === goSplitHost(es.address)) {
    v.add(root.child('tags').key(SERVICE_TAG), 'cannot be the same as networking.address');
  }
}

/** The host part of Go's net.SplitHostPort(address); undefined where it fails. */
function goSplitHost(address: string): string | undefined {
  const m = /^\[([^\]]*)\]:([^[\]]*)$/.exec(address) ?? /^([^:[\]]*):([^:[\]]*)$/.exec(address);
  return m && !m[2]!.includes(':') ? m[1] : undefined;
}
