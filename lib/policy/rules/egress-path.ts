// SPDX-License-Identifier: Apache-2.0
import type { ProxyKind, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { ParamsSchema, RuleMemo } from '../rule';
import { vendorSubnets } from '../vendor-path';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface EgressPathParams {
  /** Proxy kinds the vendor's client can use instead of NAT. */
  readonly proxyKinds: ProxyKind[];
}

/** Schema of {@link EgressPathParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<EgressPathParams> = {
  description: 'Obligation: a NAT or proxy egress path.',
  type: 'object',
  additionalProperties: false,
  properties: {
    proxyKinds: {
      description: 'Proxy kinds accepted instead of NAT.',
      type: 'array',
      items: {
        description: 'A proxy kind.',
        type: 'string',
        enum: ['http', 'socks4', 'socks5'],
      },
    },
  },
  required: ['proxyKinds'],
};

/**
 * The firewall's own SNAT is a NAT path: every workload subnet needing the vendor sends its
 * default route to a firewall of the site that has a public IP (issue 13).
 */
function firewallSnat(site: Site, memo: RuleMemo): boolean {
  const plane = site.dataplane;
  if (plane === undefined) return false;
  const snat = plane.firewalls.filter((f) => f.publicIps.length > 0);
  const subnets = vendorSubnets(site, memo);
  if (snat.length === 0 || subnets.length === 0) return false;
  return subnets.every((subnet) => {
    const table = plane.routeTables.find((t) => t.address === subnet.routeTable);
    return (table?.routes ?? []).some(
      (r) =>
        r.prefix === '0.0.0.0/0' &&
        r.nextHopType === 'VirtualAppliance' &&
        snat.some((f) => r.nextHopFirewall === f.address || (r.nextHopIp !== undefined && r.nextHopIp === f.privateIp)),
    );
  });
}

/** The site has a NAT gateway attached to a subnet, or a declared proxy of an accepted kind. */
export const egressPath = siteRule<EgressPathParams>({
  slug: 'egress-path',
  description:
    'The site reaches the internet through a NAT gateway attached to a subnet, the SNAT of a firewall with a public IP that its workload subnets route through, or a declared proxy of an accepted kind.',
  params: PARAMS,
  check: ({ site, params, memo }) => {
    if (site.proxy !== undefined && params.proxyKinds.includes(site.proxy.kind)) return [];
    if (site.natEgress.some((nat) => nat.subnets.some((s) => !isUnknown(s)))) return [];
    if (firewallSnat(site, memo)) return [];
    const expected = `a NAT gateway attached to a subnet, or a proxy of kind ${params.proxyKinds.join(' or ')}`;
    const doubtful = site.natEgress.find((nat) => nat.subnets.some(isUnknown));
    if (doubtful !== undefined)
      return [
        cannotEvaluate(
          doubtful.path,
          `subnets of NAT gateway ${doubtful.name}`,
          'unresolved subnet reference',
          expected,
        ),
      ];
    const got = [
      site.natEgress.length > 0
        ? `NAT gateway ${site.natEgress.map((n) => n.name).join(', ')} attached to no subnet`
        : 'no NAT gateway',
      site.proxy !== undefined ? `a ${site.proxy.kind} proxy` : 'no proxy',
    ].join(', ');
    return [violation(site.path, 'no egress path for the vendor client', got, expected)];
  },
});
