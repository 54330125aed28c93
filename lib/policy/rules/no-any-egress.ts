// SPDX-License-Identifier: Apache-2.0
import type { EgressFlow, Site, Subnet, SubnetRole } from '../../model/types';
import { isUnknown } from '../../model/types';
import { isAnyAddress, isAnyPort, knownValues, parsePorts, unknownReasons } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: any-destination and any-port are fixed notions. */
export type NoAnyEgressParams = NoParams;

/** Subnet roles whose traffic the firewall must filter; the platform subnets keep their own routes. */
const FILTERED_ROLES: readonly SubnetRole[] = ['workload', 'imaging-gateway'];

/** No Allow rule opens every destination on every port, and no workload subnet bypasses the firewall. */
export const noAnyEgress = siteRule<NoAnyEgressParams>({
  slug: 'no-any-egress',
  description:
    'No firewall rule allows any destination on any port, and every workload subnet sends its default route through the firewall.',
  params: NO_PARAMS,
  check: ({ site }) => {
    const results: RuleResult[] = [];
    for (const flow of site.egress) {
      if (flow.action !== 'Allow') continue;
      const result = anyToAny(flow);
      if (result !== undefined) results.push(result);
    }
    for (const vnet of site.vnets) {
      for (const subnet of vnet.subnets) {
        const result = unfiltered(site, subnet);
        if (result !== undefined) results.push(result);
      }
    }
    return results;
  },
});

const ANY_EXPECTED = 'named destinations and ports';

/** An Allow rule to any destination on any port, or one whose unresolved values may be that. */
function anyToAny(f: EgressFlow): RuleResult | undefined {
  const anyDestination = f.addresses.some((a) => !isUnknown(a) && isAnyAddress(a)) || f.fqdns.includes('*');
  // An unresolved destination may be "anywhere" and unresolved ports may be "every port".
  const destinationUnknown = f.addresses.some(isUnknown) || f.fqdns.some(isUnknown);
  // A rule to named destinations is fine whatever its ports: they are read only for the others.
  if (!anyDestination && !destinationUnknown) return undefined;
  const anyPort = isAnyPort(parsePorts(f.ports, f.protocol === 'any' ? 'tcp' : f.protocol));
  if (anyDestination && anyPort) {
    return violation(
      f.path,
      `rule ${f.name} allows any destination on any port`,
      `${f.protocol} ${knownValues(f.ports).join(',')} to ${[...knownValues(f.fqdns), ...knownValues(f.addresses)].join(', ')}`,
      ANY_EXPECTED,
      { fix: 'allow only the hostnames and ports the site needs', ...ruleOf(f) },
    );
  }
  if (!anyPort && !f.ports.some(isUnknown)) return undefined;
  const why = unknownReasons([...f.fqdns, ...f.addresses, ...f.ports]) ?? 'unresolved';
  // Unresolved destinations of an Allow rule may open anything: an unknown that widens exposure.
  const field = destinationUnknown ? 'EgressFlow.addresses' : 'EgressFlow.ports';
  return cannotEvaluate(f.path, `destinations and ports of rule ${f.name}`, why, ANY_EXPECTED, {
    ...ruleOf(f),
    field,
    action: 'Allow',
  });
}

/** The firewall rule a result is about, so baselines and fingerprints tell rules of one group apart. */
function ruleOf(f: EgressFlow): { ruleName: string; address: string } {
  return { ruleName: f.name, address: f.address };
}

const ROUTE_EXPECTED = "a 0.0.0.0/0 route with next hop VirtualAppliance = the site firewall's private IP";

/**
 * A workload subnet whose 0.0.0.0/0 goes straight to the internet reaches any destination on
 * any port, whatever the firewall allows. `other` (another appliance or gateway) filters elsewhere.
 */
function unfiltered(site: Site, s: Subnet): RuleResult | undefined {
  if (!FILTERED_ROLES.includes(s.role) || s.egressVia === undefined) return undefined;
  if (isUnknown(s.egressVia))
    return cannotEvaluate(s.path, `the default route of subnet ${s.name}`, s.egressVia.unknown, ROUTE_EXPECTED);
  if (s.egressVia !== 'internet') return undefined;
  const fix =
    site.firewall === undefined
      ? 'give the site a firewall (ClinicSite routes its workload subnets through it), or send 0.0.0.0/0 to another filtering appliance'
      : "associate the subnet with a route table whose 0.0.0.0/0 route has next hop VirtualAppliance = the firewall's private IP";
  return violation(
    s.path,
    `subnet ${s.name} reaches the internet directly, so any destination on any port bypasses the firewall`,
    'egress via the internet (no route table, no 0.0.0.0/0 route, or next hop Internet)',
    ROUTE_EXPECTED,
    { fix },
  );
}
