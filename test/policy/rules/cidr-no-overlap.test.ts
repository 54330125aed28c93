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

  test('two sites sharing a range is one violation for the whole cluster, at the later VNet; the fix names the other VNet only', () => {
    const results = rule.check(clinic('a', '10.1.0.0/16'), clinic('b', '10.1.0.0/16'));
    expect(results.map((r) => r.fix)).toEqual([
      "give b/vnet a prefix outside 10.1.0.0/16 (clinicnet's address plan can allocate the next free one)",
    ]);
    expect(results.map((r) => [r.kind, r.site, r.path, r.got])).toEqual([
      [
        'violation',
        'b',
        'estate/b/vnet',
        'a/vnet 10.1.0.0/16, b/vnet 10.1.0.0/16, a/vnet/clinical 10.1.0.0/24, b/vnet/clinical 10.1.0.0/24 (4 overlapping pairs)',
      ],
    ]);
  });

  test('separate clusters are separate findings, each counting its pairs', () => {
    const results = rule.check(
      clinic('a', '10.1.0.0/16'),
      clinic('b', '10.1.0.0/16', '10.1.8.0/24'),
      clinic('c', '10.9.0.0/16', '10.9.0.0/24'),
      site({
        name: 'd',
        path: 'estate/d',
        vnets: [vnet([], { path: 'estate/d/vnet', addressSpaces: ['10.9.0.0/24'] })],
      }),
    );
    expect(results.map((r) => `${r.site} ${r.got}`)).toEqual([
      'b a/vnet 10.1.0.0/16, b/vnet 10.1.0.0/16, a/vnet/clinical 10.1.0.0/24, b/vnet/clinical 10.1.8.0/24 (3 overlapping pairs)',
      'd c/vnet 10.9.0.0/16, c/vnet/clinical 10.9.0.0/24, d/vnet 10.9.0.0/24 (2 overlapping pairs)',
    ]);
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
