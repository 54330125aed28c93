// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { Cidr, formatAddress } from '../../lib/net/cidr';
import { arbitraryCidr } from './arbitraries';

describe('Cidr parsing', () => {
  test('canonical IPv4 and IPv6 forms', () => {
    expect(Cidr.parse('10.1.0.0/16').toString()).toBe('10.1.0.0/16');
    expect(Cidr.parse(' 2001:DB8:0:0::/48 ').toString()).toBe('2001:db8::/48');
    expect(Cidr.parse('0.0.0.0/0').size).toBe(1n << 32n);
    expect(Cidr.parse('::/0').size).toBe(1n << 128n);
    expect(Cidr.parse('10.1.2.3/32').first).toBe(Cidr.parse('10.1.2.3/32').last);
  });

  test('missing mask suggests /32 for IPv4', () => {
    expect(() => Cidr.parse('10.1.2.3')).toThrow(
      '[CIDR-MISSING-MASK] prefix length missing — got "10.1.2.3", expected a network with a prefix length; fix: did you mean "10.1.2.3/32"?',
    );
  });

  test('missing mask suggests /128 for IPv6', () => {
    expect(() => Cidr.parse('2001:db8::1')).toThrow('did you mean "2001:db8::1/128"?');
  });

  test('mask out of range names the maximum', () => {
    expect(() => Cidr.parse('10.0.0.0/33')).toThrow(
      '[CIDR-MASK-RANGE] prefix length out of range — got "10.0.0.0/33", expected a prefix length from 0 to 32',
    );
    expect(() => Cidr.parse('2001:db8::/129')).toThrow('expected a prefix length from 0 to 128');
  });

  test('host bits set names the network that was meant', () => {
    expect(() => Cidr.parse('10.1.2.0/16')).toThrow(
      '[CIDR-HOST-BITS] host bits set — got "10.1.2.0/16", expected the network address; fix: did you mean "10.1.0.0/16"?',
    );
    expect(() => Cidr.parse('2001:db8::1/64')).toThrow('did you mean "2001:db8::/64"?');
  });

  test.each([
    '',
    '010.0.0.0/8',
    'ten.one.zero.zero/16',
    '10.1.0.0/sixteen',
    '10.1.0.0/',
    '10.1/16',
    '10.1.0.256/24',
    'fe80::1%eth0/128',
    '/24',
    '1:2:3:4:5:6:7:8:9/64',
  ])('garbage %p is not a CIDR', (value) => {
    expect(() => Cidr.parse(value)).toThrow(
      /^\[CIDR-INVALID\] not a CIDR — got ".*", expected an IPv4 or IPv6 network/,
    );
  });

  test('parse and print round-trip for IPv4 and IPv6', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryCidr(4), arbitraryCidr(6)), (cidr) => {
        const again = Cidr.parse(cidr.toString());
        expect(again.equals(cidr)).toBe(true);
        expect(again.toString()).toBe(cidr.toString());
      }),
      { numRuns: 300 },
    );
  });

  test('an IPv4 address prints as its four octets in decimal, as ipaddr.js prints it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (address) => {
        const octets = [24n, 16n, 8n, 0n].map((shift) => Number((address >> shift) & 255n));
        expect(formatAddress(address, 4)).toBe(ipaddr.fromByteArray(octets).toString());
      }),
      { numRuns: 300 },
    );
    expect(formatAddress(0xffffffffn, 4)).toBe('255.255.255.255');
    expect(formatAddress(0n, 4)).toBe('0.0.0.0');
  });

  test('an address with host bits is rejected exactly when the prefix does not cover it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const text = `${formatAddress(address, 4)}/${prefix}`;
        const hostBitsSet = address % (1n << BigInt(32 - prefix)) !== 0n;
        expect(Cidr.isCidr(text)).toBe(!hostBitsSet);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Cidr relations', () => {
  const bruteOverlap = (a: Cidr, b: Cidr) => {
    // Independent of first/last: two aligned blocks share an address exactly when the
    // shorter prefix's bits of both networks agree.
    if (a.version !== b.version) return false;
    const bits = BigInt(a.version === 4 ? 32 : 128);
    const shorter = BigInt(Math.min(a.prefixLength, b.prefixLength));
    return a.first >> (bits - shorter) === b.first >> (bits - shorter);
  };

  /** Pairs biased towards nesting, adjacency and duplicates. */
  const related = (version: 4 | 6) =>
    arbitraryCidr(version).chain((base) =>
      fc
        .oneof(
          fc.constant(base),
          arbitraryCidr(version),
          fc
            .integer({ min: base.prefixLength, max: version === 4 ? 32 : 128 })
            .map((p) => Cidr.fromNumber(base.first, p, version)),
          fc.constant(Cidr.fromNumber(base.last + 1n, base.prefixLength, version)),
        )
        .map((other) => [base, other] as const),
    );

  test('overlaps is symmetric and agrees with a bitwise check', () => {
    fc.assert(
      fc.property(fc.oneof(related(4), related(6)), ([a, b]) => {
        expect(a.overlaps(b)).toBe(b.overlaps(a));
        expect(a.overlaps(b)).toBe(bruteOverlap(a, b));
      }),
      { numRuns: 400 },
    );
  });

  test('IPv4 and IPv6 never overlap, even with equal numbers', () => {
    expect(Cidr.parse('0.0.0.0/0').overlaps(Cidr.parse('::/96'))).toBe(false);
    expect(Cidr.parse('0.0.0.0/0').contains(Cidr.parse('::/128'))).toBe(false);
  });

  test('contains holds for nested blocks only', () => {
    const vnet = Cidr.parse('10.1.0.0/16');
    expect(vnet.contains(Cidr.parse('10.1.255.0/24'))).toBe(true);
    expect(vnet.contains(vnet)).toBe(true);
    expect(vnet.contains(Cidr.parse('10.0.0.0/8'))).toBe(false);
    expect(vnet.contains(Cidr.parse('10.2.0.0/24'))).toBe(false);
  });

  test('adjacent blocks do not overlap', () => {
    expect(Cidr.parse('10.1.0.0/24').overlaps(Cidr.parse('10.1.1.0/24'))).toBe(false);
  });

  test('compareTo orders by version, address, then widest first', () => {
    const sorted = ['2001:db8::/32', '10.1.0.0/24', '10.1.0.0/16', '9.0.0.0/8']
      .map((t) => Cidr.parse(t))
      .sort((a, b) => a.compareTo(b));
    expect(sorted.map(String)).toEqual(['9.0.0.0/8', '10.1.0.0/16', '10.1.0.0/24', '2001:db8::/32']);
  });
});
