// MeshGatewayResource.Validate of Kuma 2.1.x, message for message: selectors, tags, then conf
// (each listener, then the listeners that cannot share a port). Kuma reports the port conflicts
// while iterating Go maps, in no fixed order; here ports and groups come in order of appearance.
import { GatewayListener, MeshGateway } from '../resources/model';
import { PORT_RANGE } from './dataplane';
import { validateSelectorTags } from './tags';
import { PathBuilder, Violations } from './violations';

const DATAPLANE_TAGS = ['kuma.io/external-service-name', 'kuma.io/protocol', 'kuma.io/service', 'kuma.io/zone'];
const PROTOCOLS = new Set(['NONE', 'TCP', 'UDP', 'TLS', 'HTTP', 'HTTPS']);
const TLS_MODES = new Set(['NONE', 'TERMINATE', 'PASSTHROUGH']);
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);

export function validateMeshGateway(gw: MeshGateway, v: Violations): void {
  const root = PathBuilder.root(gw.specPath.map(String));
  const crossMesh = (gw.listeners ?? []).some((l) => l.crossMesh);
  const selectors = root.child('selectors');
  if (gw.selectors.length === 0) v.add(selectors, 'must have at least one element');
  gw.selectors.forEach((s, i) => {
    validateSelectorTags(selectors.index(i).child('match'), s.match, v, { requireAtLeastOneTag: true, requireService: true });
    if (i > 0 && crossMesh) v.add(selectors.index(i), 'there can be at most one selector');
  });
  // The gateway's own tags bind it to dataplanes: the tags a dataplane carries itself are refused.
  validateSelectorTags(root.child('tags'), gw.tags, v, { forbiddenKeys: DATAPLANE_TAGS });
  validateConf(root.child('conf'), gw.listeners, v);
}

function validateConf(conf: PathBuilder, listeners: readonly GatewayListener[] | undefined, v: Violations): void {
  if (!listeners) {
    v.add(conf, 'cannot be empty');
    return;
  }
  const path = conf.child('listeners');
  if (listeners.length === 0) v.add(path, 'cannot be empty');
  listeners.forEach((l, i) => {
    const at = path.index(i);
    if (l.hostname !== '') validateHostname(at.child('hostname'), l.hostname, v);
    if (l.port < 1 || l.port > 65535) v.add(at.child('port'), PORT_RANGE);
    if (!PROTOCOLS.has(l.protocol)) v.add(at.child('protocol'), `invalid value for enum type: ${JSON.stringify(l.protocol)}`);
    else if (l.protocol === 'NONE') v.add(at.child('protocol'), 'cannot be empty');
    else if (l.protocol === 'UDP' || l.protocol === 'TLS') v.add(at.child('protocol'), 'protocol type is not supported');
    else if (l.protocol === 'HTTPS') {
      if (l.crossMesh) v.add(at.child('protocol'), 'protocol is not supported with crossMesh');
      else if (!l.tls) v.add(at.child('tls'), 'cannot be empty');
    }
    if (l.tls && !l.crossMesh) {
      const tls = at.child('tls');
      if (!TLS_MODES.has(l.tls.mode)) v.add(tls.child('mode'), `invalid value for enum type: ${JSON.stringify(l.tls.mode)}`);
      else if (l.tls.mode === 'NONE') v.add(tls.child('mode'), 'cannot be empty');
      else if (l.tls.mode === 'PASSTHROUGH') {
        if (l.tls.certificates > 0) v.add(tls.child('certificates'), 'must be empty in TLS passthrough mode');
      } else if (l.tls.certificates === 0) v.add(tls.child('certificates'), 'cannot be empty in TLS termination mode');
      else if (l.tls.certificates > 2) v.add(tls.child('certificates'), 'cannot have more than 2 certificates');
    }
    if (l.tls && l.crossMesh && (l.tls.mode !== 'NONE' || l.tls.certificates > 0)) v.add(at.child('tls'), 'must be empty with crossMesh');
    validateSelectorTags(at.child('tags'), l.tags, v, { forbiddenKeys: DATAPLANE_TAGS });
  });
  validateCollapsibility(path, listeners, v);
}

/** Kuma's ValidateHostname: `*`, `*.domain` or a lower-case domain name. */
function validateHostname(at: PathBuilder, hostname: string, v: Violations): void {
  if (hostname === '*') return;
  if (hostname.startsWith('*.')) {
    if (!DOMAIN.test(hostname.slice(2))) v.add(at, 'invalid wildcard domain');
    return;
  }
  if (!DOMAIN.test(hostname)) v.add(at, 'invalid hostname');
}

/** Listeners on one port must agree on the protocol, differ in hostname and share a connection limit. */
function validateCollapsibility(path: PathBuilder, listeners: readonly GatewayListener[], v: Violations): void {
  const byPort = new Map<number, GatewayListener[]>();
  for (const l of listeners) {
    const list = byPort.get(l.port);
    if (list) list.push(l);
    else byPort.set(l.port, [l]);
  }
  const groups = (key: (l: GatewayListener) => string) => [...byPort.values()].map((ls) => groupBy(ls, key));
  for (const protocols of groups((l) => l.protocol)) {
    if (protocols.length <= 1) continue;
    for (const group of protocols) for (const l of group) v.add(path.index(l.index), 'protocol conflicts with other listeners on this port');
  }
  // An empty hostname is the wildcard.
  for (const hostnames of groups((l) => l.hostname || '*')) {
    for (const group of hostnames) {
      if (group.length <= 1) continue;
      for (const l of group) v.add(path.index(l.index), 'multiple listeners for hostname on this port');
    }
  }
  for (const ls of byPort.values()) {
    const limited = ls.filter((l) => l.connectionLimit !== 0);
    if (new Set(limited.map((l) => l.connectionLimit)).size <= 1) continue;
    for (const l of limited) v.add(path.index(l.index).child('resources').child('connectionLimit'), 'conflicting values for this port');
  }
}

function groupBy(ls: readonly GatewayListener[], key: (l: GatewayListener) => string): GatewayListener[][] {
  const out = new Map<string, GatewayListener[]>();
  for (const l of ls) {
    const k = key(l);
    const list = out.get(k);
    if (list) list.push(l);
    else out.set(k, [l]);
  }
  return [...out.values()];
}
