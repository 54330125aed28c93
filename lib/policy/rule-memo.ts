// SPDX-License-Identifier: Apache-2.0
/**
 * Work rules share within one evaluation. A rule runs once per site, and many ask the
 * same question of the same data (the estate's networks, a pack's port list): each
 * answer is worked out once per evaluation. The engine owns the memo, so no rule keeps
 * state at module level and nothing is held once the evaluation is over.
 */

/** Names one kind of memoised value; declared once beside the code that computes it. */
export interface MemoSlot<V> {
  readonly name: string;
  /** Only for typing: slots of different value types do not mix. */
  readonly _value?: V;
}

/** A slot for values of type `V`; `name` only helps debugging. */
export function memoSlot<V>(name: string): MemoSlot<V> {
  return { name };
}

/** One evaluation's memo: per slot, values by key (an object such as a model or site, or a text). */
export class RuleMemo {
  private readonly slots = new Map<MemoSlot<unknown>, Map<unknown, unknown>>();

  /** The value for `key` in `slot`, computed by `make` the first time it is asked for. */
  public get<K, V>(slot: MemoSlot<V>, key: K, make: (key: K) => V): V {
    let values = this.slots.get(slot);
    if (values === undefined) this.slots.set(slot, (values = new Map()));
    if (values.has(key)) return values.get(key) as V;
    const value = make(key);
    values.set(key, value);
    return value;
  }
}
