// Kuma's per-mesh VIP allocation (createOrUpdateMeshVIPConfig over simple-ipam): persisted
// addresses are reserved first, then entries without one take the lowest free address, in sorted
// entry order. The cursor starts at the network address; neither network nor broadcast address is
// kept back. When the range is exhausted an entry keeps no VIP.
import { PersistedEntry } from '../resources/model';
import { compareEntries } from '../resolve/view';
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

/** Persisted addresses that the allocation keeps, and the problems that kept others out. */
export interface Reservations {
  readonly problems: ReservationProblem[];
  readonly used: ReadonlySet<bigint>;
  /** `type:name` -> address. */
  readonly reserved: ReadonlyMap<string, string>;
}

/** Assigns `vip` on each target (already in Kuma's sorted order); returns problems with persisted entries. */
export function allocateVips(cidr: Cidr, targets: readonly VipTarget[], persisted: readonly PersistedEntry[], skipOutsideCidr = false): ReservationProblem[] {
  const reservations = reserveVips(cidr, persisted, skipOutsideCidr);
  assignVips(cidr, targets, reservations);
  return reservations.problems;
}

/**
 * Kuma's Reserve over the persisted entries. From 2.11 an address outside the CIDR (or none) is
 * skipped (`skipOutsideCidr`) and the entry is allocated again; before, it aborts the cycle.
 */
export function reserveVips(cidr: Cidr, persisted: readonly PersistedEntry[], skipOutsideCidr = false): Reservations {
  const problems: ReservationProblem[] = [];
  const used = new Set<bigint>();
  const reserved = new Map<string, string>();
  // Kuma reserves in sorted entry order (HostnameEntries), not in the order the JSON lists them:
  // of two entries with one address, the later in that order is the one reserved twice.
  for (const p of [...persisted].sort(compareEntries)) {
    if (p.type === 'host' && parseIP(p.name)) continue;
    const ip = parseIP(p.address);
    if (!ip || !contains(cidr, ip.family, ip.value)) {
      if (skipOutsideCidr) continue;
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
  return { problems, used, reserved };
}

export function assignVips(cidr: Cidr, targets: readonly VipTarget[], { used, reserved }: Reservations): void {
  const taken = new Set(used);
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
    while (cursor < end && taken.has(cursor)) cursor++;
    if (cursor >= end) {
      t.vip = null;
      continue;
    }
    taken.add(cursor);
    t.vip = formatIP(cidr.family, cursor);
    cursor++;
  }
}

/** A target of `VipAllocator`: its `type:name` and the number of the address it was last given. */
export interface NumberedTarget {
  readonly id: string;
  readonly target: VipTarget;
  vipNumber: number;
}

/**
 * `assignVips` for IPv4 with addresses as numbers, run again over the whole sorted entry list after
 * every change of the entry set (an inserted entry shifts every later VIP, as on a fresh control
 * plane). A target's address text is rebuilt only when its number moved. IPv6 takes `assignVips`.
 */
export class VipAllocator {
  private readonly usedNumbers: ReadonlySet<number>;

  constructor(
    private readonly cidr: Cidr,
    private readonly reservations: Reservations,
  ) {
    this.usedNumbers = new Set([...reservations.used].map(Number));
  }

  /** Assigns every target; returns how many got no address. */
  assign(targets: readonly NumberedTarget[]): number {
    let missing = 0;
    if (this.cidr.family !== 4) {
      assignVips(
        this.cidr,
        targets.map((t) => t.target),
        this.reservations,
      );
      for (const t of targets) {
        t.vipNumber = -1;
        if (t.target.vip === null && !t.target.address) missing++;
      }
      return missing;
    }
    const { reserved } = this.reservations;
    const used = this.usedNumbers;
    let cursor = Number(this.cidr.network);
    const end = cursor + Number(this.cidr.size);
    for (const t of targets) {
      const target = t.target;
      if (target.address) {
        target.vip = target.address;
        t.vipNumber = -1;
        continue;
      }
      if (reserved.size > 0) {
        const kept = reserved.get(t.id);
        if (kept) {
          target.vip = kept;
          t.vipNumber = -1;
          continue;
        }
      }
      // The cursor only moves forward, so addresses handed out here never need to be marked used.
      while (cursor < end && used.has(cursor)) cursor++;
      if (cursor >= end) {
        target.vip = null;
        t.vipNumber = -1;
        missing++;
        continue;
      }
      if (t.vipNumber !== cursor) {
        t.vipNumber = cursor;
        target.vip = formatIPv4(cursor);
      }
      cursor++;
    }
    return missing;
  }
}

function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
