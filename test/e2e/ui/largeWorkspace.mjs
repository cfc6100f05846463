// A Universal workspace with more than 50,000 resolved hostnames, for the preview's virtualized
// table: `dataplanes` dataplanes in files of 1,000 (the server skips files over 5 MB), four
// VirtualOutbounds that each render one hostname per dataplane, and one that reads `version`
// without rendering it, so every service's hostname is claimed with different tags (dropped claims).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICES = 400;

export function writeLargeWorkspace(dir, dataplanes = 13_000) {
  mkdirSync(join(dir, 'dataplanes'), { recursive: true });
  for (let file = 0; file * 1000 < dataplanes; file++) {
    const docs = [];
    for (let i = file * 1000; i < Math.min(dataplanes, (file + 1) * 1000); i++) {
      docs.push(`type: Dataplane
mesh: default
name: dp-${i}
networking:
  address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}
  inbound:
    - port: 8080
      tags:
        kuma.io/service: svc-${i % SERVICES}
        instance: "${i}"
        version: v${i % 3}
`);
    }
    writeFileSync(join(dir, 'dataplanes', `dataplanes-${String(file).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  const vo = (name, host, params) => `type: VirtualOutbound
mesh: default
name: ${name}
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "${host}"
  port: "80"
  parameters:
${params.map(([p, tag]) => `    - name: ${p}\n      tagKey: ${tag}`).join('\n')}
`;
  const perInstance = [
    ['service', 'kuma.io/service'],
    ['instance', 'instance'],
  ];
  writeFileSync(
    join(dir, 'virtual-outbounds.yaml'),
    [
      vo('instances', '{{.instance}}.{{.service}}.mesh', perInstance),
      vo('instances-internal', '{{.instance}}.{{.service}}.internal.mesh', perInstance),
      vo('instances-short', 'i{{.instance}}.mesh', perInstance),
      vo('instances-legacy', '{{.service}}-{{.instance}}.legacy.mesh', perInstance),
      // `version` is read but not rendered: dataplanes of one service claim one hostname with different tags
      vo('versioned', '{{.service}}.versioned.mesh', [
        ['service', 'kuma.io/service'],
        ['version', 'version'],
      ]),
    ].join('---\n'),
  );
  // 4 per dataplane, one per service with dropped claims, one service entry per service
  return { hostnames: dataplanes * 4 + SERVICES * 2, conflicts: SERVICES, services: SERVICES };
}
