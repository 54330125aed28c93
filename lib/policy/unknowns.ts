// SPDX-License-Identifier: Apache-2.0
/**
 * The one severity function for unknowns. An unknown value is never a pass; how loud it is
 * depends on what the value could do if it turned out wrong:
 * - it could *widen exposure* (let in or out traffic nobody declared): `error`, because
 *   "passed means it works" must also mean "exposes nothing else";
 * - it could only *break a required flow*: `warning`, since it may well pass and a broken
 *   flow shows up in the clinic's connectivity test.
 * Rule results name model fields, `<ModelType>.<field>` after lib/model/types.ts; reader
 * problems name the Terraform attribute they could not read, looked up in
 * {@link EXPOSURE_ATTRIBUTES}. Both lists say the same thing, once per vocabulary.
 */
import { SITE_DECLARATION_OUTPUT } from '../model/encoding';
import type { InputProblem } from '../model/problem';
import type { Severity } from './finding';

/** Fields whose unknown value could let traffic through that the design did not declare. */
export const EXPOSURE_FIELDS: readonly string[] = [
  // Allow rules of the firewall: what they admit, from where, to where.
  'EgressFlow.ports',
  'EgressFlow.sources',
  'EgressFlow.addresses',
  'EgressFlow.fqdns',
  'EgressFlow.action',
  // DNAT rules: what the internet reaches and where it lands.
  'InboundForward.externalPort',
  'InboundForward.destination',
  'InboundForward.internalAddress',
  'InboundForward.internalPort',
  'InboundForward.sources',
  // NSG Allow rules.
  'NsgRule.access',
  'NsgRule.ports',
  'NsgRule.sources',
  'NsgRule.destinations',
  // Associations that give a subnet or NIC a way in or out.
  'PublicIp.association',
  'NatEgress.publicIps',
  'NatEgress.publicIpPrefixes',
  'NatEgress.subnets',
  'Subnet.egressVia',
  'Subnet.routeTable',
  'Subnet.natGateway',
  'RouteTable.routes',
  // Front ends that publish a service.
  'LoadBalancer.frontends',
  'ApplicationGateway.frontends',
];

const EXPOSURE = new Set(EXPOSURE_FIELDS);

/** Which way a rule acts, when the unknown sits in a rule. */
export type RuleAction = 'Allow' | 'Deny';

/**
 * The severity of an unknown in `field`. A field of a Deny rule cannot widen exposure (traffic
 * is denied by default behind the firewall), so only Allow and DNAT rules count.
 * @param field the model field the unknown value feeds; unnamed → `warning` (it may pass)
 * @param action the action of the rule the field belongs to, when it belongs to one
 */
export function unknownSeverity(field: string | undefined, action?: RuleAction): Severity {
  if (field === undefined || action === 'Deny') return 'warning';
  return EXPOSURE.has(field) ? 'error' : 'warning';
}

/** What a firewall rule says about traffic: where from, where to, on what, and where DNAT sends it. */
const FIREWALL_RULE = [
  'source_addresses',
  'source_ip_groups',
  'destination_addresses',
  'destination_ip_groups',
  'destination_fqdns',
  'destination_fqdn_tags',
  'destination_urls',
  'destination_ports',
  'destination_address',
  'web_categories',
  'protocols',
  'translated_address',
  'translated_fqdn',
  'translated_port',
];

/** An NSG rule's action, direction, match and order (an unknown priority may put an Allow first). */
const NSG_RULE = [
  'access',
  'direction',
  'priority',
  'protocol',
  'source_address_prefix',
  'source_address_prefixes',
  'source_port_range',
  'source_port_ranges',
  'destination_address_prefix',
  'destination_address_prefixes',
  'destination_port_range',
  'destination_port_ranges',
  'source_application_security_group_ids',
  'destination_application_security_group_ids',
];

const COLLECTION = ['action', 'priority', ...FIREWALL_RULE.map((a) => `rule.${a}`)];
const under = (block: string, attributes: readonly string[]): string[] => attributes.map((a) => `${block}.${a}`);

/**
 * Terraform attributes whose unknown value could widen exposure, by resource type, as paths
 * without list indices (`nat_rule_collection.rule.source_addresses`): the ports, sources and
 * destinations of Allow and DNAT rules, NSG Allow rules, the associations that give a subnet
 * or NIC a public IP, a route table or a NAT gateway, and the front ends of load balancers and
 * application gateways. An unknown block that holds one of these counts too.
 */
export const EXPOSURE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  azurerm_firewall_policy_rule_collection_group: [
    ...under('application_rule_collection', COLLECTION),
    ...under('network_rule_collection', COLLECTION),
    ...under('nat_rule_collection', COLLECTION),
  ],
  azurerm_firewall_application_rule_collection: COLLECTION,
  azurerm_firewall_network_rule_collection: COLLECTION,
  azurerm_firewall_nat_rule_collection: COLLECTION,
  azurerm_firewall: ['ip_configuration.public_ip_address_id', 'management_ip_configuration.public_ip_address_id'],
  azurerm_network_security_group: under('security_rule', NSG_RULE),
  azurerm_network_security_rule: NSG_RULE,
  azurerm_subnet_network_security_group_association: ['subnet_id', 'network_security_group_id'],
  azurerm_network_interface_security_group_association: ['network_interface_id', 'network_security_group_id'],
  azurerm_network_interface: ['ip_configuration.public_ip_address_id', 'ip_configuration.subnet_id'],
  azurerm_subnet_route_table_association: ['subnet_id', 'route_table_id'],
  azurerm_route_table: under('route', ['address_prefix', 'next_hop_type', 'next_hop_in_ip_address']),
  azurerm_route: ['address_prefix', 'next_hop_type', 'next_hop_in_ip_address', 'route_table_name'],
  azurerm_subnet_nat_gateway_association: ['subnet_id', 'nat_gateway_id'],
  azurerm_nat_gateway_public_ip_association: ['nat_gateway_id', 'public_ip_address_id'],
  azurerm_nat_gateway_public_ip_prefix_association: ['nat_gateway_id', 'public_ip_prefix_id'],
  azurerm_lb: ['frontend_ip_configuration'],
  azurerm_lb_rule: ['frontend_ip_configuration_name', 'frontend_port', 'backend_port', 'protocol'],
  azurerm_lb_nat_rule: [
    'frontend_ip_configuration_name',
    'frontend_port',
    'frontend_port_start',
    'frontend_port_end',
    'backend_port',
    'protocol',
  ],
  azurerm_application_gateway: ['frontend_ip_configuration', 'frontend_port', 'http_listener'],
};

/** Where the `clinicnet_site` declaration sits in every document; a refused one hides the site's intent. */
export const DECLARATION_ADDRESS = `output.${SITE_DECLARATION_OUTPUT}`;

/**
 * True when the unreadable attribute could widen exposure: it is listed, sits inside a listed
 * attribute, or is a block that holds one.
 */
export function widensExposure(resourceType: string, attribute: string): boolean {
  const listed = EXPOSURE_ATTRIBUTES[resourceType];
  if (listed === undefined || attribute === '') return false;
  const path = attribute.replace(/\[[^\]]*\]/g, '');
  return listed.some((a) => a === path || a.startsWith(`${path}.`) || path.startsWith(`${a}.`));
}

/**
 * The severity of a reader problem: an error for a refused `clinicnet_site` declaration (the
 * site's declared intent is not read) and for an unknown that could widen exposure — its
 * model `field` when the reader named one, else its Terraform `attribute`; a warning otherwise.
 */
export function problemSeverity(problem: InputProblem): Severity {
  if (problem.address === DECLARATION_ADDRESS) return 'error';
  if (problem.field !== undefined) return unknownSeverity(problem.field, problem.action);
  if (problem.attribute === undefined || problem.action === 'Deny') return 'warning';
  return widensExposure(problem.resourceType, problem.attribute) ? 'error' : 'warning';
}
