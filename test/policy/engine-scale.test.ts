// SPDX-License-Identifier: Apache-2.0
import { MODEL_VERSION } from '../../lib/model/types';
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks } from '../../lib/policy/pack';
import { emptySite } from '../model/empty-site';

describe('560 sites on one address range', () => {
  test('156,520 overlapping pairs are one finding for the cluster, its members listed up to the cap', () => {
    // 560 sites on the same /16: 560 × 559 / 2 = 156,520 overlapping pairs, more arguments than a spread call takes.
    const sites = Array.from({ length: 560 }, (_, i) => {
      const name = `clinic-${String(i).padStart(3, '0')}`;
      return emptySite(name, {
        vnets: [
          {
            name: `vnet-${name}`,
            path: name,
            address: `azurerm_virtual_network.${name}`,
            addressSpaces: ['10.0.0.0/16'],
            subnets: [],
          },
        ],
      });
    });
    const baseline = builtinPacks().filter((p) => p.id === 'baseline');
    const overlaps = evaluate(
      { version: MODEL_VERSION, sites },
      { packs: baseline, today: '2026-11-22' },
    ).findings.filter((f) => f.rule === 'cidr-no-overlap');
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0].severity).toBe('error');
    expect(overlaps[0].site).toBe('clinic-019'); // the last standalone range listed
    expect(overlaps[0].message).toContain(
      '[BASE-CIDR-NO-OVERLAP] 560 address ranges overlap — got clinic-000/vnet-clinic-000 10.0.0.0/16, ',
    );
    expect(overlaps[0].message).toContain(' and 540 more (156520 overlapping pairs)');
  }, 60_000);
});
