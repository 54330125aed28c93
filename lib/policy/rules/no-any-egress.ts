// SPDX-License-Identifier: Apache-2.0
import type { Site, SubnetRole } from '../../model/types';
import { isUnknown } from '../../model/types';
import { isAnyAddress, isAnyPort, knownValues, parsePorts, unknownReasons } from '../match';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

/** No parameters: any-destination and any-port are fixed notions. */
export type NoAnyEgressParams = Record<string, never>;

/** Subnet roles whose traffic the firewall must filter; the platform subnets keep their own routes. */
const FILTERED_ROLES: readonly SubnetRole[] = ['workload', 'imaging-gateway'];

/** No Allow rule opens every destination on every port, and no workload subnet bypasses the firewall. */
export const noAnyEgress: Rule<NoAnyEgressParams> = {
  slug: 'no-any-egress',
  scope: 'site',
  description: 'No firewall rule allows any destination on any port, and every workload subnet sends its default route through the firewall.',
  check: ({ site }) => {
    if (site === undefined) return [];
    return [...anyToAnyRules(site), ...unfilteredSubnets(site)];
  },
};

function anyToAnyRules(site: Site): RuleResult[] {
  const expected = 'named destinations and ports';
  return site.egress
    .filter((f) => f.action === 'Allow')
    .flatMap((f): RuleResult[] => {
      const anyDestination = knownValues(f.addresses).some(isAnyAddress) || knownValues(f.fqdns).includes('*');
      const anyPort = isAnyPort(parsePorts(f.ports, f.protocol === 'any' ? 'tcp' : f.protocol));
      if (anyDestination && anyPort) {
        return [violation(f.path, `rule ${f.name} allows any destination on any port`, `${f.protocol} ${knownValues(f.ports).join(',')} to ${[...knownValues(f.fqdns), ...knownValues(f.addresses)].join(', ')}`, expected, { fix: 'allow only the hostnames and ports the site needs' })];
      }
      // An unresolved destination may be "anywhere" and unresolved ports may be "every port".
      const destinationUnknown = f.addresses.some(isUnknown) || f.fqdns.some(isUnknown);
      const portsUnknown = f.ports.some(isUnknown);
      if (!(anyDestination || destinationUnknown) || !(anyPort || portsUnknown)) return [];
      const why = unknownReasons([...f.fqdns, ...f.addresses, ...f.ports]) ?? 'unresolved';
      return [cannotEvaluate(f.path, `destinations and ports of rule ${f.name}`, why, expected)];
    });
}

/**
 * A workload subnet whose 0.0.0.0/0 goes straight to the internet reaches any destination on
 * any port, whatever the firewall allows. `other` (another appliance or gateway) filters elsewhere.
 */
function unfilteredSubnets(site: Site): RuleResult[] {
  const expected = "a 0.0.0.0/0 route with next hop VirtualAppliance = the site firewall's private IP";
  return site.vnets
    .flatMap((v) => v.subnets)
    .filter((s) => FILTERED_ROLES.includes(s.role) && s.egressVia !== undefined)
    .flatMap((s): RuleResult[] => {
      if (isUnknown(s.egressVia)) return [cannotEvaluate(s.path, `the default route of subnet ${s.name}`, s.egressVia.unknown, expected)];
      if (s.egressVia !== 'internet') return [];
      const fix = site.firewall === undefined
        ? 'give the site a firewall (ClinicSite routes its workload subnets through it), or send 0.0.0.0/0 to another filtering appliance'
        : 'associate the subnet with a route table whose 0.0.0.0/0 route has next hop VirtualAppliance = the firewall\'s private IP';
      return [violation(s.path, `subnet ${s.name} reaches the internet directly, so any destination on any port bypasses the firewall`, 'egress via the internet (no route table, no 0.0.0.0/0 route, or next hop Internet)', expected, { fix })];
    });
}
