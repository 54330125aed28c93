// SPDX-License-Identifier: Apache-2.0
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, estateRule, violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the rule reads the estate address plan. */
export type CidrNoOverlapParams = NoParams;

/** No two address ranges of the estate share an address (a subnet inside its own VNet is fine). */
export const cidrNoOverlap = estateRule<CidrNoOverlapParams>({
  slug: 'cidr-no-overlap',
  description: 'No two address ranges of the estate (VNets, subnets, on-premises LANs, VPN client pools) overlap.',
  params: NO_PARAMS,
  check: ({ model, memo }) => {
    const { plan, unknowns } = estatePlan(model, memo);
    const overlaps = plan.overlaps().map(({ a, b }): RuleResult =>
      violation(
        b.path ?? a.path ?? '*',
        `address ranges overlap`,
        `${b.name} ${b.cidr.toString()} overlaps ${a.name} ${a.cidr.toString()}`,
        'disjoint address ranges',
        {
          site: b.site,
          fix: `give ${b.name} a prefix outside ${a.cidr.toString()} (clinicnet's address plan can allocate the next free one)`,
        },
      ),
    );
    return [...overlaps, ...planUnknowns(unknowns, 'a known CIDR that overlaps nothing')];
  },
});
