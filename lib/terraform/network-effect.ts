// SPDX-License-Identifier: Apache-2.0
/**
 * Resource types that change what a network lets through but that clinicnet does not model.
 * Each present type is ONE unknown finding per document naming it: a check never passes in
 * silence over configuration it skipped. The list is data; test/terraform/network-effect.test.ts
 * fails when a type on it is read without a finding, or is also a modelled type.
 */
import { compareText } from '../core/compare';
import type { ReadProblem } from './context';
import type { TfDocument, TfResource } from './document';

/** Type → what it can do to traffic (the reason the skip matters). */
export const NETWORK_EFFECT_TYPES: Readonly<Record<string, string>> = {
  azurerm_virtual_hub: 'a vWAN hub routes its connected VNets',
  azurerm_virtual_hub_route_table: 'routes vWAN hub traffic',
  azurerm_virtual_hub_route_table_route: 'routes vWAN hub traffic',
  azurerm_virtual_hub_ip: 'a route server peers routes into the VNet',
  azurerm_route_server: 'a route server peers routes into the VNet',
  azurerm_virtual_wan: 'a vWAN connects hubs, branches and VNets',
  azurerm_point_to_site_vpn_gateway: 'admits VPN clients',
  azurerm_express_route_circuit: 'connects an on-premises network',
  azurerm_express_route_gateway: 'connects an on-premises network',
  azurerm_express_route_connection: 'connects an on-premises network',
  azurerm_virtual_network_gateway_nat_rule: 'translates VPN addresses',
  azurerm_bastion_host: 'admits remote sessions into the VNet',
  azurerm_private_endpoint: 'places a service address inside a subnet',
  azurerm_private_link_service: 'exposes a service to other networks',
  azurerm_subnet_service_endpoint_storage_policy: 'limits service endpoint traffic',
  azurerm_network_manager_security_admin_rule: 'admin rules override NSGs',
  azurerm_network_manager_connectivity_configuration: 'connects VNets as a mesh or hub',
  azurerm_web_application_firewall_policy: 'filters inbound web traffic',
  azurerm_frontdoor_firewall_policy: 'filters inbound web traffic',
  azurerm_cdn_frontdoor_origin: 'exposes an origin to the internet',
  azurerm_dns_resolver_inbound_endpoint: 'answers DNS from other networks',
  azurerm_dns_resolver_forwarding_rule: 'forwards DNS queries',
  azurerm_private_dns_resolver_forwarding_rule: 'forwards DNS queries',
  azurerm_private_dns_resolver_inbound_endpoint: 'answers DNS from other networks',
  azurerm_private_dns_a_record: 'changes what a private name resolves to',
  azurerm_virtual_machine_scale_set: 'NICs of a scale set join subnets',
  azurerm_linux_virtual_machine_scale_set: 'NICs of a scale set join subnets',
  azurerm_windows_virtual_machine_scale_set: 'NICs of a scale set join subnets',
  azapi_update_resource: 'changes any Azure resource, network ones included',
};

const AZAPI_NETWORK = 'an Azure network resource written through azapi';

/** The unmodelled type a resource counts as: its own, or `azapi_resource <ARM type>` for a Microsoft.Network one. */
function effectType(r: TfResource): string | undefined {
  if (Object.hasOwn(NETWORK_EFFECT_TYPES, r.type)) return r.type;
  if (r.type !== 'azapi_resource' || typeof r.values.type !== 'string') return undefined;
  const armType = r.values.type.split('@')[0];
  return /^microsoft\.network\//i.test(armType) ? `azapi_resource ${armType}` : undefined;
}

/** One problem per unmodelled network type present in the document, in type order. */
export function unmodelledProblems(doc: TfDocument): ReadProblem[] {
  const byType = new Map<string, string[]>();
  for (const r of doc.resources) {
    const type = r.mode === 'managed' ? effectType(r) : undefined;
    if (type === undefined) continue;
    const list = byType.get(type);
    if (list === undefined) byType.set(type, [r.address]);
    else list.push(r.address);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([type, addresses]) => {
      const sorted = addresses.sort(compareText);
      const named =
        sorted.length > 3 ? `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more` : sorted.join(', ');
      return {
        site: '',
        address: sorted[0],
        resourceType: type,
        message: `${sorted.length} resource(s) (${named}) that clinicnet does not model — ${NETWORK_EFFECT_TYPES[type] ?? AZAPI_NETWORK}, so what they allow or block is not checked`,
      };
    });
}
