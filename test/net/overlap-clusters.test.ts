// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { AddressPlan, MAX_CLUSTER_MEMBERS, PlanRange, RangeKind } from '../../lib/net/address-plan';
import { Cidr } from '../../lib/net/cidr';
import { arbitraryCidr, clusteredCidr } from './arbitraries';

const range = (name: string, cidr: string, kind: RangeKind = 'other', parent?: string): PlanRange => ({
  name,
  cidr: Cidr.parse(cidr),
  kind,
  parent,
});

/** Each cluster as `names (ranges/pairs)`. */
const shown = (plan: AddressPlan, max?: number) =>
  plan.overlapClusters(max).map((c) => `${c.members.map((m) => m.name).join(',')} (${c.rangeCount}/${c.pairCount})`);

describe('AddressPlan.overlapClusters', () => {
  test('a pair is a cluster of two; disjoint groups are separate clusters, in range order', () => {
    const plan = new AddressPlan([
      range('b2', '10.2.0.0/24'),
      range('a1', '10.1.0.0/16'),
      range('b1', '10.2.0.0/16'),
      range('a2', '10.1.5.0/24'),
      range('alone', '10.3.0.0/16'),
    ]);
    expect(shown(plan)).toEqual(['a1,a2 (2/1)', 'b1,b2 (2/1)']);
  });

  test('a subnet in its own VNet is no overlap, but joins a cluster through another range', () => {
    const vnet = range('vnet', '10.1.0.0/16', 'vnet');
    const subnet = range('vnet/app', '10.1.1.0/24', 'subnet', 'vnet');
    expect(shown(new AddressPlan([vnet, subnet]))).toEqual([]);
    // The rogue range overlaps both; the VNet and its subnet are joined only through it.
    const rogue = range('rogue', '10.1.1.128/25', 'onprem');
    expect(shown(new AddressPlan([vnet, subnet, rogue]))).toEqual(['vnet,vnet/app,rogue (3/2)']);
  });

  test('3,000 equal ranges are one cluster listing the cap, with the full counts', () => {
    const plan = new AddressPlan(
      Array.from({ length: 3000 }, (_, i) => range(`r${String(i).padStart(4, '0')}`, '10.0.0.0/24')),
    );
    const [cluster, ...others] = plan.overlapClusters();
    expect(others).toEqual([]);
    expect(cluster.members.map((m) => m.name)).toEqual(
      Array.from({ length: MAX_CLUSTER_MEMBERS }, (_, i) => `r${String(i).padStart(4, '0')}`),
    );
    expect(cluster.rangeCount).toBe(3000);
    expect(cluster.pairCount).toBe((3000 * 2999) / 2);
    expect(shown(plan, 2)).toEqual(['r0000,r0001 (3000/4498500)']);
  });

  test('subnets equal to their own VNet are exempt from it whichever sorts first, and join through others', () => {
    // The VNet sorts after its equal subnets (by name), so they are open when it is reached.
    const subnets = ['a1', 'a2', 'a3'].map((name) => range(name, '10.0.0.0/24', 'subnet', 'zz'));
    const vnet = range('zz', '10.0.0.0/24', 'vnet');
    // The subnets overlap each other (3 pairs); the VNet overlaps none of them.
    expect(shown(new AddressPlan([vnet, ...subnets]))).toEqual(['a1,a2,a3 (3/3)']);
    // A rogue range inside joins the VNet to the subnets' cluster.
    const rogue = range('rogue', '10.0.0.128/25', 'onprem');
    expect(shown(new AddressPlan([vnet, ...subnets, rogue]))).toEqual(['a1,a2,a3,zz,rogue (5/7)']);
  });

  test('IPv4 and IPv6 ranges never share a cluster', () => {
    const plan = new AddressPlan([
      range('v4', '0.0.0.0/0'),
      range('v4b', '10.0.0.0/8'),
      range('v6', '::/0'),
      range('v6b', '2001:db8::/32'),
    ]);
    expect(shown(plan)).toEqual(['v4,v4b (2/1)', 'v6,v6b (2/1)']);
  });

  const arbitraryPlan = fc
    .array(
      fc.record({
        cidr: fc.oneof({ weight: 4, arbitrary: clusteredCidr(4) }, { weight: 1, arbitrary: arbitraryCidr(6) }),
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
        // Names of VNets repeat: the path tells ranges apart.
        path: `#${index}`,
      })),
    );

  /** The oracle: connected components of the pair list `overlaps()` gives, by flood fill. */
  function oracle(plan: AddressPlan): string[] {
    const neighbours = new Map<PlanRange, PlanRange[]>();
    const link = (x: PlanRange, y: PlanRange) => neighbours.set(x, [...(neighbours.get(x) ?? []), y]);
    const pairs = plan.overlaps();
    for (const { a, b } of pairs) {
      link(a, b);
      link(b, a);
    }
    const seen = new Set<PlanRange>();
    const result: string[] = [];
    for (const start of plan.ranges()) {
      if (seen.has(start) || !neighbours.has(start)) continue;
      const component = new Set<PlanRange>([start]);
      const queue = [start];
      while (queue.length > 0)
        for (const next of neighbours.get(queue.pop()!) ?? []) {
          if (!component.has(next)) {
            component.add(next);
            queue.push(next);
          }
        }
      component.forEach((r) => seen.add(r));
      const members = plan.ranges().filter((r) => component.has(r));
      const pairCount = pairs.filter(({ a }) => component.has(a)).length;
      result.push(`${members.map((m) => m.path).join(',')} (${members.length}/${pairCount})`);
    }
    return result;
  }

  /** Few networks and few names: many equal ranges, VNets repeating names, own subnets of every kind. */
  const crowdedPlan = fc
    .array(
      fc.record({
        cidr: fc.constantFrom('10.0.0.0/16', '10.0.0.0/24', '10.0.0.0/25', '10.0.0.128/25', '10.0.1.0/24'),
        kind: fc.constantFrom<RangeKind>('vnet', 'subnet', 'other'),
        name: fc.constantFrom('v0', 'v1', 'v2'),
        parent: fc.option(fc.constantFrom('v0', 'v1', 'v2'), { nil: undefined }),
      }),
      { maxLength: 30 },
    )
    .map((items) =>
      items.map((item, index): PlanRange => ({ ...item, cidr: Cidr.parse(item.cidr), path: `#${index}` })),
    );

  test('equals the components of the overlap pairs on random plans (fixed seed)', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryPlan, crowdedPlan), (ranges) => {
        const plan = new AddressPlan(ranges);
        const found = plan
          .overlapClusters(Number.MAX_SAFE_INTEGER)
          .map((c) => `${c.members.map((m) => m.path).join(',')} (${c.rangeCount}/${c.pairCount})`);
        expect(found).toEqual(oracle(plan));
      }),
      { seed: 42, numRuns: 600 },
    );
  });
});
