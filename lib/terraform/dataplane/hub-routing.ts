// SPDX-License-Identifier: Apache-2.0
/**
 * vWAN routing intent ("How to configure Virtual WAN Hub routing intent and routing policies"):
 * a hub's Internet policy sends 0.0.0.0/0 of the VNets connected with
 * `internet_security_enabled` to the hub firewall; its PrivateTraffic policy sends the private
 * ranges of every connected VNet there. Read per VNet from its `azurerm_virtual_hub_connection`
 * and the hub's `azurerm_virtual_hub_routing_intent`.
 */
import type { DataPlaneVnet, HubRouting } from '../../model/dataplane';
import type { Maybe } from '../../model/types';
import { isUnknown, unknown } from '../../model/types';
import type { SiteContext } from '../context';
import { refAddress } from './refs';

/** The firewall each routing policy of a hub's intent sends to, by destination kind. */
interface Intent {
  readonly internet?: Maybe<string>;
  readonly private?: Maybe<string>;
}

function intentsByHub(ctx: SiteContext): Map<string, Intent> {
  const found = new Map<string, Intent>();
  for (const resource of ctx.ofType('azurerm_virtual_hub_routing_intent')) {
    ctx.read(resource, (r) => {
      const hub = refAddress(r, 'virtual_hub_id');
      if (hub === undefined || isUnknown(hub)) return;
      const intent: { internet?: Maybe<string>; private?: Maybe<string> } = {};
      for (const policy of r.blocks('routing_policy')) {
        const firewall = refAddress(policy, 'next_hop') ?? unknown(`${resource.address}.routing_policy.next_hop`);
        const destinations = policy.strings('destinations');
        if (destinations.some(isUnknown)) {
          intent.internet = intent.private = unknown(`${resource.address}.routing_policy.destinations`);
          continue;
        }
        if (destinations.includes('Internet')) intent.internet = firewall;
        if (destinations.includes('PrivateTraffic')) intent.private = firewall;
      }
      found.set(hub, intent);
    });
  }
  return found;
}

/** The VNets with the routing their hub connection gives them. */
export function withHubRouting(ctx: SiteContext, vnets: DataPlaneVnet[]): DataPlaneVnet[] {
  const connections = ctx.ofType('azurerm_virtual_hub_connection');
  if (connections.length === 0) return vnets;
  const intents = intentsByHub(ctx);
  const byVnet = new Map<string, HubRouting>();
  for (const connection of connections) {
    ctx.read(connection, (r) => {
      const vnet = refAddress(r, 'remote_virtual_network_id');
      const hub = refAddress(r, 'virtual_hub_id') ?? unknown(`${connection.address}.virtual_hub_id`);
      if (vnet === undefined || isUnknown(vnet)) return;
      const intent = isUnknown(hub) ? undefined : intents.get(hub);
      // The hub advertises 0.0.0.0/0 to a connection only with internet security on (azurerm's default: off).
      const security = r.bool('internet_security_enabled') ?? false;
      const routing: { -readonly [K in keyof HubRouting]?: HubRouting[K] } = { hub };
      if (isUnknown(hub)) routing.internet = routing.private = hub;
      if (intent?.private !== undefined) routing.private = intent.private;
      if (intent?.internet !== undefined && security !== false)
        routing.internet = isUnknown(security) ? security : intent.internet;
      byVnet.set(vnet, routing as HubRouting);
    });
  }
  return vnets.map((v) => {
    const routing = byVnet.get(v.address);
    return routing === undefined ? v : { ...v, hubRouting: routing };
  });
}
