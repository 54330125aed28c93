// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

export interface NatIdleTimeoutParams {
  /** Smallest acceptable NAT idle timeout, in minutes. */
  readonly minimumMinutes: number;
}

/** Every NAT gateway keeps idle connections at least the given number of minutes. */
export const natIdleTimeout: Rule<NatIdleTimeoutParams> = {
  slug: 'nat-idle-timeout',
  scope: 'site',
  description: "Every NAT gateway's idle timeout is long enough for the vendor client's network timeout.",
  check: ({ site, params }) => {
    if (site === undefined) return [];
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
};
