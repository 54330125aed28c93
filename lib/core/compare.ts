// SPDX-License-Identifier: Apache-2.0
/**
 * A text order independent of locale (UTF-16 code units, as `Array.prototype.sort` orders
 * strings), for output that must be the same bytes on every machine, and an order check that
 * lets callers sort only lists that need it.
 */

/** A comparator. */
export type Compare<T> = (a: T, b: T) => number;

/** Compares texts by code unit: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the list is already in `compare` order (most lists arrive that way; sorting copies them). */
export function inOrder<T>(list: readonly T[], compare: Compare<T>): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1], list[i]) > 0) return false;
  return true;
}
