// SPDX-License-Identifier: Apache-2.0
/**
 * Network security groups ("How network security groups filter network traffic"): rules by
 * priority, first match decides, then Azure's default rules; one direction at a time.
 */
import { compareText } from '../core/compare';
import type { Nsg, NsgDirection, NsgRule } from '../model/dataplane';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { Candidate, Outcome } from './first-match';
import { firstMatch } from './first-match';
import type { Endpoint } from './match';
import { anyAddress, anyPort, protocolCovers } from './match';
import type { Tri } from './types';
import { allOf } from './types';

/** A packet as an NSG sees it. */
export interface Packet {
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
}

const rule = (
  name: string,
  priority: number,
  direction: NsgDirection,
  access: 'Allow' | 'Deny',
  sources: string,
  destinations: string,
): NsgRule => ({
  name,
  address: 'azure',
  priority,
  direction,
  access,
  protocol: '*',
  sources: [sources],
  destinations: [destinations],
  sourcePorts: ['*'],
  destinationPorts: ['*'],
});

/** Azure's default rules, which every NSG has below its own. */
export const DEFAULT_NSG_RULES: readonly NsgRule[] = [
  rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

/** The NSG's rules of one direction in processing order, each with an unknown priority or direction kept apart. */
export function orderedRules(nsg: Nsg, direction: NsgDirection): { ordered: NsgRule[]; floating: NsgRule[] } {
  const mine = nsg.rules.filter((r) => isUnknown(r.direction) || r.direction === direction);
  const known = mine.filter((r) => !isUnknown(r.priority) && !isUnknown(r.direction));
  const floating = mine.filter((r) => isUnknown(r.priority) || isUnknown(r.direction));
  const byPriority = (a: NsgRule, b: NsgRule) =>
    (a.priority as number) - (b.priority as number) || compareText(a.name, b.name);
  const defaults = DEFAULT_NSG_RULES.filter((r) => r.direction === direction);
  return { ordered: [...known.sort(byPriority), ...defaults], floating };
}

/** An NSG rule as a candidate of first match. */
interface NsgCandidate extends Candidate {
  readonly rule: NsgRule;
}

function candidate(nsg: Nsg, r: NsgRule): NsgCandidate {
  const priority = isUnknown(r.priority) ? 'unknown priority' : `priority ${r.priority}`;
  return {
    label: `${nsg.name}/${r.name} (${priority})`,
    address: r.address === 'azure' ? nsg.address : r.address,
    action: isUnknown(r.access) ? 'unknown' : r.access === 'Allow' ? 'allow' : 'deny',
    rule: r,
  };
}

function ruleMatches(r: NsgRule, packet: Packet, vnet: readonly Cidr[]): Tri {
  return allOf([
    protocolCovers(r.protocol, packet.protocol),
    anyPort(r.destinationPorts, packet.port),
    sourcePortsCover(r.sourcePorts),
    anyAddress(r.sources, packet.source, vnet),
    anyAddress(r.destinations, packet.destination, vnet),
  ]);
}

/** A client's source port is ephemeral: only a rule for any source port is known to cover it. */
function sourcePortsCover(patterns: readonly Maybe<string>[]): Tri {
  if (patterns.some((p) => p === '*')) return true;
  return {
    unknown: `the client's source port (the rule takes ${patterns.map((p) => (isUnknown(p) ? p.unknown : p)).join(', ')})`,
  };
}

/** What one NSG does with the packet in one direction. `vnet` is what `VirtualNetwork` means there. */
export function evaluateNsg(nsg: Nsg, direction: NsgDirection, packet: Packet, vnet: readonly Cidr[]): Outcome {
  const { ordered, floating } = orderedRules(nsg, direction);
  const matches = (c: NsgCandidate) => ruleMatches(c.rule, packet, vnet);
  const outcome = firstMatch(
    ordered.map((r) => candidate(nsg, r)),
    matches,
    { decision: 'deny', detail: 'no rule matched' },
  );
  for (const r of floating) {
    const c = candidate(nsg, r);
    if (matches(c) !== false && c.action !== outcome.decision) {
      return { decision: 'unknown', by: c, detail: `${c.label}: its priority or direction is unknown` };
    }
  }
  return outcome;
}
