// Which inbounds of a dataplane feed a mesh's VIP view, by Kuma version: 2.5+ skips inbounds with
// `state: Ignored`, 2.7+ inbounds on the reserved port 49151, and 2.14+ gives an inbound without
// a kuma.io/service no service VIP (BuildVirtualOutboundMeshView in pkg/dns/vips_allocator.go).
import { Dataplane, Inbound } from '../resources/model';
import { KumaRules, RESERVED_INBOUND_PORT } from '../versions/kumaVersion';

export function viewInbounds(dp: Dataplane, rules: KumaRules): readonly Inbound[] {
  if (!rules.skipIgnoredInbounds && !rules.skipReservedPortInbounds) return dp.inbounds;
  return dp.inbounds.filter((inbound) => !skipsView(inbound, rules));
}

export function skipsView(inbound: Inbound, rules: KumaRules): boolean {
  return (rules.skipIgnoredInbounds && inbound.ignored === true) || (rules.skipReservedPortInbounds && inbound.port === RESERVED_INBOUND_PORT);
}

/** Whether an inbound of this service gets the service VIP (when service VIPs are on). */
export function inboundGetsServiceVip(service: string, rules: KumaRules): boolean {
  return service !== '' || !rules.serviceVipNeedsService;
}
