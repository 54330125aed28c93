// SPDX-License-Identifier: Apache-2.0
/** BASE-NO-ANY-EGRESS with the data plane: each workload subnet's path to an arbitrary internet address. */
import { RuleMemo } from '../../../lib/policy/rule-memo';
import { noAnyEgress } from '../../../lib/policy/rules/no-any-egress';
import { readFixture } from './dataplane-fixtures';

function problems(fixture: string): string[] {
  const model = readFixture(fixture);
  const memo = new RuleMemo();
  return model.sites.flatMap((site) =>
    noAnyEgress.check({ model, site, sites: model.sites, params: {}, memo }).map((r) => `${r.kind} ${r.problem}`),
  );
}

describe('no-any-egress by path', () => {
  test('a workload routed through the firewall passes', () => {
    expect(problems('base')).toEqual([]);
  });

  test('AzureFirewallManagementSubnet, AzureBastionSubnet and the other platform subnets are not workloads', () => {
    expect(problems('subnet-roles').join('\n')).not.toMatch(/AzureFirewallManagementSubnet|AzureBastionSubnet/);
  });

  test('a NAT gateway on the workload bypasses the firewall', () => {
    expect(problems('nat-gateway-direct')).toContainEqual(
      expect.stringMatching(/^violation subnet \S+ reaches the internet directly/),
    );
  });

  test('a VirtualAppliance next hop that is not the firewall is not "filtered"', () => {
    expect(problems('other-appliance')).toEqual([
      'violation subnet practice sends its internet traffic to an appliance that is not the site firewall',
    ]);
  });
});

describe('no-any-egress over IPv6 (Azure Firewall filters IPv4 only)', () => {
  test('a dual-stack workload routed through the firewall for IPv4 still bypasses it over IPv6', () => {
    // 0.0.0.0/0 goes to the firewall; ::/0 is the system route to the internet through a NAT gateway's IPv6 IP.
    expect(problems('ipv6-nat-gateway')).toEqual([
      'violation subnet practice reaches the internet directly over IPv6, so any destination on any port bypasses the firewall',
    ]);
  });

  test('the same NAT gateway with IPv4 public IPs only leaves no IPv6 way out', () => {
    const model = readFixture('ipv6-nat-gateway');
    const v4only = {
      ...model,
      sites: model.sites.map((s) => ({ ...s, natEgress: s.natEgress.map((n) => ({ ...n, ipv6: false })) })),
    };
    const memo = new RuleMemo();
    const found = v4only.sites.flatMap((site) =>
      noAnyEgress.check({ model: v4only, site, sites: v4only.sites, params: {}, memo }),
    );
    expect(found).toEqual([]);
  });
});
