// SPDX-License-Identifier: Apache-2.0
/** Turning construct inputs into model values without guessing at unresolved tokens. */
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Maybe } from '../model/types';
import { unknown } from '../model/types';

/** True when `value` (or any string inside it) is an unresolved cdktf token. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * The value as the model records it: itself when known (a token that resolves to a
 * literal counts as known), otherwise an unknown naming the Terraform expression it
 * resolves to — the same text the terraform reader will see.
 */
export function maybeOf<T>(scope: IConstruct, value: T): Maybe<T> {
  if (!Token.isUnresolved(value)) return value;
  const resolved: unknown = Tokenization.resolve(value, {
    scope,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  const literal = typeof resolved === 'number' || (typeof resolved === 'string' && !resolved.includes('${'));
  return literal ? (resolved as T) : unknown(String(resolved));
}

/** `<terraform type>.<friendlyUniqueId>`: the address findings point at. */
export function addressOf(element: {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}): string {
  return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
}
