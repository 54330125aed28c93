// SPDX-License-Identifier: Apache-2.0
import type { Site } from '../../model/types';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, estateRule, violation } from '../rule';
import { planUnknowns, sitesPlan } from '../plan-unknowns';

/** No parameters: the rule reads the custo settings of every site. */
export type CustoVpnNoOverlapParams = NoParams;

/** Within each custo VPN group (a centre and its senders) no address ranges overlap. */
export const custoVpnNoOverlap = estateRule<CustoVpnNoOverlapParams>({
  slug: 'custo-vpn-no-overlap',
  description:
    'An evaluation centre and every practice sending to it over VPN share one address plan without overlaps.',
  params: NO_PARAMS,
  check: ({ model, sites: covered, memo }) => {
    const groups = new Map<string, Site[]>();
    // Only the sites the entry covers (those of the custo pack): a site with custo settings that
    // does not declare the pack is not in a custo VPN group.
    for (const site of covered) {
      const custo = site.vendor.custo;
      if (custo?.mode !== 'vpn') continue;
      const centre = custo.role === 'centre' ? site.name : (custo.centre ?? site.name);
      const group = groups.get(centre);
      if (group === undefined) groups.set(centre, [site]);
      else group.push(site);
    }
    return [...groups.entries()].flatMap(([centre, sites]): RuleResult[] => {
      // A group of one has no partner to collide with; BASE-CIDR-NO-OVERLAP covers the site itself.
      if (sites.length < 2) return [];
      const { plan, unknowns } = sitesPlan(model, sites, memo);
      const overlaps = plan
        .overlaps()
        .map(({ a, b }) =>
          violation(
            b.path ?? '*',
            `custo VPN group of ${centre}: address ranges overlap`,
            `${b.name} ${b.cidr.toString()} overlaps ${a.name} ${a.cidr.toString()}`,
            'one address plan without overlaps across the centre and its senders',
            { site: b.site },
          ),
        );
      return [...overlaps, ...planUnknowns(unknowns, 'known, non-overlapping ranges in the custo VPN group')];
    });
  },
});
