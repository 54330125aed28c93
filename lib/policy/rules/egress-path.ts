// SPDX-License-Identifier: Apache-2.0
import type { ProxyKind } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { Rule } from '../rule';
import { cannotEvaluate, violation } from '../rule';

export interface EgressPathParams {
  /** Proxy kinds the vendor's client can use instead of NAT. */
  readonly proxyKinds: ProxyKind[];
}

/** The site has a NAT gateway attached to a subnet, or a declared proxy of an accepted kind. */
export const egressPath: Rule<EgressPathParams> = {
  slug: 'egress-path',
  scope: 'site',
  description:
    'The site reaches the internet through a NAT gateway attached to a subnet, or through a declared proxy of an accepted kind.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    if (site.proxy !== undefined && params.proxyKinds.includes(site.proxy.kind)) return [];
    if (site.natEgress.some((nat) => nat.subnets.some((s) => !isUnknown(s)))) return [];
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
};
