// The parts of Kuma's Dataplane validation that decide whether a dataplane can feed the hostname
// view: networking, address, inbound ports and tags (kuma.io/service required), gateway. From 2.14
// a dataplane may have no inbound, and an inbound (or gateway) without tags needs no kuma.io/service.
import { Dataplane } from '../resources/model';
import { KumaRules, rulesFor } from '../versions/kumaVersion';
import { quoteValue } from '../render/evaluate';
import { isDnsName, isIP } from '../render/dnsName';
import { PathBuilder, Violations } from './violations';
import { byteOrder } from './selectors';
import { SERVICE_TAG } from './virtualOutbound';

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:]*$/;
export const PORT_RANGE = 'port must be in the range [1, 65535]';
const PROTOCOL_TAG = 'kuma.io/protocol';

export function validateDataplane(dp: Dataplane, v: Violations, rules: KumaRules = rulesFor('2.1')): void {
  const root = PathBuilder.root(dp.specPath.map(String)).child('networking');
  if (!dp.networkingDefined) {
    v.add(root, 'must be defined');
    return;
  }
  if (dp.gateway) {
    if (dp.inbounds.length > 0) v.add(root.child('inbound'), `inbound cannot be defined for ${dp.gateway.type === 'BUILTIN' ? 'builtin' : 'delegated'} gateways`);
    const tagsPath = root.child('gateway').child('tags');
    // Kuma's protocol check runs before the checks of each tag.
    const protocol = dp.gateway.tags[PROTOCOL_TAG];
    if (protocol !== undefined && !gatewayProtocolIsTcp(protocol, rules)) {
      const shown = rules.parsedGatewayProtocol ? quoteValue(protocol, 'go') : `"${protocol}"`;
      v.add(tagsPath.key(PROTOCOL_TAG), `other values than tcp are not allowed, provided value ${shown}`);
    }
    const untagged = rules.inboundTagsOptional && Object.keys(dp.gateway.tags).length === 0;
    validateTags(tagsPath, dp.gateway.tags, v, untagged ? 'optional' : 'require');
  } else if (dp.inbounds.length === 0 && !rules.inboundTagsOptional) {
    v.add(root, 'has to contain at least one inbound interface or gateway');
  }
  validateAddress(root.child('address'), dp.address, v);
  dp.inbounds.forEach((inbound, i) => {
    const at = root.child('inbound').index(i);
    if (inbound.port === undefined || inbound.port < 1 || inbound.port > 65535) v.add(at.child('port'), PORT_RANGE);
    const untagged = rules.inboundTagsOptional && Object.keys(inbound.tags).length === 0;
    validateTags(at.child('tags'), inbound.tags, v, untagged ? 'optional' : 'inbound');
  });
}

/** 2.1-2.11 compare with "tcp" exactly; 2.12+ parse the protocol, case-insensitively. */
function gatewayProtocolIsTcp(protocol: string, rules: KumaRules): boolean {
  return rules.parsedGatewayProtocol ? protocol.toLowerCase() === 'tcp' : protocol === 'tcp';
}

function validateAddress(at: PathBuilder, address: string, v: Violations): void {
  if (address === '') v.add(at, "address can't be empty");
  else if (address === '0.0.0.0' || address === '::') v.add(at, 'must not be 0.0.0.0 or ::');
  else if (!isIP(address) && !isDnsName(address)) v.add(at, 'address has to be valid IP address or domain name');
}

/**
 * Kuma's ValidateTags. Inbounds report a missing service tag at the key (`tag has to exist`),
 * gateways and external services at the tags field (`mandatory tag ... is missing`).
 */
export function validateTags(path: PathBuilder, tags: Readonly<Record<string, string>>, v: Violations, service: 'inbound' | 'require' | 'optional'): void {
  for (const key of Object.keys(tags).sort(byteOrder)) {
    const value = tags[key]!;
    if (key === '') v.add(path, 'tag name must be non-empty');
    if (!TAG_NAME.test(key)) v.add(path.key(key), 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores');
    if (value === '') v.add(path.key(key), 'tag value must be non-empty');
    if (!TAG_VALUE.test(value)) v.add(path.key(key), 'tag value must consist of alphanumeric characters, dots, dashes and underscores');
  }
  if (service !== 'optional' && !Object.prototype.hasOwnProperty.call(tags, SERVICE_TAG)) {
    if (service === 'inbound') v.add(path.key(SERVICE_TAG), 'tag has to exist');
    else v.add(path, `mandatory tag "${SERVICE_TAG}" is missing`);
  }
}
