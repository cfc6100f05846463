// The compact "tag-first" persisted VIP view of Kuma 2.3+ (`experimental.useTagFirstVirtualOutboundModel`,
// pkg/dns/vips/tag_first_virtual_outbound_view.go): `{"v": {"<service>": {"oe": [{"t": {tags},
// "ap": [{"a": address, "d": domain, "p": port, "o": origin}]}]}}}`. Kuma reads it first and falls
// back to the other formats when `v` is empty. Only the addresses matter here: they are reserved.
import { PersistedEntry } from './model';

type EntryType = PersistedEntry['type'];

/** The entries of a tag-first view, or undefined when `data` is not one (no entries under `v`). */
export function readTagFirstVips(data: Record<string, unknown>, report: (message: string) => void): PersistedEntry[] | undefined {
  const perService = data.v;
  if (perService === undefined || perService === null) return undefined;
  if (!isObject(perService)) {
    report('could not unmarshal: "v" of the tag-first format must be an object');
    return [];
  }
  const services = Object.keys(perService);
  if (services.length === 0) return undefined;
  const seen = new Set<string>();
  const entries: PersistedEntry[] = [];
  for (const service of services) {
    const outbounds = (perService[service] as { oe?: unknown } | null)?.oe;
    for (const outbound of Array.isArray(outbounds) ? outbounds : []) {
      const addressPorts = isObject(outbound) ? outbound.ap : undefined;
      for (const ap of Array.isArray(addressPorts) ? addressPorts : []) {
        if (!isObject(ap)) continue;
        const address = typeof ap.a === 'string' ? ap.a : '';
        const type = entryTypeOf(typeof ap.o === 'string' ? ap.o : '');
        const name = type === 'service' ? service : typeof ap.d === 'string' ? ap.d : address;
        // The first address port of an entry creates it; later ones only add outbounds.
        const key = `${type}:${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ type, name, address });
      }
    }
  }
  return entries;
}

/** Kuma's originToEntryType over the minified origins (`svc`, `k8s`). */
function entryTypeOf(origin: string): EntryType {
  if (origin === 'svc') return 'service';
  if (origin === 'k8s' || origin.startsWith('external-service:')) return 'host';
  if (origin.startsWith('virtual-outbound:') || origin.startsWith('mesh-gateway:')) return 'fqdn';
  return 'service';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
