// Inbound tags Kuma sets on Kubernetes (kuma-kubernetes.md §4): `InboundTagsForService` for
// inbounds from a Service, `InboundTagsForPod` for the service-less inbound.
import { Labels, ServiceObject, ServicePortSpec } from './objects';
import { atLeast } from './versions';

export const TAG = {
  service: 'kuma.io/service',
  protocol: 'kuma.io/protocol',
  instance: 'kuma.io/instance',
  zone: 'kuma.io/zone',
  namespace: 'k8s.kuma.io/namespace',
  serviceName: 'k8s.kuma.io/service-name',
  servicePort: 'k8s.kuma.io/service-port',
} as const;

const KNOWN_APP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'kafka', 'tcp']);

/** The `kuma.io/zone` value, or undefined when the tag is absent (2.1 standalone). */
export function zoneTag(zone: string | undefined, version: string): string | undefined {
  if (zone) return zone;
  // 2.6+: standalone mode is gone and the zone name defaults to `default`.
  return atLeast(version, 6) ? 'default' : undefined;
}

/** `util.ServiceTagFor`: `<svc>_<ns>_svc_<port>`. */
export function serviceTagFor(svc: ServiceObject, port: number): string {
  return `${svc.name}_${svc.namespace}_svc_${port}`;
}

/** `kuma.io/protocol` of a Service port: appProtocol, the Service annotation, else tcp. */
export function protocolFor(svc: ServiceObject, port: ServicePortSpec, version: string): string {
  let protocol: string | undefined;
  if (port.appProtocol !== undefined) {
    protocol = port.appProtocol.toLowerCase();
    // 2.4+: appProtocols Kuma does not know are ignored.
    if (atLeast(version, 4) && !KNOWN_APP_PROTOCOLS.has(protocol)) protocol = undefined;
  }
  if (protocol === undefined) protocol = (svc.annotations[`${port.port}.service.kuma.io/protocol`] ?? '').toLowerCase();
  return protocol || 'tcp';
}

function copyLabels(labels: Labels, filterKuma: boolean): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(labels)) {
    if (v === '') continue;
    if (filterKuma && k.includes('kuma.io/')) continue;
    tags[k] = v;
  }
  return tags;
}

export interface TagContext {
  readonly podName: string;
  readonly podLabels: Labels;
  readonly namespace: string;
  readonly zone: string | undefined;
  readonly version: string;
}

/** Tags of the inbound for one port of a Service selecting the pod. */
export function serviceInboundTags(ctx: TagContext, svc: ServiceObject, port: ServicePortSpec, gatewayEnabled = false): Record<string, string> {
  const tags = copyLabels(ctx.podLabels, true);
  const svcPort = port.port ?? 0;
  tags[TAG.namespace] = ctx.namespace;
  tags[TAG.serviceName] = svc.name;
  tags[TAG.servicePort] = String(svcPort);
  tags[TAG.service] = serviceTagFor(svc, svcPort);
  if (ctx.zone !== undefined) tags[TAG.zone] = ctx.zone;
  const protocol = protocolFor(svc, port, ctx.version);
  // A delegated gateway (`kuma.io/gateway: enabled`) keeps only a tcp protocol tag.
  if (!gatewayEnabled || protocol === 'tcp') tags[TAG.protocol] = protocol;
  if (svc.headless) tags[TAG.instance] = ctx.podName;
  return tags;
}

/** Tags of the service-less inbound (port 49151): all pod labels, unfiltered. */
export function serviceLessTags(ctx: TagContext, workloadName: string): Record<string, string> {
  const tags = copyLabels(ctx.podLabels, false);
  tags[TAG.namespace] = ctx.namespace;
  tags[TAG.service] = `${workloadName}_${ctx.namespace}_svc`;
  if (ctx.zone !== undefined) tags[TAG.zone] = ctx.zone;
  tags[TAG.protocol] = 'tcp';
  tags[TAG.instance] = ctx.podName;
  return tags;
}
