// SPDX-License-Identifier: Apache-2.0
import type { Cidr } from '../../net/cidr';
import type { Maybe, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import { insideAnyNetwork, toCidr } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface PrivateAddressingParams {
  /** Ranges that count as private: RFC 1918, RFC 6598 and IPv6 ULA in the baseline pack. */
  readonly ranges: readonly string[];
}

/** Schema of {@link PrivateAddressingParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<PrivateAddressingParams> = {
  description: 'Private address ranges.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ranges: {
      description: 'CIDRs that count as private (RFC 1918, RFC 6598, IPv6 ULA).',
      type: 'array',
      items: { description: 'A CIDR.', type: 'string' },
      minItems: 1,
    },
  },
  required: ['ranges'],
};

/** One address range of the site with where it is declared. */
interface SiteRange {
  readonly value: Maybe<string>;
  readonly what: string;
  readonly path: string;
  readonly address: string;
}

/** The site's VNet address spaces and the LANs behind its VPN links that are not estate sites. */
function siteRanges(site: Site): SiteRange[] {
  const vnets = site.vnets.flatMap((vnet) =>
    vnet.addressSpaces.map((value) => ({ value, what: `VNet ${vnet.name}`, path: vnet.path, address: vnet.address })),
  );
  // A remote that is an estate site is checked as that site's VNet.
  const lans = site.vpnLinks
    .filter((link) => link.remote.site === undefined)
    .flatMap((link) =>
      link.remote.prefixes.map((value) => ({
        value,
        what: `LAN behind VPN link ${link.name}`,
        path: link.path,
        address: link.remote.address,
      })),
    );
  return [...vnets, ...lans];
}

/** VNets and clinic LANs use private ranges; a public range inside the estate hides those internet hosts. */
export const privateAddressing = siteRule<PrivateAddressingParams>({
  slug: 'private-addressing',
  description:
    'VNet address spaces and the clinic LANs behind VPN links lie in private ranges (RFC 1918, RFC 6598, IPv6 ULA).',
  params: PARAMS,
  check: ({ site, params }) => {
    const privateRanges = params.ranges.map(toCidr).filter((c): c is Cidr => c !== undefined);
    const expected = `ranges inside ${params.ranges.join(', ')}`;
    return siteRanges(site).flatMap((range): RuleResult[] => {
      const extra = { address: range.address };
      if (isUnknown(range.value))
        return [cannotEvaluate(range.path, `address range of ${range.what}`, range.value.unknown, expected, extra)];
      // A range that does not parse is the validator's and the address plan's finding.
      if (toCidr(range.value) === undefined || insideAnyNetwork(range.value, privateRanges)) return [];
      return [
        violation(range.path, `${range.what} uses a public range`, range.value, expected, {
          ...extra,
          fix: `renumber ${range.what} into a private range; internet hosts in ${range.value} would be unreachable from the estate`,
        }),
      ];
    });
  },
});
