// SPDX-License-Identifier: Apache-2.0
/**
 * Memoises a pure function of a text. Every stack of an estate repeats the same few texts
 * (traversals, port lists, rule descriptions, pack tags), so each is worked out once per
 * process. The memo is bounded: when full it starts again, so a stream of distinct texts
 * cannot grow it without limit. Results are shared, so they must not be changed.
 */
export function memoByText<T>(compute: (text: string) => T, limit = 10_000): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined || known.has(text)) return hit as T;
    const value = compute(text);
    if (known.size >= limit) known.clear();
    known.set(text, value);
    return value;
  };
}
