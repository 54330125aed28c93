// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { Cidr } from '../../lib/net/cidr';

/** An arbitrary valid network: a random address with its host bits cleared. */
export const arbitraryCidr = (version: 4 | 6): fc.Arbitrary<Cidr> => {
  const bits = version === 4 ? 32 : 128;
  return fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.integer({ min: 0, max: bits }))
    .map(([address, prefix]) => Cidr.fromNumber(address, prefix, version));
};

/**
 * Networks clustered in a small corner of the address space (so random sets nest,
 * touch and repeat), with /0, /32 and /128 among them.
 */
export const clusteredCidr = (version: 4 | 6): fc.Arbitrary<Cidr> => {
  const bits = version === 4 ? 32 : 128;
  const corner = version === 4 ? 0x0a000000n : 0x20010db8n << 96n;
  return fc
    .tuple(
      fc.bigInt({ min: 0n, max: 4095n }),
      fc.oneof(fc.integer({ min: bits - 12, max: bits }), fc.constantFrom(0, 1, bits)),
    )
    .map(([offset, prefix]) => Cidr.fromNumber(corner + offset, prefix, version));
};
