// SPDX-License-Identifier: Apache-2.0
import type { NoParams } from '../rule';
import { NO_PARAMS, siteRule, violation } from '../rule';

/** No parameters: the rule reads the declared number of HL7 agents. */
export type Hl7AgentSpofParams = NoParams;

/** A site whose HL7 traffic runs through one store-and-forward agent is told it is a single point of failure. */
export const hl7AgentSpof = siteRule<Hl7AgentSpofParams>({
  slug: 'hl7-agent-spof',
  description: 'HL7 traffic does not depend on a single store-and-forward agent.',
  params: NO_PARAMS,
  check: ({ site }) => {
    const agents = site.vendor.hl7?.agents;
    if (agents !== 1) return [];
    return [
      violation(
        site.path,
        'HL7 traffic depends on one store-and-forward agent',
        '1 agent',
        'a second agent or a direct encrypted path',
        { fix: 'add a standby agent or monitor the one agent' },
      ),
    ];
  },
});
