// SPDX-License-Identifier: Apache-2.0
import { trace } from '../../dataplane';
import { knownRanges } from '../../dataplane/estate';
import type { DataPlaneSubnet } from '../../model/dataplane';
import type { EgressFlow, NetworkModel, Site, Subnet, SubnetRole } from '../../model/types';
import { Cidr } from '../../net/cidr';
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
  check: ({ model, site }) => {
    const results: RuleResult[] = [];
    for (const flow of site.egress) {
      if (flow.action !== 'Allow') continue;
      const result = anyToAny(flow);
      if (result !== undefined) results.push(result);
    }
    // With the data plane read, each workload subnet's path to an arbitrary internet address decides.
    if (site.dataplane !== undefined) {
      for (const subnet of site.dataplane.subnets) {
        if (subnet.role !== 'workload') continue;
        const result = bypass(model, site, subnet, ARBITRARY);
        if (result !== undefined) results.push(result);
        // Azure Firewall filters IPv4 only: a dual-stack subnet's IPv6 path is asked on its own.
        const v6 = hasIpv6(subnet) ? bypass(model, site, subnet, ARBITRARY_V6) : undefined;
        if (v6 !== undefined) results.push(v6);
      }
      return results;
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

/** Some internet address (TEST-NET-3) on a port no vendor needs: what "any destination, any port" is traced as. */
const ARBITRARY = {
  to: { kind: 'address', address: Cidr.parse('203.0.113.77/32') },
  protocol: 'tcp',
  port: 47,
} as const;

/** Its IPv6 counterpart (a documentation address, outside every private range). */
const ARBITRARY_V6 = { ...ARBITRARY, to: { kind: 'address', address: Cidr.parse('2001:db8:ff::77/128') } } as const;

type Probe = typeof ARBITRARY | typeof ARBITRARY_V6;

/** True when the subnet has a known IPv6 prefix (one a trace from it can send from). */
function hasIpv6(subnet: DataPlaneSubnet): boolean {
  return knownRanges(subnet.prefixes).ranges.some((range) => range.version === 6);
}

/**
 * A workload subnet that reaches an arbitrary internet address on an arbitrary port without
 * the firewall deciding: a default route to the Internet, a NAT gateway or public IP on the
 * workload, or an appliance that is not the firewall. The firewall's own allow-any rules are
 * reported by rule, above.
 */
function bypass(model: NetworkModel, site: Site, subnet: DataPlaneSubnet, probe: Probe): RuleResult | undefined {
  const result = trace(model, { from: { kind: 'subnet', site: site.name, subnet: subnet.address }, ...probe });
  const over = probe === ARBITRARY_V6 ? ' over IPv6' : '';
  if (result.hops.some((h) => h.step === 'firewall' || h.step === 'threat-intel')) return undefined;
  if (result.verdict === 'denied') return undefined;
  const old = site.vnets.flatMap((v) => v.subnets).find((s) => s.address === subnet.address);
  const at = old?.path ?? subnet.address;
  const last = result.hops[result.hops.length - 1];
  // The subnet's own address unknown says nothing of its route: the routing the reader recorded decides.
  if (last.step === 'source') return old === undefined ? undefined : unfiltered(site, old);
  const appliance = last.step === 'route' && last.detail.includes('not the private IP of a firewall');
  const direct = result.verdict === 'allowed' || last.step === 'internet';
  if (!appliance && !direct)
    return cannotEvaluate(at, `the path of subnet ${subnet.name} to the internet${over}`, last.detail, ROUTE_EXPECTED, {
      field: 'Subnet.egressVia',
    });
  const problem = appliance
    ? `subnet ${subnet.name} sends its internet traffic to an appliance that is not the site firewall`
    : `subnet ${subnet.name} reaches the internet directly${over}, so any destination on any port bypasses the firewall`;
  return violation(at, problem, last.detail, ROUTE_EXPECTED, {
    fix:
      over === ''
        ? "associate the subnet with a route table whose 0.0.0.0/0 route has next hop VirtualAppliance = the firewall's private IP, and no NAT gateway or public IP on the workload"
        : 'Azure Firewall does not filter IPv6: take the IPv6 public IPs off the NAT gateway and the NICs, or give the subnet a ::/0 route to None or to an appliance that filters IPv6',
  });
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
