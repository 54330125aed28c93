// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { AddressPlan, PlanRange, RangeKind } from '../../lib/net/address-plan';
import { ClinicnetError } from '../../lib/core/errors';
import { Cidr } from '../../lib/net/cidr';
import { arbitraryCidr, clusteredCidr } from './arbitraries';

const range = (name: string, cidr: string, kind: RangeKind = 'other', parent?: string): PlanRange => ({
  name,
  cidr: Cidr.parse(cidr),
  kind,
  parent,
});

const pairs = (plan: AddressPlan) => plan.overlaps().map(({ a, b }) => `${a.name}~${b.name}`);

/** The all-pairs oracle, written from the rule's words rather than from the implementation. */
function oraclePairs(ranges: PlanRange[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [x, y] = [ranges[i], ranges[j]];
      const shareAddress =
        x.cidr.version === y.cidr.version && x.cidr.first <= y.cidr.last && y.cidr.first <= x.cidr.last;
      const ownVnet = (inner: PlanRange, outer: PlanRange) =>
        inner.parent === outer.name &&
        outer.kind === 'vnet' &&
        outer.cidr.first <= inner.cidr.first &&
        inner.cidr.last <= outer.cidr.last;
      if (shareAddress && !ownVnet(x, y) && !ownVnet(y, x)) found.add([x.name, y.name].sort().join('~'));
    }
  }
  return found;
}

/** Random plans: clustered IPv4 and IPv6 blocks, a few VNets, subnets naming them. */
const arbitraryPlan = fc
  .array(
    fc.record({
      cidr: fc.oneof(
        { weight: 4, arbitrary: clusteredCidr(4) },
        { weight: 2, arbitrary: clusteredCidr(6) },
        { weight: 1, arbitrary: arbitraryCidr(4) },
      ),
      kind: fc.constantFrom<RangeKind>('vnet', 'subnet', 'onprem', 'other'),
      parent: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((items) =>
    items.map((item, index): PlanRange => ({
      name: item.kind === 'vnet' ? `vnet${index % 6}` : `r${index}`,
      cidr: item.cidr,
      kind: item.kind,
      parent: item.parent === undefined ? undefined : `vnet${item.parent}`,
    })),
  );

describe('AddressPlan.overlaps', () => {
  test('finds two VNets sharing addresses, once', () => {
    const plan = new AddressPlan([range('b', '10.1.0.0/24', 'vnet'), range('a', '10.1.0.0/16', 'vnet')]);
    expect(pairs(plan)).toEqual(['a~b']);
  });

  test('a subnet inside its own VNet is containment, inside another VNet an overlap', () => {
    const plan = new AddressPlan([
      range('clinic-a/vnet', '10.1.0.0/16', 'vnet'),
      range('clinic-a/vnet/app', '10.1.1.0/24', 'subnet', 'clinic-a/vnet'),
      range('clinic-b/vnet/app', '10.1.2.0/24', 'subnet', 'clinic-b/vnet'),
      range('clinic-b/vnet', '10.2.0.0/16', 'vnet'),
    ]);
    expect(pairs(plan)).toEqual(['clinic-a/vnet~clinic-b/vnet/app']);
  });

  test('two subnets of one VNet that share addresses overlap', () => {
    const plan = new AddressPlan([
      range('v', '10.1.0.0/16', 'vnet'),
      range('v/a', '10.1.0.0/24', 'subnet', 'v'),
      range('v/b', '10.1.0.128/25', 'subnet', 'v'),
    ]);
    expect(pairs(plan)).toEqual(['v/a~v/b']);
  });

  test('a VNet with two address spaces contains subnets in either', () => {
    const plan = new AddressPlan([
      range('v', '10.1.0.0/24', 'vnet'),
      range('v', '10.9.0.0/24', 'vnet'),
      range('v/a', '10.9.0.0/26', 'subnet', 'v'),
    ]);
    expect(pairs(plan)).toEqual([]);
    expect(plan.containmentErrors()).toEqual([]);
  });

  test('duplicates, /0 and IPv6 are handled; IPv4 never meets IPv6', () => {
    const plan = new AddressPlan([
      range('any4', '0.0.0.0/0'),
      range('lan1', '192.168.1.0/24', 'onprem'),
      range('lan2', '192.168.1.0/24', 'onprem'),
      range('any6', '::/0'),
      range('host6', '2001:db8::1/128'),
      range('adjacent', '192.168.2.0/24', 'onprem'),
    ]);
    // Ordered by the inner range, then from the outermost enclosing range inwards.
    expect(pairs(plan)).toEqual(['any4~lan1', 'any4~lan2', 'lan1~lan2', 'any4~adjacent', 'any6~host6']);
  });

  test('the result does not depend on insertion order', () => {
    fc.assert(
      fc.property(
        arbitraryPlan.chain((ranges) =>
          fc.tuple(fc.constant(ranges), fc.shuffledSubarray(ranges, { minLength: ranges.length })),
        ),
        ([ranges, shuffled]) => {
          expect(pairs(new AddressPlan(shuffled))).toEqual(pairs(new AddressPlan(ranges)));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('equals the all-pairs oracle on random plans, each pair once', () => {
    fc.assert(
      fc.property(arbitraryPlan, (ranges) => {
        const found = new AddressPlan(ranges).overlaps().map(({ a, b }) => [a.name, b.name].sort().join('~'));
        // Names repeat for VNets with several spaces, so compare multisets via the oracle's set plus a count.
        expect(new Set(found)).toEqual(oraclePairs(ranges));
        const total = ranges.reduce(
          (n, x, i) => n + ranges.slice(i + 1).filter((y) => x.cidr.overlaps(y.cidr)).length,
          0,
        );
        const exempt = ranges.reduce(
          (n, x, i) =>
            n +
            ranges
              .slice(i + 1)
              .filter(
                (y) =>
                  (x.parent === y.name && y.kind === 'vnet' && y.cidr.contains(x.cidr)) ||
                  (y.parent === x.name && x.kind === 'vnet' && x.cidr.contains(y.cidr)),
              ).length,
          0,
        );
        expect(found).toHaveLength(total - exempt);
      }),
      { numRuns: 200 },
    );
  });

  test('`a` always encloses `b`', () => {
    fc.assert(
      fc.property(arbitraryPlan, (ranges) => {
        for (const { a, b } of new AddressPlan(ranges).overlaps()) expect(a.cidr.contains(b.cidr)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('AddressPlan.reserved', () => {
  test('reports each reserved range a plan range touches', () => {
    const plan = new AddressPlan([
      range('ok', '10.0.0.0/8'),
      range('wire', '168.63.128.0/22', 'onprem'),
      range('linklocal', '169.254.10.0/24'),
      range('everything', '0.0.0.0/0'),
      range('v6', '::/0'),
    ]);
    const hits = plan.reserved().map((h) => `${h.range.name} ${h.reservedRange.toString()}`);
    expect(hits).toEqual([
      'everything 224.0.0.0/4',
      'everything 255.255.255.255/32',
      'everything 127.0.0.0/8',
      'everything 169.254.0.0/16',
      'everything 168.63.129.16/32',
      'wire 168.63.129.16/32',
      'linklocal 169.254.0.0/16',
    ]);
  });
});

describe('AddressPlan.containmentErrors', () => {
  test('names the subnet, its prefix and the VNet spaces when outside', () => {
    const plan = new AddressPlan([range('v', '10.1.0.0/16', 'vnet'), range('v/a', '10.2.0.0/24', 'subnet', 'v')]);
    expect(plan.containmentErrors()).toEqual([
      {
        range: expect.objectContaining({ name: 'v/a' }) as unknown,
        code: 'PLAN-SUBNET-OUTSIDE-VNET',
        message:
          '[PLAN-SUBNET-OUTSIDE-VNET] subnet outside its VNet — got "v/a" 10.2.0.0/24, expected it inside VNet "v" (10.1.0.0/16); fix: choose a prefix inside the VNet or add an address space to the VNet',
      },
    ]);
  });

  test('a subnet larger than its VNet is outside it', () => {
    const plan = new AddressPlan([range('v', '10.1.0.0/24', 'vnet'), range('v/a', '10.1.0.0/16', 'subnet', 'v')]);
    expect(plan.containmentErrors().map((e) => e.code)).toEqual(['PLAN-SUBNET-OUTSIDE-VNET']);
    expect(pairs(plan)).toEqual(['v/a~v']);
  });

  test('ranges of a VNet marked unresolved are not judged, others still are', () => {
    const plan = new AddressPlan([
      range('v', '10.1.0.0/16', 'vnet'),
      range('v/a', '10.2.0.0/24', 'subnet', 'v'),
      range('w/a', '10.3.0.0/24', 'subnet', 'w'),
    ]);
    plan.markUnresolvedVnet('v');
    expect(plan.containmentErrors().map((e) => `${e.range.name} ${e.code}`)).toEqual(['w/a PLAN-UNKNOWN-PARENT']);
  });

  test('unknown parent, parent not a VNet, subnet without parent', () => {
    const plan = new AddressPlan([
      range('lan', '10.1.0.0/16', 'onprem'),
      range('a', '10.1.0.0/24', 'subnet', 'lan'),
      range('b', '10.2.0.0/24', 'subnet', 'vnet-typo'),
      range('c', '10.3.0.0/24', 'subnet'),
      range('d', '10.4.0.0/24', 'onprem'),
    ]);
    expect(plan.containmentErrors().map((e) => `${e.range.name} ${e.code}`)).toEqual([
      'a PLAN-PARENT-NOT-VNET',
      'b PLAN-UNKNOWN-PARENT',
      'c PLAN-SUBNET-NO-PARENT',
    ]);
    expect(plan.containmentErrors()[1].message).toContain('got "b" with parent "vnet-typo"');
  });
});

describe('AddressPlan.allocate', () => {
  test('hands out the lowest free aligned prefix', () => {
    const plan = new AddressPlan([
      range('a', '10.64.0.0/24'),
      range('b', '10.64.1.128/25'),
      range('c', '10.64.3.0/24'),
    ]);
    expect(plan.allocate(Cidr.parse('10.64.0.0/12'), 24).toString()).toBe('10.64.2.0/24');
    expect(plan.allocate(Cidr.parse('10.64.0.0/12'), 25).toString()).toBe('10.64.1.0/25');
    expect(plan.allocate(Cidr.parse('10.64.0.0/12'), 22).toString()).toBe('10.64.4.0/22');
    expect(plan.allocate(Cidr.parse('2001:db8::/48'), 64).toString()).toBe('2001:db8::/64');
  });

  test('ignores ranges outside the supernet and skips one enclosing it entirely', () => {
    const plan = new AddressPlan([range('elsewhere', '10.0.0.0/16'), range('v6', '::/0')]);
    expect(plan.allocate(Cidr.parse('10.64.0.0/16'), 24).toString()).toBe('10.64.0.0/24');
    expect(() => new AddressPlan([range('all', '10.0.0.0/8')]).allocate(Cidr.parse('10.64.0.0/16'), 24)).toThrow(
      '[PLAN-SUPERNET-FULL]',
    );
  });

  test('never hands out Azure-reserved addresses', () => {
    expect(new AddressPlan().allocate(Cidr.parse('169.254.0.0/15'), 16).toString()).toBe('169.255.0.0/16');
  });

  test('clear errors when full or the prefix is too short', () => {
    const plan = new AddressPlan([range('a', '10.64.0.0/24'), range('b', '10.64.1.0/24')]);
    expect(() => plan.allocate(Cidr.parse('10.64.0.0/23'), 24)).toThrow(
      '[PLAN-SUPERNET-FULL] supernet full — got a request for a /24 in 10.64.0.0/23, expected a free aligned /24 that overlaps nothing in the plan',
    );
    expect(() => plan.allocate(Cidr.parse('10.64.0.0/12'), 8)).toThrow(
      '[PLAN-ALLOCATE-PREFIX] prefix length cannot be allocated — got /8 from 10.64.0.0/12, expected a whole number from 12 to 32',
    );
    expect(() => plan.allocate(Cidr.parse('10.64.0.0/12'), 33)).toThrow('[PLAN-ALLOCATE-PREFIX]');
    expect(() => plan.allocate(Cidr.parse('10.64.0.0/12'), 24.5)).toThrow('[PLAN-ALLOCATE-PREFIX]');
  });

  test.each([
    [4, '10.0.0.0/20'],
    [6, '2001:db8::/116'],
  ] as const)(
    'IPv%p: the result is aligned, inside the supernet, overlaps nothing, and nothing lower is free',
    (version, supernetText) => {
      const supernet = Cidr.parse(supernetText);
      const bits = version === 4 ? 32 : 128;
      fc.assert(
        fc.property(
          fc.array(clusteredCidr(version), { maxLength: 30 }),
          fc.integer({ min: supernet.prefixLength, max: bits }),
          (cidrs, prefix) => {
            const plan = new AddressPlan(cidrs.map((cidr, i) => ({ name: `r${i}`, cidr, kind: 'other' as const })));
            const free = (c: Cidr) => !cidrs.some((x) => x.overlaps(c));
            let got: Cidr | undefined;
            try {
              got = plan.allocate(supernet, prefix);
            } catch (e) {
              // Only "full" may stop it; any other error fails the property.
              if (!(e instanceof ClinicnetError) || e.code !== 'PLAN-SUPERNET-FULL') throw e;
              got = undefined;
            }
            const step = 1n << BigInt(bits - prefix);
            let lowest: Cidr | undefined;
            for (let a = supernet.first; a <= supernet.last && lowest === undefined; a += step) {
              const candidate = Cidr.fromNumber(a, prefix, version);
              if (free(candidate)) lowest = candidate;
            }
            expect(got?.toString()).toBe(lowest?.toString());
            if (got !== undefined) {
              expect(got.prefixLength).toBe(prefix);
              expect(got.first % step).toBe(0n);
              expect(supernet.contains(got)).toBe(true);
            }
          },
        ),
        { numRuns: 100 },
      );
    },
  );
});
