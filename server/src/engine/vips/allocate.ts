// Kuma's per-mesh VIP allocation (createOrUpdateMeshVIPConfig over simple-ipam): persisted
// addresses are reserved first, then entries without one take the lowest free address, in sorted
// entry order. The cursor starts at the network address; neither network nor broadcast address is
// kept back. When the range is exhausted an entry keeps no VIP.
import { PersistedEntry } from '../resources/model';
import { Cidr, contains, formatIP, parseIP } from './cidr';

export interface VipTarget {
  readonly type: 'service' | 'host' | 'fqdn';
  readonly name: string;
  /** Host entries named by an IP already have their address. */
  readonly address?: string;
  vip: string | null;
}

export interface ReservationProblem {
  readonly entry: PersistedEntry;
  readonly message: string;
}

/** Assigns `vip` on each target (already in Kuma's sorted order); returns problems with persisted entries. */
export function allocateVips(cidr: Cidr, targets: readonly VipTarget[], persisted: readonly PersistedEntry[]): ReservationProblem[] {
  const problems: ReservationProblem[] = [];
  const used = new Set<bigint>();
  const reserved = new Map<string, string>();
  for (const p of persisted) {
    if (p.type === 'host' && parseIP(p.name)) continue;
    const ip = parseIP(p.address);
    if (!ip || !contains(cidr, ip.family, ip.value)) {
      problems.push({ entry: p, message: `address ${JSON.stringify(p.address)} of ${p.type}:${p.name} is outside the CIDR ${formatIP(cidr.family, cidr.network)}/${cidr.prefix}` });
      continue;
    }
    if (used.has(ip.value)) {
      problems.push({ entry: p, message: `address ${p.address} of ${p.type}:${p.name} is reserved twice` });
      continue;
    }
    used.add(ip.value);
    reserved.set(`${p.type}:${p.name}`, formatIP(cidr.family, ip.value));
  }
  let cursor = cidr.network;
  const end = cidr.network + cidr.size;
  for (const t of targets) {
    if (t.address) {
      t.vip = t.address;
      continue;
    }
    const kept = reserved.get(`${t.type}:${t.name}`);
    if (kept) {
      t.vip = kept;
      continue;
    }
    while (cursor < end && used.has(cursor)) cursor++;
    if (cursor >= end) {
      t.vip = null;
      continue;
    }
    used.add(cursor);
    t.vip = formatIP(cidr.family, cursor);
    cursor++;
  }
  return problems;
}
