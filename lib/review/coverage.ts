// SPDX-License-Identifier: Apache-2.0
/**
 * "Is the head value no wider than the base value?" for the lists a flow or forward
 * carries (destinations, ports, sources). An unknown value is covered only by the
 * same unknown: the review never assumes an unresolved value is narrow.
 */
import { Cidr, isIpAddress } from '../net/cidr';
import { Fqdn } from '../net/fqdn';
import { Port, type PortProtocol } from '../net/port';
import { parsePorts, portsCover } from '../policy/match';
import { isUnknown, type Maybe } from '../model/types';

/** Text form of a model value, `(unknown: reason)` for an unknown. */
export function show(value: Maybe<string | number | boolean> | undefined): string {
  if (value === undefined) return '—';
  return isUnknown(value) ? `(unknown: ${value.unknown})` : String(value);
}

/** Text form of a list of model values, `—` when empty. */
export function showList(values: readonly Maybe<string | number | boolean>[]): string {
  return values.length === 0 ? '—' : values.map(show).join(', ');
}

/** Head values that no base value covers, by the given coverage test. */
function uncovered<T>(
  base: readonly Maybe<T>[],
  head: readonly Maybe<T>[],
  covers: (b: T, h: T) => boolean,
): Maybe<T>[] {
  return head.filter(
    (h) =>
      base.some((b) => {
        if (isUnknown(h) || isUnknown(b)) return isUnknown(h) && isUnknown(b) && h.unknown === b.unknown;
        return b === h || safely(() => covers(b, h));
      }) === false,
  );
}

function safely(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    // Unparsable text is compared literally by the caller; here it covers nothing.
    return false;
  }
}

function toCidr(text: string): Cidr {
  if (isIpAddress(text)) return Cidr.parse(`${text}/${text.includes(':') ? 128 : 32}`);
  return Cidr.parse(text);
}

/** Addresses or CIDRs in head outside every base range (`*` covers everything). */
export function widerAddresses(base: readonly Maybe<string>[], head: readonly Maybe<string>[]): Maybe<string>[] {
  return uncovered(base, head, (b, h) => b === '*' || (h !== '*' && toCidr(b).contains(toCidr(h))));
}

/** Hostnames in head that no base hostname or wildcard matches. */
export function widerFqdns(base: readonly Maybe<string>[], head: readonly Maybe<string>[]): Maybe<string>[] {
  return uncovered(base, head, (b, h) => Fqdn.parse(b).matches(h));
}

/** Ports in head outside the union of base's ports and ranges (`*` covers everything). */
export function widerPorts(
  base: readonly Maybe<string>[],
  head: readonly Maybe<string>[],
  protocol: PortProtocol,
): Maybe<string>[] {
  const union = parsePorts(base, protocol);
  return uncovered(base, head, (_, h) => portsCover(union, Port.parse(h, protocol)));
}
