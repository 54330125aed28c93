// SPDX-License-Identifier: Apache-2.0
import type { Site } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { cidrNoOverlap } from '../../../lib/policy/rules/cidr-no-overlap';
import { ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(cidrNoOverlap);
const clinic = (name: string, space: string, prefix = space.replace('/16', '/24')): Site =>
  site({
    name,
    path: `estate/${name}`,
    vnets: [
      vnet([subnet({ path: `estate/${name}/vnet/clinical`, addressPrefixes: [prefix] })], {
        path: `estate/${name}/vnet`,
        addressSpaces: [space],
      }),
    ],
  });

describe('cidr-no-overlap', () => {
  test('sites with disjoint spaces pass; a subnet inside its own VNet is no overlap', () => {
    expect(rule.kinds(clinic('a', '10.1.0.0/16'), clinic('b', '10.2.0.0/16'))).toEqual([]);
  });

  test('two sites sharing a range is a violation, one per overlapping pair', () => {
    const results = rule.check(clinic('a', '10.1.0.0/16'), clinic('b', '10.1.0.0/16'));
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.kind === 'violation')).toBe(true);
    expect(results.map((r) => r.site)).toContain('b');
  });

  test('adjacent ranges do not overlap (boundary)', () => {
    expect(rule.kinds(clinic('a', '10.1.0.0/16'), clinic('b', '10.2.0.0/16', '10.2.0.0/24'))).toEqual([]);
  });

  test('an unresolved range is unknown', () => {
    const doubtful = clinic('b', '10.2.0.0/16');
    const withUnknown = { ...doubtful, vnets: [{ ...doubtful.vnets[0], addressSpaces: [unknown('var.space')] }] };
    expect(rule.check(clinic('a', '10.1.0.0/16'), withUnknown).map((r) => r.kind)).toContain('unknown');
  });
});
