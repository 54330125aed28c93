// SPDX-License-Identifier: Apache-2.0
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from '../../../lib/terraform/hcl/cidr';
import { EvalError } from '../../../lib/terraform/hcl/value';

/** Examples from Terraform's documentation of each function. */
describe("Terraform's documented examples", () => {
  test('cidrsubnet', () => {
    expect(cidrsubnet('172.16.0.0/12', 4, 2)).toBe('172.18.0.0/16');
    expect(cidrsubnet('10.1.2.0/24', 4, 15)).toBe('10.1.2.240/28');
    expect(cidrsubnet('fd00:fd12:3456:7890::/56', 16, 162)).toBe('fd00:fd12:3456:7800:a200::/72');
  });
  test('cidrhost', () => {
    expect(cidrhost('10.12.112.0/20', 16)).toBe('10.12.112.16');
    expect(cidrhost('10.12.112.0/20', 268)).toBe('10.12.113.12');
    expect(cidrhost('fd00:fd12:3456:7890:00a2::/72', 34)).toBe('fd00:fd12:3456:7890::22');
    expect(cidrhost('10.0.0.0/24', -1)).toBe('10.0.0.255');
  });
  test('cidrnetmask', () => {
    expect(cidrnetmask('172.16.0.0/12')).toBe('255.240.0.0');
    expect(() => cidrnetmask('fd00::/8')).toThrow(EvalError);
  });
  test('cidrsubnets', () => {
    expect(cidrsubnets('10.1.0.0/16', [4, 4, 8, 4])).toEqual([
      '10.1.0.0/20',
      '10.1.16.0/20',
      '10.1.32.0/24',
      '10.1.48.0/20',
    ]);
    expect(cidrsubnets('fd00:fd12:3456:7890::/56', [16, 16, 16, 32])).toEqual([
      'fd00:fd12:3456:7800::/72',
      'fd00:fd12:3456:7800:100::/72',
      'fd00:fd12:3456:7800:200::/72',
      'fd00:fd12:3456:7800:300::/88',
    ]);
  });
  test("Terraform's errors", () => {
    expect(() => cidrsubnet('10.0.0.0/24', 4, 16)).toThrow(/does not accommodate a subnet numbered 16/);
    expect(() => cidrsubnet('10.0.0.0/24', 9, 0)).toThrow(/insufficient address space/);
    expect(() => cidrsubnet('not-a-cidr', 1, 0)).toThrow(/invalid CIDR/);
    expect(() => cidrhost('10.0.0.0/30', 4)).toThrow(/does not accommodate a host numbered 4/);
    expect(() => cidrhost('10.0.0.0/30', -5)).toThrow(EvalError);
    expect(() => cidrsubnets('10.0.0.0/24', [1, 1, 1])).toThrow(/not enough remaining address space/);
  });
});

/** An IPv4 prefix as text, its length, and its network address as a number. */
const prefix4 = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 30 }))
  .map(([address, length]) => {
    const bytes = [24, 16, 8, 0].map((s) => (address >>> s) & 0xff);
    return { text: `${bytes.join('.')}/${length}`, length };
  });

const toNumber = (address: string): number =>
  ipaddr
    .parse(address)
    .toByteArray()
    .reduce((n, b) => n * 256 + b, 0);

function parsed(cidr: string): { base: number; size: number; length: number } {
  const [address, length] = ipaddr.parseCIDR(cidr);
  const size = 2 ** (32 - length);
  // The network address: host bits of the written address are ignored, as Go's ParseCIDR does.
  const written = toNumber(address.toString());
  return { base: written - (written % size), size, length };
}

const within = (inner: string, outer: string): boolean => {
  const a = parsed(inner);
  const b = parsed(outer);
  return a.base >= b.base && a.base + a.size <= b.base + b.size;
};
const disjoint = (x: string, y: string): boolean => {
  const a = parsed(x);
  const b = parsed(y);
  return a.base + a.size <= b.base || b.base + b.size <= a.base;
};

describe('properties of the documented behaviour (IPv4)', () => {
  test('cidrsubnet: the subnet has the longer prefix, is aligned, lies in the prefix, and distinct numbers never overlap', () => {
    fc.assert(
      fc.property(
        prefix4.chain((p) =>
          fc
            .integer({ min: 1, max: Math.min(12, 32 - p.length) })
            .chain((n) =>
              fc.tuple(
                fc.constant(p),
                fc.constant(n),
                fc.integer({ min: 0, max: 2 ** n - 1 }),
                fc.integer({ min: 0, max: 2 ** n - 1 }),
              ),
            ),
        ),
        ([p, n, k1, k2]) => {
          const a = cidrsubnet(p.text, n, k1);
          const info = parsed(a);
          expect(info.length).toBe(p.length + n);
          expect(info.base % info.size).toBe(0);
          expect(within(a, p.text)).toBe(true);
          expect(a.split('/')[0]).toBe(cidrhost(a, 0));
          if (k1 !== k2) expect(disjoint(a, cidrsubnet(p.text, n, k2))).toBe(true);
          else expect(cidrsubnet(p.text, n, k2)).toBe(a);
          expect(() => cidrsubnet(p.text, n, 2 ** n)).toThrow(EvalError);
        },
      ),
    );
  });

  test('cidrhost: host numbers count from the network address, negative ones from the last address', () => {
    fc.assert(
      fc.property(
        prefix4.chain((p) => fc.tuple(fc.constant(p), fc.integer({ min: 0, max: 2 ** (32 - p.length) - 1 }))),
        ([p, h]) => {
          const { base, size } = parsed(p.text);
          expect(toNumber(cidrhost(p.text, h))).toBe(base + h);
          expect(toNumber(cidrhost(p.text, -1 - h))).toBe(base + size - 1 - h);
          expect(() => cidrhost(p.text, size)).toThrow(EvalError);
        },
      ),
    );
  });

  test('cidrnetmask has as many leading one bits as the prefix length', () => {
    fc.assert(
      fc.property(prefix4, (p) => {
        const mask = toNumber(cidrnetmask(p.text));
        expect(mask).toBe(p.length === 0 ? 0 : 2 ** 32 - 2 ** (32 - p.length));
      }),
    );
  });

  test('cidrsubnets: consecutive, ascending, disjoint subnets of the asked sizes; equal sizes are cidrsubnet 0, 1, 2…', () => {
    fc.assert(
      fc.property(
        prefix4
          .filter((p) => p.length <= 24)
          .chain((p) =>
            fc.tuple(fc.constant(p), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 })),
          ),
        ([p, bits]) => {
          let subnets: string[];
          try {
            subnets = cidrsubnets(p.text, bits);
          } catch (e) {
            // Only running out of space is an error, and only when the sizes cannot fit.
            expect(String(e)).toMatch(/not enough remaining address space/);
            const needed = bits.reduce((sum, b) => sum + 2 ** (32 - p.length - b), 0);
            expect(needed).toBeGreaterThan(0);
            return;
          }
          subnets.forEach((s, i) => {
            expect(parsed(s).length).toBe(p.length + bits[i]);
            expect(within(s, p.text)).toBe(true);
            if (i > 0) {
              expect(parsed(s).base).toBeGreaterThan(parsed(subnets[i - 1]).base);
              expect(disjoint(s, subnets[i - 1])).toBe(true);
            }
          });
          expect(parsed(subnets[0]).base).toBe(parsed(p.text).base);
          if (bits.every((b) => b === bits[0])) expect(subnets).toEqual(bits.map((b, i) => cidrsubnet(p.text, b, i)));
        },
      ),
    );
  });
});
