// SPDX-License-Identifier: Apache-2.0
/**
 * Values of the HCL evaluator: plain JSON (what Terraform would know before plan) and
 * `Opaque` for what it cannot: a reference to a resource (kept as `${type.name.attr}` so the
 * reader resolves it, as in synthesized JSON), an input variable with no value (kept as
 * `${var.x}` so the reader knows whether it is sensitive) or an unknown with its reason.
 */

/** A value the evaluator does not know: a reference kept for the reader, or an unknown. */
export class Opaque {
  /**
   * @param kind `ref` a resource/data/module-output traversal, `var` a root variable without value, `unknown` anything else
   * @param text the traversal (`azurerm_subnet.work["a"].id`) or, for unknowns, the expression as written
   * @param module module instance the traversal is relative to (refs only)
   * @param sealed a module output: no attribute may be added to it (the reader follows whole outputs only)
   */
  public constructor(
    public readonly kind: 'ref' | 'var' | 'unknown',
    public readonly text: string,
    public readonly module = '',
    public readonly sealed = false,
  ) {}
}

/** An unknown with the expression (or reason) it stands for. */
export const unknownValue = (reason: string): Opaque => new Opaque('unknown', reason);

/** An object whose members are worked out on first use (module outputs). */
export class LazyObject {
  public constructor(
    public readonly names: readonly string[],
    private readonly compute: (name: string) => Value,
  ) {}
  private readonly known = new Map<string, Value>();
  public has(name: string): boolean {
    return this.names.includes(name);
  }
  public get(name: string): Value {
    let value = this.known.get(name);
    if (value === undefined && !this.known.has(name)) this.known.set(name, (value = this.compute(name)));
    return value as Value;
  }
  /** Every member, as a plain object. */
  public materialize(): { [key: string]: Value } {
    const result: { [key: string]: Value } = {};
    for (const name of this.names) result[name] = this.get(name);
    return result;
  }
}

/** What an expression evaluates to. */
export type Value = null | string | number | boolean | Value[] | { [key: string]: Value } | Opaque | LazyObject;

/** A plain object (map or object value). */
export function isMap(value: Value): value is { [key: string]: Value } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Opaque) &&
    !(value instanceof LazyObject)
  );
}

/** True when the value, or anything inside it, is not known. */
export function hasOpaque(value: Value): boolean {
  if (value instanceof Opaque) return true;
  if (value instanceof LazyObject) return hasOpaque(value.materialize());
  if (Array.isArray(value)) return value.some(hasOpaque);
  if (isMap(value)) return Object.values(value).some(hasOpaque);
  return false;
}

/** An evaluation error: Terraform would refuse the expression; the reader reports it as unknown. */
export class EvalError extends Error {}

/** Terraform's text for a value in messages. */
export function show(value: Value): string {
  if (value instanceof Opaque) return value.text;
  if (value instanceof LazyObject) return 'a module instance';
  return JSON.stringify(value);
}

/** An object from entries; keys from the input (`__proto__`) become own members, later ones win. */
export function objectOf(entries: Iterable<readonly [string, Value]>): { [key: string]: Value } {
  const result: { [key: string]: Value } = {};
  for (const [key, value] of entries) setMember(result, key, value);
  return result;
}

/** Sets an own member; only `__proto__` needs defineProperty (assignment would change the prototype). */
export function setMember<T>(object: { [key: string]: T }, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
