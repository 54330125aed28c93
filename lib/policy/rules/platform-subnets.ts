// SPDX-License-Identifier: Apache-2.0
import { Cidr } from '../../net/cidr';
import type { Site, Subnet } from '../../model/types';
import { knownValues, unknownReasons } from '../match';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

export interface PlatformSubnetsParams {
  /** Longest recommended prefix for `GatewaySubnet` (27 means /27 or larger). */
  readonly gatewayMaxPrefix: number;
  /** Longest prefix Azure accepts for `AzureFirewallSubnet`. */
  readonly firewallMaxPrefix: number;
}

/** A VPN gateway has `GatewaySubnet` (/27 or larger recommended); a firewall has `AzureFirewallSubnet` (/26). */
export const platformSubnets: Rule<PlatformSubnetsParams> = {
  slug: 'platform-subnets',
  scope: 'site',
  description: 'A VPN gateway sits in a subnet named GatewaySubnet (/27 or larger recommended) and a firewall in AzureFirewallSubnet of /26 or larger.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    return [
      ...(site.vpnGateway === undefined ? [] : checkSubnet(site, 'GatewaySubnet', params.gatewayMaxPrefix, site.vpnGateway.path, 'warning')),
      ...(site.firewall === undefined ? [] : checkSubnet(site, 'AzureFirewallSubnet', params.firewallMaxPrefix, site.firewall.path, 'error')),
    ];
  },
};

function checkSubnet(site: Site, name: string, maxPrefix: number, needer: string, tooSmall: 'error' | 'warning'): RuleResult[] {
  const subnet: Subnet | undefined = site.vnets.flatMap((v) => v.subnets).find((s) => s.name === name);
  if (subnet === undefined) {
    const names = site.vnets.flatMap((v) => v.subnets.map((s) => s.name)).join(', ') || 'no subnets';
    return [violation(needer, `no subnet named ${name}`, names, `a subnet named exactly ${name}`, { fix: `add a /${maxPrefix} subnet named ${name}` })];
  }
  const results = knownValues(subnet.addressPrefixes)
    .filter((p) => Cidr.isCidr(p) && Cidr.parse(p).version === 4 && Cidr.parse(p).prefixLength > maxPrefix)
    .map((p) => violation(subnet.path, `${name} is too small`, p, `/${maxPrefix} or larger`, { fix: `give ${name} a /${maxPrefix} or larger prefix`, severity: tooSmall }));
  // An unresolved prefix may be too small.
  const why = unknownReasons(subnet.addressPrefixes);
  return why === undefined ? results : [...results, cannotEvaluate(subnet.path, `size of ${name}`, why, `/${maxPrefix} or larger`)];
}
