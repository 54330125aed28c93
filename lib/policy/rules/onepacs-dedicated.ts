// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { knownValues } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { siteRule, violation } from '../rule';
import { gatewayPlacement, isGatewayAddress } from '../onepacs-gateway';

export interface OnepacsDedicatedParams {
  /** Requirement-id prefixes that belong to the gateway's own job. */
  readonly ownRequirements: string[];
}

/** Schema of {@link OnepacsDedicatedParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<OnepacsDedicatedParams> = {
  description: 'What belongs to the gateway.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ownRequirements: {
      description: "Requirement-id prefixes of the gateway's own flows.",
      type: 'array',
      items: {
        description: 'A requirement-id prefix.',
        type: 'string',
        minLength: 1,
      },
      minItems: 1,
    },
  },
  required: ['ownRequirements'],
};

/** The gateway's subnet carries no other workload's rules. */
export const onepacsDedicated = siteRule<OnepacsDedicatedParams>({
  slug: 'onepacs-dedicated',
  description: "The OnePacs gateway's subnet carries no rules that serve other workloads.",
  params: PARAMS,
  check: ({ site, params }) => {
    const placement = gatewayPlacement(site);
    if (placement.subnet === undefined) return [];
    const own = (req?: string) => req === undefined || params.ownRequirements.some((p) => req.startsWith(p));
    const expected = 'the gateway subnet used only by the gateway';
    const results: RuleResult[] = [];
    for (const flow of site.egress) {
      const fromGateway = knownValues(flow.sources).some((s) => isGatewayAddress(placement, s) === true);
      if (fromGateway && !own(flow.requirement)) {
        results.push(
          violation(
            flow.path,
            `rule ${flow.name} from the gateway subnet serves ${flow.requirement}`,
            flow.requirement ?? '',
            expected,
            { fix: 'move the other workload to its own subnet' },
          ),
        );
      }
    }
    for (const f of site.inbound) {
      if (isUnknown(f.internalAddress) || f.internalAddress === placement.address) continue;
      if (isGatewayAddress(placement, f.internalAddress) === true) {
        results.push(
          violation(
            f.path,
            `forward ${f.name} targets another host in the gateway subnet`,
            f.internalAddress,
            expected,
            { fix: 'move the other workload to its own subnet' },
          ),
        );
      }
    }
    return results;
  },
});
