// SPDX-License-Identifier: Apache-2.0
/** BGP autonomous system numbers a VPN gateway or its peer may use on Azure. */
import { defineError } from '../core/errors';
import { isToken } from './values';

/** Azure keeps these for itself; IANA reserves the rest (AS_TRANS, documentation, last ASNs). */
const RESERVED: readonly (readonly [number, number, string])[] = [
  [8074, 8075, 'used by Microsoft'],
  [12076, 12076, 'used by Microsoft'],
  [23456, 23456, 'AS_TRANS, reserved by IANA'],
  [64496, 64511, 'reserved by IANA for documentation'],
  [65515, 65520, 'reserved by Azure'],
  [65535, 65551, 'reserved by IANA'],
  [4294967295, 4294967295, 'reserved by IANA'],
];

const asnInvalid = defineError({
  code: 'VPN-BGP-ASN',
  title: 'A BGP ASN is out of range or one that Azure or IANA reserves.',
  message: (role: string, asn: string, why: string) =>
    `unusable ${role} BGP ASN (${why}) — got ${asn}, expected a whole number from 1 to 4294967294 outside 8074-8075, 12076, 23456, 64496-64511, 65515-65520 and 65535-65551; fix: use a private ASN such as 65010`,
  example: ['local', '65515', 'reserved by Azure'],
});

/** Throws VPN-BGP-ASN unless `asn` is usable or an unresolved token; `role` says which end it is for. */
export function checkAsn(asn: number, role: 'local' | 'peer'): void {
  // A token (a variable's numberValue) encodes as a huge negative number: not judged, recorded as unknown.
  if (isToken(asn)) return;
  if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) throw asnInvalid(role, String(asn), 'not a 32-bit ASN');
  const hit = RESERVED.find(([from, to]) => from <= asn && asn <= to);
  if (hit !== undefined) throw asnInvalid(role, String(asn), hit[2]);
}
