// Fixture texts shared by feature tests.
export const DATAPLANES = `
//- dps.yaml
type: Dataplane
mesh: default
name: backend-1
networking:
  address: 10.0.0.11
  inbound:
    - port: 8080
      tags:
        kuma.io/service: backend
        version: v1
  transparentProxying:
    redirectPortInbound: 15006
    redirectPortOutbound: 15001
---
type: Dataplane
mesh: default
name: backend-2
networking:
  address: 10.0.0.12
  inbound:
    - port: 8080
      tags:
        kuma.io/service: backend
        version: v2`;

export function voFixture(cursorAt: 'name' | 'field' | 'param' | 'selectorKey' | 'none', host = '"{{.service}}.{{.version}}.mesh"'): string {
  const c = (k: string) => (k === cursorAt ? '$0' : '');
  return `${DATAPLANES}
//- vo.yaml
type: VirtualOutbound
mesh: default
name: ${c('name')}versioned
selectors:
  - match:
      kuma.io/service: "*"
      ${c('selectorKey')}version: "*"
conf:
  host: ${host.replace('{{.version', `{{.${c('field')}version`)}
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
    - name: ${c('param')}version
      tagKey: version
`;
}
