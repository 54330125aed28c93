// SPDX-License-Identifier: Apache-2.0
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, estateRule, violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the reserved ranges are Azure's, kept with the address plan. */
export type CidrReservedParams = NoParams;

/** No address range of the estate touches a range Azure reserves. */
export const cidrReserved = estateRule<CidrReservedParams>({
  slug: 'cidr-reserved',
  description:
    'No address range of the estate uses a range Azure reserves (multicast, broadcast, loopback, link-local, 168.63.129.16).',
  params: NO_PARAMS,
  check: ({ model, memo }) => {
    const { plan, unknowns } = estatePlan(model, memo);
    const hits = plan.reserved().map(({ range, reservedRange }): RuleResult =>
      violation(
        range.path ?? '*',
        'address range uses an Azure-reserved range',
        `${range.name} ${range.cidr.toString()} touches ${reservedRange.toString()}`,
        "private ranges outside Azure's reserved ones",
        {
          site: range.site,
          fix: `move ${range.name} out of ${reservedRange.toString()}`,
        },
      ),
    );
    return [...hits, ...planUnknowns(unknowns, 'a known CIDR outside the reserved ranges')];
  },
});
