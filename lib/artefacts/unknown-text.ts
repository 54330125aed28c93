// SPDX-License-Identifier: Apache-2.0
/**
 * What a hand-over file says of a value the input does not state. Clinic IT reads these
 * files, not Terraform: a value written as an expression (`${azurerm_public_ip.fw.ip_address}`)
 * becomes "known after apply: the ip_address of azurerm_public_ip.fw", never the raw expression.
 */
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';

/** `${TRAVERSAL}` alone: a reference Terraform resolves at apply. */
const REFERENCE = /^\$\{\s*((?:data\.)?[A-Za-z][\w-]*\.[\w-]+(?:\[[^\]]*\])?)((?:\.[\w-]+|\[\d+\])*)\s*\}$/;

/** "known after apply: …" for a reference, "`word` (…)" with any other reason. */
export function unknownText(reason: string, word = 'unknown'): string {
  const m = REFERENCE.exec(reason.trim());
  if (m === null) return reason.includes('${') ? 'known after apply' : `${word} (${reason})`;
  const attribute = m[2]
    .replace(/^\./, '')
    .replace(/\[(\d+)\]/g, ' $1')
    .replace(/\./g, ' ');
  return attribute === '' ? `known after apply: ${m[1]}` : `known after apply: the ${attribute} of ${m[1]}`;
}

/** A value for a hand-over file: itself, `absent` when unset, or what is known of it before apply. */
export function shownValue(value: Maybe<string | number> | undefined, absent: string): string {
  if (value === undefined) return absent;
  return isUnknown(value) ? unknownText(value.unknown) : String(value);
}
