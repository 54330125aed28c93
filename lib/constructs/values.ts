// SPDX-License-Identifier: Apache-2.0
/** Small helpers on construct values: unresolved tokens, Terraform addresses. */
import { Token } from 'cdktf';

/** True when `value` (or any string inside it) is an unresolved cdktf token. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** `<terraform type>.<friendlyUniqueId>`: the address findings point at. */
export function addressOf(element: {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}): string {
  return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
}
