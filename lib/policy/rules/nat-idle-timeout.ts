// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface NatIdleTimeoutParams {
  /** Smallest acceptable NAT idle timeout, in minutes. */
  readonly minimumMinutes: number;
}

/** Schema of {@link NatIdleTimeoutParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<NatIdleTimeoutParams> = {
  description: 'NAT idle timeout.',
  type: 'object',
  additionalProperties: false,
  properties: {
    minimumMinutes: {
      description: 'Smallest acceptable idle timeout in minutes.',
      type: 'integer',
      minimum: 1,
    },
  },
  required: ['minimumMinutes'],
};

/** Every NAT gateway keeps idle connections at least the given number of minutes. */
export const natIdleTimeout = siteRule<NatIdleTimeoutParams>({
  slug: 'nat-idle-timeout',
  description: "Every NAT gateway's idle timeout is long enough for the vendor client's network timeout.",
  params: PARAMS,
  check: ({ site, params }) => {
    const expected = `${params.minimumMinutes} minutes or more`;
    return site.natEgress.flatMap((nat): RuleResult[] => {
      const minutes = nat.idleTimeoutMinutes;
      if (isUnknown(minutes))
        return [cannotEvaluate(nat.path, `idle timeout of NAT gateway ${nat.name}`, minutes.unknown, expected)];
      if (minutes >= params.minimumMinutes) return [];
      return [
        violation(
          nat.path,
          `NAT gateway ${nat.name} drops idle connections too early`,
          `${minutes} minutes`,
          expected,
          { fix: `set idle_timeout_in_minutes to ${params.minimumMinutes} or more` },
        ),
      ];
    });
  },
});
