// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { subnetContained } from '../../../lib/policy/rules/subnet-contained';
import { ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(subnetContained);
const withSubnet = (prefix: string | ReturnType<typeof unknown>) =>
  site({ vnets: [vnet([subnet({ addressPrefixes: [prefix] })], { addressSpaces: ['10.1.0.0/16'] })] });

describe('subnet-contained', () => {
  test('a subnet inside its VNet passes, up to the whole space (boundary)', () => {
    expect(rule.kinds(withSubnet('10.1.1.0/24'))).toEqual([]);
    expect(rule.kinds(withSubnet('10.1.0.0/16'))).toEqual([]);
  });

  test('a subnet outside, or wider than, its VNet is a violation', () => {
    expect(rule.check(withSubnet('10.2.1.0/24')).map((r) => r.kind)).toEqual(['violation']);
    expect(rule.check(withSubnet('10.0.0.0/15')).map((r) => r.kind)).toEqual(['violation']);
  });

  test('an unresolved subnet prefix is unknown', () => {
    expect(rule.check(withSubnet(unknown('var.p'))).map((r) => r.kind)).toEqual(['unknown']);
  });
});
