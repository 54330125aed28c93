// SPDX-License-Identifier: Apache-2.0
import { Cidr } from '../../net/cidr';
import type { Site, Subnet } from '../../model/types';
import { isUnknown } from '../../model/types';
import { gatewaySubnetPlane } from '../gateway-subnet-plane';
import { unknownReasons } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface PlatformSubnetsParams {
  /** Longest recommended prefix for `GatewaySubnet` (27 means /27 or larger). */
  readonly gatewayMaxPrefix: number;
  /** Longest prefix Azure accepts for `AzureFirewallSubnet`. */
  readonly firewallMaxPrefix: number;
}

/** Schema of {@link PlatformSubnetsParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<PlatformSubnetsParams> = {
  description: 'Platform subnet sizes.',
  type: 'object',
  additionalProperties: false,
  properties: {
    gatewayMaxPrefix: {
      description: 'Longest recommended prefix of GatewaySubnet.',
      type: 'integer',
      minimum: 16,
      maximum: 29,
    },
    firewallMaxPrefix: {
      description: 'Longest prefix Azure accepts for AzureFirewallSubnet.',
      type: 'integer',
      minimum: 16,
      maximum: 26,
    },
  },
  required: ['gatewayMaxPrefix', 'firewallMaxPrefix'],
};

/** A VPN gateway has `GatewaySubnet` (/27 or larger recommended); a firewall has `AzureFirewallSubnet` (/26). */
export const platformSubnets = siteRule<PlatformSubnetsParams>({
  slug: 'platform-subnets',
  description:
    'A VPN gateway sits in a subnet named GatewaySubnet (/27 or larger recommended; no 0.0.0.0/0 user-defined route, gateway route propagation on, no NSG) and a firewall in AzureFirewallSubnet of /26 or larger.',
  params: PARAMS,
  check: ({ site, params }) => {
    const results: RuleResult[] = [];
    if (site.vpnGateway !== undefined)
      checkSubnet(results, site, 'GatewaySubnet', params.gatewayMaxPrefix, site.vpnGateway.path, 'warning');
    // A secured-hub firewall (AZFW_Hub) lives in its vWAN hub, not in a subnet of the site.
    if (site.firewall !== undefined && site.firewall.virtualHub === undefined)
      checkSubnet(results, site, 'AzureFirewallSubnet', params.firewallMaxPrefix, site.firewall.path, 'error');
    for (const result of gatewaySubnetPlane(site)) results.push(result);
    return results;
  },
});

/** Appends what is wrong with the platform subnet `name` to `results`. */
function checkSubnet(
  results: RuleResult[],
  site: Site,
  name: string,
  maxPrefix: number,
  needer: string,
  tooSmall: 'error' | 'warning',
): void {
  const subnet = subnetNamed(site, name);
  if (subnet === undefined) {
    const names = site.vnets.flatMap((v) => v.subnets.map((s) => s.name)).join(', ') || 'no subnets';
    results.push(
      violation(needer, `no subnet named ${name}`, names, `a subnet named exactly ${name}`, {
        fix: `add a /${maxPrefix} subnet named ${name}`,
      }),
    );
    return;
  }
  for (const p of subnet.addressPrefixes) {
    if (isUnknown(p)) continue;
    const cidr = cidrOf(p);
    if (cidr !== undefined && cidr.version === 4 && cidr.prefixLength > maxPrefix) {
      results.push(
        violation(subnet.path, `${name} is too small`, p, `/${maxPrefix} or larger`, {
          fix: `give ${name} a /${maxPrefix} or larger prefix`,
          severity: tooSmall,
        }),
      );
    }
  }
  // An unresolved prefix may be too small.
  const why = unknownReasons(subnet.addressPrefixes);
  if (why !== undefined) results.push(cannotEvaluate(subnet.path, `size of ${name}`, why, `/${maxPrefix} or larger`));
}

/** The first subnet of that name, in VNet order. */
function subnetNamed(site: Site, name: string): Subnet | undefined {
  for (const vnet of site.vnets) {
    for (const subnet of vnet.subnets) if (subnet.name === name) return subnet;
  }
  return undefined;
}

/** The prefix as a CIDR, or undefined when it is not one (parsed once, not once to test and again to read). */
function cidrOf(text: string): Cidr | undefined {
  try {
    return Cidr.parse(text);
  } catch {
    return undefined;
  }
}
