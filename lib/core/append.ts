// SPDX-License-Identifier: Apache-2.0
/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an
 * argument, and V8 throws a RangeError beyond ~125,000 arguments: input-sized lists (rules,
 * probes, problems) are appended with this instead.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
