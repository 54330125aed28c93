// SPDX-License-Identifier: Apache-2.0
import type { DataPlaneFirewall, DataPlaneVnet } from '../../model/dataplane';
import type { Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import { estateOf } from '../../dataplane/estate';
import { policyChain } from '../../dataplane/firewall';
import type { NetworkModel } from '../../model/types';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's data plane (policies, firewalls, VNet DNS servers). */
export type DnsProxyClientsParams = NoParams;

/** The site's firewalls whose policy chain (parents included) has a network rule naming FQDNs. */
function firewallsResolvingFqdns(model: NetworkModel, site: Site): DataPlaneFirewall[] {
  const estate = estateOf(model);
  const plane = estate.sites.get(site.name);
  if (plane === undefined) return [];
  return plane.plane.firewalls.filter((fw) => {
    if (fw.policy === undefined || isUnknown(fw.policy)) return false;
    return policyChain(estate, plane, fw.policy).policies.some((p) =>
      p.groups.some((g) => g.collections.some((c) => c.kind === 'network' && c.rules.some((r) => r.fqdns.length > 0))),
    );
  });
}

function judgeVnet(vnet: DataPlaneVnet, firewallIps: readonly string[], expected: string): RuleResult[] {
  const servers = vnet.dnsServers;
  const unknownServer = servers.find(isUnknown);
  if (unknownServer !== undefined && isUnknown(unknownServer))
    return [cannotEvaluate(vnet.address, `DNS servers of ${vnet.name}`, unknownServer.unknown, expected)];
  const others = servers.filter((s) => !isUnknown(s) && !firewallIps.includes(s.trim()));
  if (servers.length > 0 && others.length === 0) return [];
  return [
    violation(
      vnet.address,
      `${vnet.name} does not resolve through the firewall's DNS proxy`,
      servers.length === 0 ? 'Azure-provided DNS' : servers.map((x) => (isUnknown(x) ? x.unknown : x)).join(', '),
      expected,
      {
        fix: `set the VNet's DNS servers (dns_servers or azurerm_virtual_network_dns_servers) to ${firewallIps.join(', ')}`,
      },
    ),
  ];
}

/** When network rules name FQDNs, the site's VNets use the firewall's private IP as their DNS server. */
export const dnsProxyClients = siteRule<DnsProxyClientsParams>({
  slug: 'dns-proxy-clients',
  description:
    "When the firewall's network rules name FQDNs, every VNet of the site uses the firewall's private IP as its only DNS server, so clients and firewall resolve names alike.",
  params: NO_PARAMS,
  check: ({ model, site }) => {
    if (site.dataplane === undefined) return [];
    const firewalls = firewallsResolvingFqdns(model, site);
    if (firewalls.length === 0) return [];
    const doubtful = firewalls.find((f) => isUnknown(f.privateIp));
    if (doubtful !== undefined && isUnknown(doubtful.privateIp))
      return [
        cannotEvaluate(
          doubtful.address,
          `private IP of ${doubtful.name}`,
          doubtful.privateIp.unknown,
          'VNet DNS servers = the firewall',
        ),
      ];
    const ips = firewalls.map((f) => f.privateIp).filter((ip): ip is string => typeof ip === 'string');
    const expected = `DNS servers: ${ips.join(', ')} (the firewall's DNS proxy)`;
    return site.dataplane.vnets.flatMap((vnet) => judgeVnet(vnet, ips, expected));
  },
});
