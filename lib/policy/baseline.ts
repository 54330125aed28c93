// SPDX-License-Identifier: Apache-2.0
/**
 * A baseline: the findings of an earlier report, accepted for now. Matching is by count (a
 * multiset): N entries with one key hide at most N findings with that key, so a baseline
 * entry for one old rule never hides a new rule added beside it.
 */
import type { Finding } from './finding';
import { findingKey } from './order';

/** What a baseline keeps of a finding: the fields of its key. */
export type BaselineEntry = Pick<Finding, 'rule' | 'requirement' | 'site' | 'path' | 'ruleName'>;

/** The findings left to report, and those the baseline hid (in the order given). */
export interface BaselineOutcome {
  readonly findings: Finding[];
  readonly baselined: Finding[];
}

/**
 * Hides at most as many findings per key as the baseline has entries with that key.
 * @param hideable false for a finding no baseline may hide (a requirement its pack marks not
 *   suppressible: a baseline is a suppression by another name) @default every finding may be hidden
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: readonly BaselineEntry[],
  hideable: (finding: Finding) => boolean = () => true,
): BaselineOutcome {
  const budget = new Map<string, number>();
  for (const entry of baseline) {
    const key = findingKey(entry);
    budget.set(key, (budget.get(key) ?? 0) + 1);
  }
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    const left = budget.get(key) ?? 0;
    if (left > 0 && hideable(finding)) {
      budget.set(key, left - 1);
      baselined.push(finding);
    } else {
      kept.push(finding);
    }
  }
  return { findings: kept, baselined };
}
