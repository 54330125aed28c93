// SPDX-License-Identifier: Apache-2.0
/**
 * First match wins, with three-valued matching: a rule that may or may not match decides
 * nothing by itself — when every rule after it leads to the same decision the answer is that
 * decision, otherwise it is unknown and names the rule and what could not be known.
 */
import type { Tri } from './types';
import { isTriUnknown } from './types';

export type Decision = 'allow' | 'deny' | 'unknown';

/**
 * One candidate rule in processing order. Whether it matches a packet is asked of the caller's
 * `matches`: candidates stay independent of the packet, so they are built once per rule set.
 */
export interface Candidate {
  /** What the rule is called in a hop (`nsg-app/deny-ftp (priority 200)`). */
  readonly label: string;
  readonly address: string;
  /** `allow`, `deny`, or unknown when the rule's action cannot be read. */
  readonly action: Decision;
}

export interface Outcome<C extends Candidate = Candidate> {
  readonly decision: Decision;
  /** The deciding candidate; undefined when nothing matched (the caller's default). */
  readonly by?: C;
  readonly detail: string;
}

/** The first of `candidates` from `start` that `matches` the packet; `fallback` when none does. */
export function firstMatch<C extends Candidate>(
  candidates: readonly C[],
  matches: (candidate: C) => Tri,
  fallback: Outcome<C>,
  start = 0,
): Outcome<C> {
  for (let i = start; i < candidates.length; i++) {
    const candidate = candidates[i];
    const m = matches(candidate);
    if (m === false) continue;
    if (m === true) {
      const detail = candidate.action === 'unknown' ? `the action of ${candidate.label} is unknown` : 'matched';
      return { decision: candidate.action, by: candidate, detail };
    }
    const rest = firstMatch(candidates, matches, fallback, i + 1);
    if (rest.decision !== 'unknown' && rest.decision === candidate.action) {
      return { ...rest, detail: `${rest.detail} (${candidate.label} may match first and decides the same)` };
    }
    return { decision: 'unknown', by: candidate, detail: `whether ${candidate.label} matches: ${unknownReason(m)}` };
  }
  return fallback;
}

function unknownReason(t: Tri): string {
  return isTriUnknown(t) ? t.unknown : String(t);
}
