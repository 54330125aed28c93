// SPDX-License-Identifier: Apache-2.0
import * as ipaddr from 'ipaddr.js';
import { defineError } from '../core/errors';

export type IpVersion = 4 | 6;

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** Character codes read by the address and mask readers. */
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const cidrNotAString = defineError({
  code: 'CIDR-INVALID',
  title: 'A value given as a CIDR is not an IPv4 or IPv6 network in CIDR notation.',
  message: (value: string) =>
    `not a CIDR — got "${value}", expected an IPv4 or IPv6 network such as 10.1.0.0/16 or 2001:db8::/48; fix: write the network address, a slash and the prefix length`,
  example: ['10.1.0.0/sixteen'],
});

const cidrMissingMask = defineError({
  code: 'CIDR-MISSING-MASK',
  title: 'A CIDR has an address but no prefix length.',
  message: (value: string, suggestion: string) =>
    `prefix length missing — got "${value}", expected a network with a prefix length; fix: did you mean "${suggestion}"?`,
  example: ['10.1.2.3', '10.1.2.3/32'],
});

const cidrMaskOutOfRange = defineError({
  code: 'CIDR-MASK-RANGE',
  title: 'A CIDR prefix length is outside 0–32 (IPv4) or 0–128 (IPv6).',
  message: (value: string, max: number) =>
    `prefix length out of range — got "${value}", expected a prefix length from 0 to ${max}; fix: correct the number after the slash`,
  example: ['10.0.0.0/33', 32],
});

const cidrHostBits = defineError({
  code: 'CIDR-HOST-BITS',
  title: 'A CIDR has bits set after its prefix, so it names a host rather than a network.',
  message: (value: string, network: string) =>
    `host bits set — got "${value}", expected the network address; fix: did you mean "${network}"?`,
  example: ['10.1.2.0/16', '10.1.0.0/16'],
});

/** An IPv4 or IPv6 network, validated and canonical. */
export class Cidr {
  /**
   * Parses `a.b.c.d/n` or `x:y::/n`. Throws a {@link ClinicnetError} naming the value
   * for a missing mask, a mask out of range, host bits set, or anything else.
   */
  public static parse(text: string): Cidr {
    const value = String(text).trim();
    const slash = value.indexOf('/');
    const addressEnd = slash < 0 ? value.length : slash;
    // The four-part decimal form is read in place (a plan parses 1,000s of CIDRs per check); IPv6 through parseAddress.
    const ipv4 = readIpv4(value, 0, addressEnd);
    const parsed = ipv4 >= 0 ? undefined : parseAddress(value.slice(0, addressEnd));
    if (ipv4 < 0 && parsed === undefined) {
      throw cidrNotAString(value);
    }
    const version: IpVersion = ipv4 >= 0 ? 4 : (parsed as ParsedAddress).version;
    if (slash < 0) {
      throw cidrMissingMask(value, `${value}/${BITS[version]}`);
    }
    const prefixLength = readMask(value, slash + 1);
    if (prefixLength < 0) {
      throw cidrNotAString(value);
    }
    if (prefixLength > BITS[version]) {
      throw cidrMaskOutOfRange(value, BITS[version]);
    }
    // IPv4 in plain numbers (exact below 2^53): a plan holds 100,000s of them.
    if (ipv4 >= 0) {
      const size = 2 ** (32 - prefixLength);
      const first = ipv4 - (ipv4 % size);
      const network = new Cidr(4, prefixLength, BigInt(first), BigInt(first + size - 1));
      if (first !== ipv4) {
        throw cidrHostBits(value, network.toString());
      }
      return network;
    }
    const address = (parsed as ParsedAddress).value as bigint;
    const network = Cidr.fromNumber(address, prefixLength, 6);
    if (network.first !== address) {
      throw cidrHostBits(value, network.toString());
    }
    return network;
  }

  /** The network of the given length that contains `address` (host bits cleared). */
  public static fromNumber(address: bigint, prefixLength: number, version: IpVersion): Cidr {
    const bits = BITS[version];
    const hostBits = BigInt(bits - prefixLength);
    const first = (address >> hostBits) << hostBits;
    return new Cidr(version, prefixLength, first, first + (1n << hostBits) - 1n);
  }

  /** True when `text` parses as a CIDR. */
  public static isCidr(text: string): boolean {
    try {
      Cidr.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  private constructor(
    public readonly version: IpVersion,
    public readonly prefixLength: number,
    /** First address, as a number. */
    public readonly first: bigint,
    /** Last address, as a number. */
    public readonly last: bigint,
  ) {}

  /** Number of addresses in the network. */
  public get size(): bigint {
    return this.last - this.first + 1n;
  }

  /** True when `other` lies entirely inside this network (a network contains itself). */
  public contains(other: Cidr): boolean {
    return this.version === other.version && this.first <= other.first && other.last <= this.last;
  }

  /** True when the two networks share at least one address. */
  public overlaps(other: Cidr): boolean {
    return this.version === other.version && this.first <= other.last && other.first <= this.last;
  }

  /** True for the same network (same version, address and prefix length). */
  public equals(other: Cidr): boolean {
    return this.version === other.version && this.first === other.first && this.prefixLength === other.prefixLength;
  }

  /** Orders by version, then first address, then widest first. */
  public compareTo(other: Cidr): number {
    if (this.version !== other.version) return this.version - other.version;
    if (this.first !== other.first) return this.first < other.first ? -1 : 1;
    return this.prefixLength - other.prefixLength;
  }

  /** Canonical form: `10.1.0.0/16`, `2001:db8::/48`. */
  public toString(): string {
    let text = canonicalText.get(this);
    if (text === undefined)
      canonicalText.set(this, (text = `${formatAddress(this.first, this.version)}/${this.prefixLength}`));
    return text;
  }
}

/** Each network's canonical text, worked out once: hops and findings print the same networks often. */
const canonicalText = new WeakMap<Cidr, string>();

type ParsedAddress = { readonly version: 4; readonly value: number } | { readonly version: 6; readonly value: bigint };

/**
 * The address as a number, or undefined when `text` is not one. The four-part decimal
 * form is fully described by its pattern and the 255 bound, so it is read here (through
 * ipaddr.js it took most of the time of checking a 100,000-range plan); IPv6, with its
 * many spellings, is left to ipaddr.js.
 */
function parseAddress(text: string): ParsedAddress | undefined {
  const ipv4 = readIpv4(text, 0, text.length);
  if (ipv4 >= 0) return { version: 4, value: ipv4 };
  // A zone id (`fe80::1%eth0`) names an interface, not a network: not an address here.
  // A prefix length is never part of an address (and ipaddr.js throws, slowly, on one).
  if (!text.includes(':') || text.includes('%') || text.includes('/')) return undefined;
  try {
    return { version: 6, value: toBigInt(ipaddr.IPv6.parse(text).toByteArray()) };
  } catch {
    return undefined;
  }
}

/**
 * `text[start, end)` as an IPv4 address number when it is in four-part decimal form
 * (`(0|[1-9]\d{0,2})` four times, dot-separated, each at most 255), else -1. ipaddr.js
 * also takes `10.1` or `0x0a.0.0.1`; a network plan wants only this form. Read by hand,
 * not by a pattern: a match allocates an array and four strings, and a check reads 1,000s.
 */
function readIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      dots++;
      part = 0;
      digits = 0;
    } else if (c >= ZERO && c <= NINE) {
      // No leading zero, at most three digits, at most 255.
      if ((digits > 0 && part === 0) || digits === 3) return -1;
      part = part * 10 + (c - ZERO);
      digits++;
      if (part > 255) return -1;
    } else {
      return -1;
    }
  }
  return digits === 0 || dots !== 3 ? -1 : value * 256 + part;
}

/** The prefix length from `start` to the end of `text` when it is one to three digits (`\d{1,3}`), else -1. */
function readMask(text: string, start: number): number {
  const length = text.length - start;
  if (length < 1 || length > 3) return -1;
  let value = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Formats a numeric address in its canonical text form. */
export function formatAddress(value: bigint, version: IpVersion): string {
  if (version === 4) {
    const n = Number(value);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const bytes: number[] = [];
  for (let i = BITS[version] / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** True when `text` is a single IPv4 or IPv6 address (no prefix length). */
export function isIpAddress(text: string): boolean {
  return parseAddress(text) !== undefined;
}
