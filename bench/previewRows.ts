// A synthetic compact view shaped like a large mesh's (the preview's input): a few meshes, service
// entries, hostnames rendered by a couple of hundred VirtualOutbounds, sequential VIPs, and one
// hostname in twenty with dropped claims. Deterministic for a seed.
import type { CompactRow, CompactView } from '../shared/src/protocol';
import { rng } from './generate';

export function syntheticCompactView(rowCount: number, seed = 1): CompactView {
  const random = rng(seed);
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const s = (text: string): number => {
    let i = ids.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      ids.set(text, i);
    }
    return i;
  };
  const meshes = ['default', 'payments', 'edge', 'analytics'];
  const types = [s('service'), s('host'), s('fqdn')];
  const rows: CompactRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const mesh = meshes[i % meshes.length]!;
    const service = `svc-${Math.floor(i / 8)}`;
    const kind = i % 8 === 0 ? 0 : i % 97 === 0 ? 1 : 2;
    const vo = `virtual-outbound:vo-${Math.floor(random() * 240)}`;
    const hostname = kind === 0 ? service : kind === 1 ? `${service}.example.com` : `${service}.v${i % 8}.ns-${i % 50}.mesh`;
    const vip = `240.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const port = kind === 2 ? [80, 8080, 443, 9090][i % 4] : 80;
    const dps = 1 + Math.floor(random() * 6);
    const sources = Array.from({ length: Math.min(3, dps) }, (_, k) => `${service}-${k}`).join(', ') + (dps > 3 ? ` +${dps - 3} more` : '');
    const dropped = random() < 0.05 ? 1 + Math.floor(random() * 4) : 0;
    rows.push([
      s(mesh),
      types[kind]!,
      hostname,
      vip,
      s(kind === 0 ? `${port}, 80` : String(port)),
      s(kind === 0 ? 'service' : kind === 1 ? `external-service:${service}` : vo),
      s(sources),
      dps + dropped,
      dropped,
    ]);
  }
  return { strings, rows };
}
