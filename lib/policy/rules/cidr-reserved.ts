// SPDX-License-Identifier: Apache-2.0
import type { Rule, RuleResult } from '../rule';
import { violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the reserved ranges are Azure's, kept with the address plan. */
export type CidrReservedParams = Record<string, never>;

/** No address range of the estate touches a range Azure reserves. */
export const cidrReserved: Rule<CidrReservedParams> = {
  slug: 'cidr-reserved',
  scope: 'estate',
  description:
    'No address range of the estate uses a range Azure reserves (multicast, broadcast, loopback, link-local, 168.63.129.16).',
  check: ({ model }) => {
    const { plan, unknowns } = estatePlan(model);
    const hits = plan.reserved().map(({ range, reservedRange }): RuleResult =>
      violation(
        range.path ?? '*',
        'address range uses an Azure-reserved range',
        `${range.name} ${range.cidr} touches ${reservedRange}`,
        "private ranges outside Azure's reserved ones",
        {
          site: range.site,
          fix: `move ${range.name} out of ${reservedRange}`,
        },
      ),
    );
    return [...hits, ...planUnknowns(unknowns, 'a known CIDR outside the reserved ranges')];
  },
};
