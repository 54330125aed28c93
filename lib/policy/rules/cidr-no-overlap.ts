// SPDX-License-Identifier: Apache-2.0
import type { Rule, RuleResult } from '../rule';
import { violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the rule reads the estate address plan. */
export type CidrNoOverlapParams = Record<string, never>;

/** No two address ranges of the estate share an address (a subnet inside its own VNet is fine). */
export const cidrNoOverlap: Rule<CidrNoOverlapParams> = {
  slug: 'cidr-no-overlap',
  scope: 'estate',
  description: 'No two address ranges of the estate (VNets, subnets, on-premises LANs, VPN client pools) overlap.',
  check: ({ model }) => {
    const { plan, unknowns } = estatePlan(model);
    const overlaps = plan.overlaps().map(({ a, b }): RuleResult =>
      violation(
        b.path ?? a.path ?? '*',
        `address ranges overlap`,
        `${b.name} ${b.cidr} overlaps ${a.name} ${a.cidr}`,
        'disjoint address ranges',
        {
          site: b.site,
          fix: `give ${b.name} a prefix outside ${a.cidr} (clinicnet's address plan can allocate the next free one)`,
        },
      ),
    );
    return [...overlaps, ...planUnknowns(unknowns, 'a known CIDR that overlaps nothing')];
  },
};
