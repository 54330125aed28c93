// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { unknown } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { coversAllIpv4, sourceScope } from '../../lib/policy/exposure';

const cidrs = (...texts: string[]) => texts.map((t) => Cidr.parse(t));

describe('sourceScope: what a rule admits from the internet', () => {
  test.each([[['*']], [['Internet']], [['any']], [['0.0.0.0/0']], [['128.0.0.0/1', '0.0.0.0/1']]])('%j is any', (s) => {
    expect(sourceScope(s).kind).toBe('any');
  });

  test('private ranges only are not internet; one public range is some; unknown is never assumed private', () => {
    expect(sourceScope(['10.0.0.0/8', '172.16.0.0/12', '100.64.0.1']).kind).toBe('private');
    expect(sourceScope(['10.0.0.0/8', '203.0.113.0/24'])).toEqual({ kind: 'some', ranges: cidrs('203.0.113.0/24') });
    expect(sourceScope(['10.0.0.0/8', unknown('var.x')])).toEqual({ kind: 'unknown', reason: 'var.x' });
    expect(sourceScope(['AzureCloud']).kind).toBe('unknown');
  });
});

describe('coversAllIpv4', () => {
  test('halves, quarters and overlaps cover; a gap does not', () => {
    expect(coversAllIpv4(cidrs('0.0.0.0/1', '128.0.0.0/1'))).toBe(true);
    expect(coversAllIpv4(cidrs('192.0.0.0/2', '0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2'))).toBe(true);
    expect(coversAllIpv4(cidrs('0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'))).toBe(false);
    expect(coversAllIpv4(cidrs('0.0.0.0/1', '0.0.0.0/2'))).toBe(false);
  });

  test('agrees with a count of covered /8 blocks for random /1–/8 sets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 8 })), { maxLength: 40 }),
        (parts) => {
          const ranges = parts.map(([a, len]) => Cidr.parse(`${a & (0xff << (8 - len)) & 0xff}.0.0.0/${len}`));
          const blocks = new Set<number>();
          for (const r of ranges) for (let b = Number(r.first >> 24n); b <= Number(r.last >> 24n); b++) blocks.add(b);
          expect(coversAllIpv4(ranges)).toBe(blocks.size === 256);
        },
      ),
    );
  });
});
