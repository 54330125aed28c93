// SPDX-License-Identifier: Apache-2.0
/**
 * The one severity function for unknowns. An unknown value is never a pass; how loud it is
 * depends on what the value could do if it turned out wrong:
 * - it could *widen exposure* (let in or out traffic nobody declared): `error`, because
 *   "passed means it works" must also mean "exposes nothing else";
 * - it could only *break a required flow*: `warning`, since it may well pass and a broken
 *   flow shows up in the clinic's connectivity test.
 * Fields are named `<ModelType>.<field>` after lib/model/types.ts; the data-plane types that
 * do not exist yet carry the names the data-plane model is to use.
 */
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
