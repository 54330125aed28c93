// SPDX-License-Identifier: Apache-2.0
import * as fc from 'fast-check';
import { Estate } from '../../lib/dataplane/estate';
import type { DataPlaneSubnet } from '../../lib/model/dataplane';
import { EMPTY_DATA_PLANE } from '../../lib/model/dataplane';
import type { NetworkModel, Site } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';

/** Sites of subnets with the given prefixes (nested, equal and disjoint ones come up often in 10.0.0.0/16). */
function modelOf(sites: string[][]): NetworkModel {
  return {
    version: 1,
    sites: sites.map(
      (prefixes, i) =>
        ({
          name: `s${i}`,
          dataplane: {
            ...EMPTY_DATA_PLANE,
            subnets: prefixes.map((prefix, j): DataPlaneSubnet => ({
              name: `n${j}`,
              address: `azurerm_subnet.n${j}`,
              vnet: 'v',
              role: 'workload',
              prefixes: [prefix],
            })),
          },
        }) as unknown as Site,
    ),
  };
}

const prefix = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 32 }))
  .map(([a, b, len]) => Cidr.fromNumber((10n << 24n) | (BigInt(a) << 8n) | BigInt(b), len, 4));

describe('Estate.subnetsHolding', () => {
  test('finds exactly the subnets a scan of every subnet finds, in estate order', () => {
    let hits = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(prefix, { maxLength: 5 }), { maxLength: 6 }),
        fc.array(prefix, { minLength: 1, maxLength: 8 }),
        (sites, queries) => {
          const estate = new Estate(modelOf(sites.map((s) => s.map((c) => c.toString()))));
          for (const q of queries) {
            const scan = estate.subnets.filter((s) => s.ranges.some((r) => r.contains(q)));
            expect(estate.subnetsHolding(q)).toEqual(scan);
            hits += scan.length;
          }
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
    // Not a property that holds by finding nothing.
    expect(hits).toBeGreaterThan(50);
  });

  test('an IPv6 range is never held by an IPv4 subnet of the same bits', () => {
    const estate = new Estate(modelOf([['10.0.0.0/24'], ['fd00::/64']]));
    expect(estate.subnetsHolding(Cidr.parse('::a00:5/128'))).toEqual([]);
    expect(estate.subnetsHolding(Cidr.parse('fd00::5/128')).map((s) => s.site.site.name)).toEqual(['s1']);
    expect(estate.subnetsHolding(Cidr.parse('10.0.0.5/32')).map((s) => s.site.site.name)).toEqual(['s0']);
  });
});
