// ZoneIngressResource.Validate of Kuma 2.1.x, message for message, with Kuma's field names
// (`availableService[i]`, and `.address` repeated after an address field).
import { ZoneIngress } from '../resources/model';
import { isDnsName, isIP } from '../render/dnsName';
import { parseIP } from '../vips/cidr';
import { PORT_RANGE } from './dataplane';
import { validateTagSet } from './tags';
import { PathBuilder, Violations } from './violations';

export function validateZoneIngress(zi: ZoneIngress, v: Violations): void {
  const root = PathBuilder.root(zi.specPath.map(String));
  const n = zi.networking;
  const at = root.child('networking');
  if (n.adminPort !== undefined && usesInboundInterface(zi, '127.0.0.1', n.adminPort)) v.add(at.child('admin').child('port'), 'must differ from port');
  if (n.advertisedAddress === '' && n.advertisedPort !== 0) v.add(at.child('advertisedAddress'), 'has to be defined with advertisedPort');
  if (n.advertisedPort === 0 && n.advertisedAddress !== '') v.add(at.child('advertisedPort'), 'has to be defined with advertisedAddress');
  if (n.address !== '') validateAddress(at.child('address'), n.address, v);
  if (n.advertisedAddress !== '') validateAddress(at.child('advertisedAddress'), n.advertisedAddress, v);
  if (n.port < 1 || n.port > 65535) v.add(at.child('port'), PORT_RANGE);
  if (n.advertisedPort !== 0 && n.advertisedPort > 65535) v.add(at.child('advertisedPort'), PORT_RANGE);
  // Kuma names the field in the singular.
  const services = new PathBuilder(root.field ? `${root.field}.availableService` : 'availableService', [...root.path, 'availableServices']);
  zi.availableServices.forEach((svc, i) => validateTagSet(services.index(i).child('tags'), svc.tags, v, { requireService: true }));
}

/** Kuma's validateAddress, which names the field `<field>.address`. */
function validateAddress(at: PathBuilder, address: string, v: Violations): void {
  const field = new PathBuilder(`${at.field}.address`, at.path);
  if (address === '0.0.0.0' || address === '::') v.add(field, 'must not be 0.0.0.0 or ::');
  if (!isIP(address) && !isDnsName(address)) v.add(field, 'address has to be valid IP address or domain name');
}

/** Kuma's UsesInboundInterface: the port is the (advertised) port and the addresses overlap. */
function usesInboundInterface(zi: ZoneIngress, address: string, port: number): boolean {
  const n = zi.networking;
  return (port === n.port && overlap(address, n.address)) || (port === n.advertisedPort && overlap(address, n.advertisedAddress));
}

/** Go's overlap over net.ParseIP: an unspecified address matches any; an unparsable one matches none. */
function overlap(a: string, b: string): boolean {
  const x = parseIP(a);
  const y = parseIP(b);
  if ((x && x.value === 0n) || (y && y.value === 0n)) return true;
  return !!x && !!y && x.family === y.family && x.value === y.value;
}
