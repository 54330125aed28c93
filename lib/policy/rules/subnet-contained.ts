// SPDX-License-Identifier: Apache-2.0
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, estateRule, violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the rule reads the estate address plan. */
export type SubnetContainedParams = NoParams;

/** Every subnet lies inside an address space of its VNet. */
export const subnetContained = estateRule<SubnetContainedParams>({
  slug: 'subnet-contained',
  description: "Every subnet lies inside one of its VNet's address spaces.",
  params: NO_PARAMS,
  check: ({ model, memo }) => {
    const { plan, unknowns } = estatePlan(model, memo);
    const errors = plan.containmentErrors().map(({ range, code, message }): RuleResult => {
      // The plan's message already reads `[CODE] problem — got X, expected Y; fix: Z`.
      const [, problem = code, got = range.cidr.toString(), expected = 'inside its VNet', fix] =
        /^\[[^\]]+\] (.*?) — got (.*?), expected (.*?); fix: (.*)$/.exec(message) ?? [];
      return violation(range.path ?? '*', problem, got, expected, { site: range.site, fix });
    });
    const subnetUnknowns = unknowns.filter((u) => u.what.includes('subnet') || u.what.includes('VNet'));
    return [...errors, ...planUnknowns(subnetUnknowns, 'known subnet and VNet prefixes')];
  },
});
