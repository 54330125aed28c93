// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform's IP network functions (cidrsubnet, cidrsubnets, cidrhost, cidrnetmask) on
 * IPv4 and IPv6, with Terraform's errors, in BigInt arithmetic. Terraform masks the prefix
 * to its network address first (as Go's net.ParseCIDR does) and counts negative host
 * numbers from the end of the range.
 */
import * as ipaddr from 'ipaddr.js';
import { EvalError } from './value';

interface Network {
  readonly bits: 32 | 128;
  readonly base: bigint;
  readonly length: number;
}

function parsePrefix(text: string): Network {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    throw new EvalError(`invalid CIDR address "${text}"`);
  }
  const [address, length] = parsed;
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  let value = 0n;
  for (const byte of address.toByteArray()) value = (value << 8n) | BigInt(byte);
  const hostBits = BigInt(bits - length);
  return { bits, base: (value >> hostBits) << hostBits, length };
}

function format(value: bigint, bits: 32 | 128): string {
  const bytes: number[] = [];
  for (let i = bits / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

function whole(value: number, what: string): bigint {
  if (!Number.isInteger(value)) throw new EvalError(`${what} must be a whole number, got ${value}`);
  return BigInt(value);
}

/** `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const net = parsePrefix(prefix);
  const length = net.length + Number(whole(newbits, 'newbits'));
  if (newbits < 0) throw new EvalError(`newbits must not be negative, got ${newbits}`);
  if (length > net.bits)
    throw new EvalError(`insufficient address space to extend prefix of ${net.length} by ${newbits}`);
  const num = whole(netnum, 'netnum');
  if (num < 0n || num >= 1n << BigInt(newbits))
    throw new EvalError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  const base = net.base | (num << BigInt(net.bits - length));
  return `${format(base, net.bits)}/${length}`;
}

/** `cidrhost(prefix, hostnum)`: a negative number counts back from the last address. */
export function cidrhost(prefix: string, hostnum: number): string {
  const net = parsePrefix(prefix);
  const size = 1n << BigInt(net.bits - net.length);
  const num = whole(hostnum, 'hostnum');
  const offset = num < 0n ? size + num : num;
  if (offset < 0n || offset >= size)
    throw new EvalError(`prefix of ${net.length} does not accommodate a host numbered ${hostnum}`);
  return format(net.base + offset, net.bits);
}

/** `cidrnetmask(prefix)`: IPv4 only. */
export function cidrnetmask(prefix: string): string {
  const net = parsePrefix(prefix);
  if (net.bits !== 32) throw new EvalError(`only IPv4 networks have a netmask, got "${prefix}"`);
  const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - net.length)) - 1n);
  return format(mask, 32);
}

/** `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned after the previous (go-cidr's NextSubnet). */
export function cidrsubnets(prefix: string, newbits: readonly number[]): string[] {
  const net = parsePrefix(prefix);
  const modulus = 1n << BigInt(net.bits);
  const size = 1n << BigInt(net.bits - net.length);
  let next = net.base;
  return newbits.map((bits) => {
    const length = net.length + Number(whole(bits, 'newbits'));
    if (bits < 1 || length > net.bits)
      throw new EvalError(`would extend prefix to ${length} bits, which is too long for the address`);
    const block = 1n << BigInt(net.bits - length);
    // Align up to the subnet's own size, as NextSubnet does.
    const start = ((next + block - 1n) / block) * block;
    if (start >= modulus || start + block > net.base + size)
      throw new EvalError(`not enough remaining address space for a subnet with a prefix of ${length} bits`);
    next = start + block;
    return `${format(start, net.bits)}/${length}`;
  });
}
