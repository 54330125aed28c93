// SPDX-License-Identifier: Apache-2.0
/** Small predicates over model values that several rules share. */
import { inOrder } from '../core/compare';
import { memoByText } from '../core/memo';
import { Cidr, isIpAddress } from '../net/cidr';
import { Fqdn } from '../net/fqdn';
import { Port } from '../net/port';
import type { EgressFlow, Maybe, TransportProtocol } from '../model/types';
import { isUnknown } from '../model/types';
import type { RuleMemo } from './rule-memo';
import { memoSlot } from './rule-memo';

const ANY_ADDRESSES = new Set(['*', '0.0.0.0/0', '::/0', 'any', 'internet']);

/** True for a destination or source that means "anywhere" (`*`, `0.0.0.0/0`, `::/0`). */
export function isAnyAddress(value: string): boolean {
  return ANY_ADDRESSES.has(value.trim().toLowerCase());
}

/** The known values of a list of maybe-values. */
export function knownValues<T>(values: readonly Maybe<T>[]): T[] {
  const known: T[] = [];
  for (const value of values) if (!isUnknown(value)) known.push(value);
  return known;
}

/** A maybe-value as message text: the value, or `unknown (reason)`. */
export function shown(value: Maybe<string | number>): string {
  return isUnknown(value) ? `unknown (${value.unknown})` : String(value);
}

/** The reasons of the unknown values in a list, joined for a message. */
export function unknownReasons(values: readonly Maybe<unknown>[]): string | undefined {
  // Almost every list is fully known: no array until there is a reason to list.
  let reasons: string[] | undefined;
  for (const value of values) if (isUnknown(value)) (reasons ??= []).push(value.unknown);
  return reasons?.join(', ');
}

/** True when a destination FQDN entry (possibly a wildcard) names `host`. */
export function fqdnMatches(entry: string, host: string): boolean {
  const fqdn = parsedFqdn(entry);
  return fqdn !== null && fqdn.matches(host);
}

/** The entry as an Fqdn, or null when it is not a hostname (every site compares the same few rule hostnames). */
export const parsedFqdn = memoByText((entry): Fqdn | null => {
  try {
    return Fqdn.parse(entry);
  } catch {
    return null;
  }
});

/** True when a flow of transport `flow` carries traffic of transport `wanted`. */
export function carries(flow: TransportProtocol, wanted: TransportProtocol): boolean {
  return flow === 'any' || flow === wanted;
}

/** Parses the known port strings of a list, skipping ones that do not parse. */
export function parsePorts(values: readonly Maybe<string>[], protocol: TransportProtocol = 'tcp'): Port[] {
  const ports: Port[] = [];
  for (const value of values) {
    if (isUnknown(value)) continue;
    try {
      ports.push(Port.parse(value, protocol));
    } catch {
      // An unparsable port opens nothing; other rules and the validator report it.
    }
  }
  return ports;
}

// Packs name the same few port lists (vendor ports, FTP ports) for every site: each list is parsed once per evaluation.
const PORT_LISTS = memoSlot<readonly Port[]>('pack port lists');

/**
 * A pack parameter's port texts parsed as TCP ports (once per evaluation and list); throws as
 * {@link Port.parse} does for the first text that is not a port.
 */
export function parsedPortList(texts: readonly string[], memo: RuleMemo): readonly Port[] {
  return memo.get(PORT_LISTS, texts, () => texts.map((text) => Port.parse(text)));
}

/** True when the union of `ports` covers every port of `wanted`. */
export function portsCover(ports: readonly Port[], wanted: Port): boolean {
  let next = wanted.from;
  // Rules list one port or a few in order: sort a copy only when they are not.
  for (const port of inOrder(ports, byFrom) ? ports : [...ports].sort(byFrom)) {
    if (port.from > next) break;
    if (port.to >= next) next = port.to + 1;
    if (next > wanted.to) return true;
  }
  return next > wanted.to;
}

const byFrom = (a: Port, b: Port): number => a.from - b.from;

/** True when any port of `ports` shares a port with `wanted`. */
export function portsTouch(ports: readonly Port[], wanted: Port): boolean {
  return ports.some((p) => p.from <= wanted.to && wanted.from <= p.to);
}

/** True when the ports include every port (`*` or 1-65535). */
export function isAnyPort(ports: readonly Port[]): boolean {
  return portsCover(ports, EVERY_PORT);
}

const EVERY_PORT = Port.tcpRange(1, 65535);

/** Specific destination addresses of a flow (IPs or CIDRs that are not "anywhere"). */
export function specificAddresses(flow: EgressFlow): string[] {
  const addresses: string[] = [];
  for (const a of flow.addresses)
    if (!isUnknown(a) && !isAnyAddress(a) && (isIpAddress(a) || Cidr.isCidr(a))) addresses.push(a);
  return addresses;
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

/** True when `address` (an IP or CIDR) lies inside one of the already parsed `networks`. */
export function insideAnyNetwork(address: string, networks: readonly Cidr[]): boolean {
  const inner = toCidr(address);
  return inner !== undefined && networks.some((outer) => outer.contains(inner));
}

/** `text` as a network: a CIDR, or an address as its own /32 or /128; undefined when it is neither. */
export const toCidr = memoByText((text: string): Cidr | undefined => {
  try {
    if (isIpAddress(text)) return Cidr.parse(`${text}/${text.includes(':') ? 128 : 32}`);
    return Cidr.parse(text);
  } catch {
    return undefined;
  }
});

/** A short description of a flow for messages: `rule lumos-991 (TCP 991 to csu.cherel.org.au)`. */
export function describeFlow(flow: EgressFlow): string {
  const targets = [...knownValues(flow.fqdns), ...knownValues(flow.addresses)].join(', ') || 'unknown destination';
  const ports = knownValues(flow.ports).join(',') || '?';
  return `rule ${flow.name} (${flow.protocol.toUpperCase()} ${ports} to ${targets})`;
}
