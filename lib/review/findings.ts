// SPDX-License-Identifier: Apache-2.0
/** Which findings a change introduces, which it fixes, and which it leaves alone. */
import type { Finding } from '../policy/finding';
import { compareFindings, findingKey } from '../policy/order';

/** Head's findings against base's. */
export interface FindingsDiff {
  /** On head, not on base. */
  readonly new: Finding[];
  /** On base, gone on head. */
  readonly fixed: Finding[];
  /** On both (head's version). */
  readonly unchanged: Finding[];
}

const exactKey = (f: Finding) => [f.rule, f.requirement, f.site, f.path, f.message].join('\u0000');

/** Matches findings exactly first, then by rule and place; what is left is new or fixed. */
export function diffFindings(base: readonly Finding[], head: readonly Finding[]): FindingsDiff {
  const unchanged: Finding[] = [];
  let remainingBase = [...base];
  let remainingHead = [...head];
  // Second pass: the same rule at the same place with a reworded message (a value in it changed).
  for (const key of [exactKey, findingKey]) {
    const pool = new Map<string, Finding[]>();
    for (const f of remainingBase) pool.set(key(f), [...(pool.get(key(f)) ?? []), f]);
    const unmatched: Finding[] = [];
    for (const f of remainingHead) {
      const candidates = pool.get(key(f));
      if (candidates !== undefined && candidates.length > 0) {
        candidates.shift();
        unchanged.push(f);
      } else {
        unmatched.push(f);
      }
    }
    remainingHead = unmatched;
    remainingBase = [...pool.values()].flat();
  }
  return {
    new: remainingHead.sort(compareFindings),
    fixed: remainingBase.sort(compareFindings),
    unchanged: unchanged.sort(compareFindings),
  };
}
