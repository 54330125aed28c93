// SPDX-License-Identifier: Apache-2.0
/** The fixed part of the random estates the data-plane property tests build: one firewall and its policy. */
import type { DataPlane, DataPlaneSubnet, RuleCollectionGroup } from '../../lib/model/dataplane';

/** AzureFirewallSubnet (10.0.0.0/26) of `azurerm_virtual_network.vnet`: the firewall's private IP is 10.0.0.4. */
export const FIREWALL_SUBNET: DataPlaneSubnet = {
  name: 'AzureFirewallSubnet',
  address: 'azurerm_subnet.fw',
  vnet: 'azurerm_virtual_network.vnet',
  role: 'AzureFirewallSubnet',
  prefixes: ['10.0.0.0/26'],
};

/**
 * Firewall `fw` (10.0.0.4, public IP 20.1.2.3) with policy `p` (threat intelligence Alert, DNS
 * proxy on) holding `groups`, and no load balancer or application gateway.
 */
export function firewallPlane(
  groups: RuleCollectionGroup[],
): Pick<DataPlane, 'publicIps' | 'firewalls' | 'policies' | 'loadBalancers' | 'appGateways'> {
  return {
    publicIps: [{ name: 'pip', address: 'azurerm_public_ip.fw', ip: '20.1.2.3', sku: 'Standard' }],
    firewalls: [
      {
        name: 'fw',
        address: 'azurerm_firewall.fw',
        policy: 'azurerm_firewall_policy.p',
        subnet: 'azurerm_subnet.fw',
        privateIp: '10.0.0.4',
        publicIps: ['azurerm_public_ip.fw'],
      },
    ],
    policies: [{ name: 'p', address: 'azurerm_firewall_policy.p', threatIntelMode: 'Alert', dnsProxy: true, groups }],
    loadBalancers: [],
    appGateways: [],
  };
}
