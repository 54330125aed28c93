// SPDX-License-Identifier: Apache-2.0
/**
 * What GatewaySubnet must not carry, read from the data plane ("About VPN Gateway configuration
 * settings"): a user-defined route for 0.0.0.0/0, a route table that turns off gateway route
 * propagation, or an NSG. Any of them can stop the gateway working.
 */
import type { DataPlaneSubnet } from '../model/dataplane';
import type { Site } from '../model/types';
import { isUnknown } from '../model/types';
import type { RuleResult } from './rule';
import { cannotEvaluate, violation } from './rule';

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

function routeTableResults(site: Site, subnet: DataPlaneSubnet): RuleResult[] {
  if (subnet.routeTable === undefined) return [];
  const expected = 'no default route and gateway route propagation on';
  if (isUnknown(subnet.routeTable))
    return [cannotEvaluate(subnet.address, 'route table of GatewaySubnet', subnet.routeTable.unknown, expected)];
  const address = subnet.routeTable;
  const table = site.dataplane?.routeTables.find((t) => t.address === address);
  if (table === undefined)
    return [cannotEvaluate(subnet.address, 'route table of GatewaySubnet', `${address} is not in the input`, expected)];
  const results: RuleResult[] = [];
  if (isUnknown(table.gatewayPropagation))
    results.push(
      cannotEvaluate(
        table.address,
        `gateway route propagation of ${table.name}`,
        table.gatewayPropagation.unknown,
        'enabled',
      ),
    );
  else if (!table.gatewayPropagation)
    results.push(
      violation(
        table.address,
        `route table ${table.name} on GatewaySubnet disables gateway route propagation`,
        'bgp_route_propagation_enabled = false',
        'propagation left on',
        {
          fix: 'set bgp_route_propagation_enabled = true, or remove the route table from GatewaySubnet',
        },
      ),
    );
  for (const route of table.routes) {
    if (isUnknown(route.prefix))
      results.push(
        cannotEvaluate(
          route.address,
          `prefix of route ${route.name} on GatewaySubnet`,
          route.prefix.unknown,
          'not 0.0.0.0/0',
        ),
      );
    else if (DEFAULT_ROUTES.has(route.prefix.trim()))
      results.push(
        violation(
          route.address,
          `route ${route.name} sends GatewaySubnet's default route elsewhere`,
          route.prefix,
          'no 0.0.0.0/0 user-defined route on GatewaySubnet',
          {
            fix: 'remove the default route from the route table associated with GatewaySubnet',
          },
        ),
      );
  }
  return results;
}

/** Findings for each GatewaySubnet of the site's data plane (none when the data plane was not read). */
export function gatewaySubnetPlane(site: Site): RuleResult[] {
  const subnets = (site.dataplane?.subnets ?? []).filter((s) => s.role === 'GatewaySubnet');
  return subnets.flatMap((subnet): RuleResult[] => {
    const results = routeTableResults(site, subnet);
    if (subnet.nsg !== undefined) {
      const nsg = isUnknown(subnet.nsg) ? `unknown (${subnet.nsg.unknown})` : subnet.nsg;
      results.push(
        violation(subnet.address, 'GatewaySubnet has a network security group', nsg, 'no NSG on GatewaySubnet', {
          fix: 'remove the NSG association from GatewaySubnet; filter on the workload subnets instead',
        }),
      );
    }
    return results;
  });
}
