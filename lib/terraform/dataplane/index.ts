// SPDX-License-Identifier: Apache-2.0
/**
 * The data plane of one site from its top-level resources (modules, `for_each` and HCL are
 * read elsewhere). Each resource is read once; cross-references go through maps by address.
 */
import type { DataPlane } from '../../model/dataplane';
import type { SiteContext } from '../context';
import { readFirewalls, readPolicies } from './firewall';
import { appGatewaySubnets, readAppGateways, readLoadBalancers } from './inbound';
import { readNics, readNsgs, readPublicIps, readRouteTables, readSubnets, readVnets } from './network';

/** Resource types only the data plane reads; the reader groups them into sites when asked for the data plane. */
export const DATAPLANE_TYPES: ReadonlySet<string> = new Set([
  'azurerm_network_security_group',
  'azurerm_network_security_rule',
  'azurerm_subnet_network_security_group_association',
  'azurerm_network_interface',
  'azurerm_network_interface_security_group_association',
  'azurerm_network_interface_backend_address_pool_association',
  'azurerm_network_interface_nat_rule_association',
  'azurerm_ip_group',
  'azurerm_ip_group_cidr',
  'azurerm_virtual_network_peering',
  'azurerm_virtual_network_dns_servers',
  'azurerm_lb',
  'azurerm_lb_rule',
  'azurerm_lb_nat_rule',
  'azurerm_lb_backend_address_pool',
  'azurerm_application_gateway',
]);

/** Reads the whole data plane of one site. */
export function readDataPlane(ctx: SiteContext): DataPlane {
  const subnets = readSubnets(ctx, appGatewaySubnets(ctx));
  return {
    vnets: readVnets(ctx),
    subnets,
    routeTables: readRouteTables(ctx),
    nsgs: readNsgs(ctx),
    nics: readNics(ctx),
    publicIps: readPublicIps(ctx),
    firewalls: readFirewalls(ctx, subnets),
    policies: readPolicies(ctx),
    loadBalancers: readLoadBalancers(ctx),
    appGateways: readAppGateways(ctx),
  };
}
