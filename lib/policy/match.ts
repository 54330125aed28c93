// SPDX-License-Identifier: Apache-2.0
/** Small predicates over model values that several rules share. */
import { Cidr, isIpAddress } from '../net/cidr';
import { Fqdn } from '../net/fqdn';
import { Port } from '../net/port';
import type { EgressFlow, Maybe, TransportProtocol } from '../model/types';
import { isUnknown } from '../model/types';

const ANY_ADDRESSES = new Set(['*', '0.0.0.0/0', '::/0', 'any', 'internet']);

/** True for a destination or source that means "anywhere" (`*`, `0.0.0.0/0`, `::/0`). */
export function isAnyAddress(value: string): boolean {
  return ANY_ADDRESSES.has(value.trim().toLowerCase());
}

/** The known values of a list of maybe-values. */
export function knownValues<T>(values: readonly Maybe<T>[]): T[] {
  return values.filter((v): v is T => !isUnknown(v));
}

/** A maybe-value as message text: the value, or `unknown (reason)`. */
export function shown(value: Maybe<string | number>): string {
  return isUnknown(value) ? `unknown (${value.unknown})` : String(value);
}

/** The reasons of the unknown values in a list, joined for a message. */
export function unknownReasons(values: readonly Maybe<unknown>[]): string | undefined {
  const reasons = values.filter(isUnknown).map((v) => v.unknown);
  return reasons.length === 0 ? undefined : reasons.join(', ');
}

/** True when a destination FQDN entry (possibly a wildcard) names `host`. */
export function fqdnMatches(entry: string, host: string): boolean {
  const fqdn = parsedFqdn(entry);
  return fqdn !== null && fqdn.matches(host);
}

// Every required flow of every site compares against the same few rule hostnames: parse each once.
const FQDN_CACHE_LIMIT = 10_000;
const parsedFqdns = new Map<string, Fqdn | null>();

/** The entry as an Fqdn, or null when it is not a hostname (cached). */
function parsedFqdn(entry: string): Fqdn | null {
  let parsed = parsedFqdns.get(entry);
  if (parsed !== undefined) return parsed;
  try {
    parsed = Fqdn.parse(entry);
  } catch {
    parsed = null;
  }
  if (parsedFqdns.size >= FQDN_CACHE_LIMIT) parsedFqdns.clear();
  parsedFqdns.set(entry, parsed);
  return parsed;
}

/** True when a flow of transport `flow` carries traffic of transport `wanted`. */
export function carries(flow: TransportProtocol, wanted: TransportProtocol): boolean {
  return flow === 'any' || flow === wanted;
}

/** Parses the known port strings of a list, skipping ones that do not parse. */
export function parsePorts(values: readonly Maybe<string>[], protocol: TransportProtocol = 'tcp'): Port[] {
  const ports: Port[] = [];
  for (const value of knownValues(values)) {
    try {
      ports.push(Port.parse(value, protocol));
    } catch {
      // An unparsable port opens nothing; other rules and the validator report it.
    }
  }
  return ports;
}

/** True when the union of `ports` covers every port of `wanted`. */
export function portsCover(ports: readonly Port[], wanted: Port): boolean {
  let next = wanted.from;
  for (const port of [...ports].sort((a, b) => a.from - b.from)) {
    if (port.from > next) break;
    if (port.to >= next) next = port.to + 1;
    if (next > wanted.to) return true;
  }
  return next > wanted.to;
}

/** True when any port of `ports` shares a port with `wanted`. */
export function portsTouch(ports: readonly Port[], wanted: Port): boolean {
  return ports.some((p) => p.from <= wanted.to && wanted.from <= p.to);
}

/** True when the ports include every port (`*` or 1-65535). */
export function isAnyPort(ports: readonly Port[]): boolean {
  return portsCover(ports, Port.tcpRange(1, 65535));
}

/** Specific destination addresses of a flow (IPs or CIDRs that are not "anywhere"). */
export function specificAddresses(flow: EgressFlow): string[] {
  return knownValues(flow.addresses).filter((a) => !isAnyAddress(a) && (isIpAddress(a) || Cidr.isCidr(a)));
}

/** True when `address` (an IP or CIDR) lies inside one of `prefixes`. */
export function insideAny(address: string, prefixes: readonly string[]): boolean {
  const inner = toCidr(address);
  if (inner === undefined) return false;
  return prefixes.some((p) => {
    const outer = toCidr(p);
    return outer !== undefined && outer.contains(inner);
  });
}

function toCidr(text: string): Cidr | undefined {
  try {
    if (isIpAddress(text)) return Cidr.parse(`${text}/${text.includes(':') ? 128 : 32}`);
    return Cidr.parse(text);
  } catch {
    return undefined;
  }
}

/** A short description of a flow for messages: `rule lumos-991 (TCP 991 to csu.cherel.org.au)`. */
export function describeFlow(flow: EgressFlow): string {
  const targets = [...knownValues(flow.fqdns), ...knownValues(flow.addresses)].join(', ') || 'unknown destination';
  const ports = knownValues(flow.ports).join(',') || '?';
  return `rule ${flow.name} (${flow.protocol.toUpperCase()} ${ports} to ${targets})`;
}
