// SPDX-License-Identifier: Apache-2.0
/**
 * Which suppressions a change adds or changes. A suppression silences findings, so a reviewer
 * must see every one a change brings: the review lists them first and counts them in the verdict.
 */
import { compareText } from '../core/compare';
import type { Suppression, SuppressionStatus } from '../policy/evaluation';

/** A suppression on head that base did not have, or had with another reason, owner or expiry. */
export interface SuppressionChange {
  readonly kind: 'added' | 'changed';
  /** The suppression on head, with what became of it there. */
  readonly status: SuppressionStatus;
  /** For `changed`: the suppression as base had it. @default absent for `added` */
  readonly before?: Suppression;
}

/** What a suppression silences: its id, site and path (where it is declared may move freely). */
const scopeKey = (s: Suppression): string => [s.id, s.site ?? '', s.path ?? ''].join('\u0000');
const exactKey = (s: Suppression): string => [scopeKey(s), s.reason, s.owner, s.expires].join('\u0000');

/** Head's suppressions against base's: identical ones first, then the same scope reworded; the rest are added. */
export function diffSuppressions(
  base: readonly SuppressionStatus[],
  head: readonly SuppressionStatus[],
): SuppressionChange[] {
  const exact = pool(base, exactKey);
  const rest = head.filter((status) => !take(exact, exactKey(status.suppression)));
  const left = pool(
    [...exact.values()].flat().map((suppression) => ({ suppression })),
    scopeKey,
  );
  return rest
    .map((status): SuppressionChange => {
      const before = take(left, scopeKey(status.suppression));
      return before === undefined ? { kind: 'added', status } : { kind: 'changed', status, before };
    })
    .sort(compareChanges);
}

function pool(
  statuses: readonly { readonly suppression: Suppression }[],
  key: (s: Suppression) => string,
): Map<string, Suppression[]> {
  const byKey = new Map<string, Suppression[]>();
  for (const { suppression } of statuses) {
    const k = key(suppression);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [suppression]);
    else list.push(suppression);
  }
  return byKey;
}

function take(byKey: Map<string, Suppression[]>, key: string): Suppression | undefined {
  return byKey.get(key)?.shift();
}

function compareChanges(a: SuppressionChange, b: SuppressionChange): number {
  const x = a.status.suppression;
  const y = b.status.suppression;
  return (
    compareText(x.id, y.id) ||
    compareText(x.site ?? '', y.site ?? '') ||
    compareText(x.path ?? '', y.path ?? '') ||
    compareText(x.declaredAt, y.declaredAt)
  );
}
