// SPDX-License-Identifier: Apache-2.0
/** Whether a rule's address, port or protocol covers a traced packet: true, false or unknown (never a guess). */
import { memoByText } from '../core/memo';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import { Cidr, isIpAddress } from '../net/cidr';
import type { Tri } from './types';
import { anyOfEach } from './types';

/**
 * One end of a packet: a known range (an address is a /32 or /128), a public hostname whose
 * address is not known here, or "some internet address".
 */
export type Endpoint =
  | { readonly kind: 'range'; readonly range: Cidr }
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'internet' };

/** RFC 1918 and RFC 6598: what Azure drops by default and does not SNAT by default. */
export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (c) => Cidr.parse(c),
);

const ANY = new Set(['*', 'any', '0.0.0.0/0', '::/0']);

/** An address or CIDR as a Cidr (an address is a host route); undefined when it is neither. */
export const cidrOf = memoByText((text: string): Cidr | undefined => {
  const value = text.trim();
  try {
    if (isIpAddress(value)) return Cidr.parse(`${value}/${value.includes(':') ? 128 : 32}`);
    return Cidr.parse(value);
  } catch {
    return undefined;
  }
});

export const isPrivate = (range: Cidr): boolean => PRIVATE_RANGES.some((p) => p.contains(range));

/** Whether `range` lies inside `within` (true), outside it (false) or across its edge (unknown). */
export function rangeIn(range: Cidr, within: readonly Cidr[], what: string): Tri {
  if (within.some((w) => w.contains(range))) return true;
  if (!within.some((w) => w.overlaps(range))) return false;
  return { unknown: `${range.toString()} lies partly inside ${what}` };
}

/**
 * Whether an address pattern (prefix, address, service tag, `*`) covers the endpoint.
 * `virtualNetwork` is what the `VirtualNetwork` tag means where the rule is evaluated.
 */
export function addressCovers(pattern: Maybe<string>, endpoint: Endpoint, virtualNetwork: readonly Cidr[]): Tri {
  if (isUnknown(pattern)) return { unknown: pattern.unknown };
  const text = pattern.trim();
  if (ANY.has(text.toLowerCase())) return true;
  if (text === 'Internet') {
    if (endpoint.kind !== 'range') return true;
    // The public address space: never the private ranges, whatever the VirtualNetwork tag holds.
    const inPrivate = rangeIn(endpoint.range, PRIVATE_RANGES, 'the private ranges');
    return typeof inPrivate === 'boolean' ? !inPrivate : inPrivate;
  }
  if (text === 'VirtualNetwork')
    return endpoint.kind === 'range' ? rangeIn(endpoint.range, virtualNetwork, text) : false;
  if (text === 'AzureLoadBalancer') return false;
  const cidr = cidrOf(text);
  if (cidr === undefined) return { unknown: `the addresses of service tag or name "${text}"` };
  if (endpoint.kind === 'range') return rangeIn(endpoint.range, [cidr], text);
  // A public hostname or internet source is never in a private range; a public prefix may hold it.
  if (isPrivate(cidr)) return false;
  const who = endpoint.kind === 'host' ? endpoint.host : 'the internet source';
  return { unknown: `whether ${who} is in ${text}` };
}

/** Any of the patterns covers the endpoint (an empty list covers nothing). */
export function anyAddress(patterns: readonly Maybe<string>[], endpoint: Endpoint, vnet: readonly Cidr[]): Tri {
  return anyOfEach(patterns, (p) => addressCovers(p, endpoint, vnet));
}

/** Whether a port pattern (`*`, `443`, `3000-3010`) covers the port. */
/** A port pattern (`*`, `443`, `3000-3010`, spaces around allowed) as a range, `*`, or undefined when unreadable. */
export const portRange = memoByText((pattern: string): { from: number; to: number } | '*' | undefined => {
  const text = pattern.trim();
  if (text === '*') return '*';
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  return { from, to: m[2] === undefined ? from : Number(m[2]) };
});

export function portCovers(pattern: Maybe<string>, port: number): Tri {
  if (isUnknown(pattern)) return { unknown: pattern.unknown };
  const range = portRange(pattern);
  if (range === '*') return true;
  if (range === undefined) return { unknown: `port "${pattern.trim()}"` };
  return port >= range.from && port <= range.to;
}

/** Any of the patterns covers the port. */
export function anyPort(patterns: readonly Maybe<string>[], port: number): Tri {
  return anyOfEach(patterns, (p) => portCovers(p, port));
}

/** Whether a protocol (`Tcp`, `UDP`, `*`, `Any`) covers the packet's protocol. */
export function protocolCovers(pattern: Maybe<string>, protocol: 'tcp' | 'udp'): Tri {
  if (isUnknown(pattern)) return { unknown: pattern.unknown };
  const text = pattern.trim().toLowerCase();
  return text === '*' || text === 'any' || text === protocol;
}

export function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.kind === 'range') return endpoint.range.toString();
  return endpoint.kind === 'host' ? endpoint.host : 'internet';
}
