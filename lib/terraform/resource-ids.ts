// SPDX-License-Identifier: Apache-2.0
/**
 * Which resource an Azure resource id names. Several Terraform resources can share one id:
 * an `azurerm_subnet_route_table_association` (or NAT gateway / NSG association) has its
 * subnet's id. An id therefore resolves by the Azure type it spells, never to whichever
 * resource was indexed last.
 */
import type { TfResource } from './document';

/** Azure resource type (lowercase `namespace/type[/child]`) → the azurerm/azapi types whose `id` it is. */
const OWNERS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.network/virtualnetworks': ['azurerm_virtual_network', 'azapi_resource'],
  'microsoft.network/virtualnetworks/subnets': ['azurerm_subnet', 'azapi_resource'],
  'microsoft.network/routetables': ['azurerm_route_table'],
  'microsoft.network/routetables/routes': ['azurerm_route'],
  'microsoft.network/natgateways': ['azurerm_nat_gateway'],
  'microsoft.network/networksecuritygroups': ['azurerm_network_security_group'],
  'microsoft.network/publicipaddresses': ['azurerm_public_ip'],
  'microsoft.network/publicipprefixes': ['azurerm_public_ip_prefix'],
  'microsoft.network/azurefirewalls': ['azurerm_firewall'],
  'microsoft.network/firewallpolicies': ['azurerm_firewall_policy'],
  'microsoft.network/firewallpolicies/rulecollectiongroups': ['azurerm_firewall_policy_rule_collection_group'],
  'microsoft.network/virtualnetworkgateways': ['azurerm_virtual_network_gateway'],
  'microsoft.network/localnetworkgateways': ['azurerm_local_network_gateway'],
  'microsoft.network/connections': ['azurerm_virtual_network_gateway_connection'],
  'microsoft.network/networkinterfaces': ['azurerm_network_interface'],
  'microsoft.network/ipgroups': ['azurerm_ip_group'],
  'microsoft.network/virtualhubs': ['azurerm_virtual_hub'],
  'microsoft.network/vpngateways': ['azurerm_vpn_gateway'],
  'microsoft.network/vpnsites': ['azurerm_vpn_site'],
  'microsoft.network/privatednszones': ['azurerm_private_dns_zone'],
  'microsoft.keyvault/vaults/secrets': ['azurerm_key_vault_secret'],
};

/** The Azure type an id spells (`…/providers/Microsoft.Network/virtualNetworks/v/subnets/s` → `microsoft.network/virtualnetworks/subnets`). */
export function azureTypeOf(id: string): string | undefined {
  const segments = id.split('/').filter((s) => s !== '');
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (at < 0)
    return segments.length === 4 && segments[2].toLowerCase() === 'resourcegroups' ? 'resourcegroup' : undefined;
  const rest = segments.slice(at + 1);
  if (rest.length < 3) return undefined;
  const types = [rest[0]];
  for (let i = 1; i < rest.length; i += 2) types.push(rest[i]);
  return types.join('/').toLowerCase();
}

/** Types whose id is another resource's id (they associate two resources and own no id of their own). */
const isAssociation = (type: string): boolean => type.endsWith('_association');

/**
 * The resource among those sharing `id` that the id names: the one of the id's own Azure type,
 * else the one that is not an association; undefined when none (or several equally) qualify.
 */
export function ownerOfId(id: string, candidates: readonly TfResource[]): TfResource | undefined {
  if (candidates.length === 1) return isAssociation(candidates[0].type) ? undefined : candidates[0];
  const azureType = azureTypeOf(id);
  const owners = azureType === 'resourcegroup' ? ['azurerm_resource_group'] : azureType && OWNERS[azureType];
  const typed = owners ? candidates.filter((c) => owners.includes(c.type)) : [];
  if (typed.length === 1) return typed[0];
  const plain = candidates.filter((c) => !isAssociation(c.type));
  return plain.length === 1 ? plain[0] : undefined;
}
