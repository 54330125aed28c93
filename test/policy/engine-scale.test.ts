// SPDX-License-Identifier: Apache-2.0
import { MODEL_VERSION } from '../../lib/model/types';
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks } from '../../lib/policy/pack';
import { emptySite } from '../model/empty-site';

describe('the engine with one estate rule returning 100,000s of results', () => {
  test('every overlap is reported (no call-stack limit on how many findings a rule returns)', () => {
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
    expect(overlaps).toHaveLength(156_520);
    expect(overlaps.every((f) => f.severity === 'error')).toBe(true);
    // 156,520 findings take seconds on a loaded 2-core machine: not a speed goal, so no 5-s default.
  }, 60_000);
});
