// SPDX-License-Identifier: Apache-2.0
/**
 * The data plane of one site from its top-level resources (modules, `for_each` and HCL are
 * read elsewhere). Each resource is read once; cross-references go through maps by address.
 */
import type { DataPlane, DataPlaneFirewall, DataPlaneVnet } from '../../model/dataplane';
import { isUnknown } from '../../model/types';
import type { SiteContext } from '../context';
import { readFirewalls, readPolicies } from './firewall';
import { withHubRouting } from './hub-routing';
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
  'azurerm_virtual_hub_routing_intent',
  'azurerm_lb',
  'azurerm_lb_rule',
  'azurerm_lb_nat_rule',
  'azurerm_lb_backend_address_pool',
  'azurerm_application_gateway',
]);

/** Reads the whole data plane of one site. */
export function readDataPlane(ctx: SiteContext): DataPlane {
  const subnets = readSubnets(ctx, appGatewaySubnets(ctx));
  const firewalls = readFirewalls(ctx, subnets);
  return {
    vnets: withFirewallDns(withHubRouting(ctx, readVnets(ctx)), firewalls),
    subnets,
    routeTables: readRouteTables(ctx),
    nsgs: readNsgs(ctx),
    nics: readNics(ctx),
    publicIps: readPublicIps(ctx),
    firewalls,
    policies: readPolicies(ctx),
    loadBalancers: readLoadBalancers(ctx),
    appGateways: readAppGateways(ctx),
  };
}

/** `${azurerm_firewall.NAME.ip_configuration[0].private_ip_address}`: the firewall's own private IP. */
const FIREWALL_IP_REFERENCE = /^\$\{azurerm_firewall\.([A-Za-z0-9_-]+)\.ip_configuration\[0\]\.private_ip_address\}$/;

/**
 * A VNet DNS server written as a reference to a firewall's private IP is that firewall's IP,
 * known once the firewall's is (Azure gives a firewall the fourth address of its subnet), so
 * "DNS through the firewall's proxy" is decided before apply rather than left unknown.
 */
function withFirewallDns(vnets: DataPlaneVnet[], firewalls: readonly DataPlaneFirewall[]): DataPlaneVnet[] {
  const firewallIp = (vnet: DataPlaneVnet, expression: string): string | undefined => {
    const name = FIREWALL_IP_REFERENCE.exec(expression)?.[1];
    if (name === undefined) return undefined;
    const module = vnet.address.slice(0, vnet.address.lastIndexOf('azurerm_virtual_network.'));
    const ip = firewalls.find((f) => f.address === `${module}azurerm_firewall.${name}`)?.privateIp;
    return ip === undefined || isUnknown(ip) ? undefined : ip;
  };
  return vnets.map((vnet) => {
    if (!vnet.dnsServers.some(isUnknown)) return vnet;
    const dnsServers = vnet.dnsServers.map((s) => (isUnknown(s) ? (firewallIp(vnet, s.unknown) ?? s) : s));
    return { ...vnet, dnsServers };
  });
}
