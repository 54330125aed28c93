// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { cidrReserved } from '../../../lib/policy/rules/cidr-reserved';
import { ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(cidrReserved);
const withSpace = (space: string, prefix: string) =>
  site({ vnets: [vnet([subnet({ addressPrefixes: [prefix] })], { addressSpaces: [space] })] });

describe('cidr-reserved', () => {
  test('private ranges pass', () => {
    expect(rule.kinds(withSpace('10.1.0.0/16', '10.1.1.0/24'))).toEqual([]);
  });

  test.each([['224.0.0.0/24'], ['169.254.0.0/24'], ['127.0.0.0/24'], ['168.63.129.16/32']])(
    '%s touches an Azure-reserved range',
    (range) => {
      const results = rule.check(withSpace(range, range));
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.kind === 'violation')).toBe(true);
    },
  );

  test('an unresolved range is unknown', () => {
    expect(rule.check(withSpace('10.1.0.0/16', '10.1.1.0/24')).length).toBe(0);
    const doubtful = site({ vnets: [vnet([subnet({ addressPrefixes: [unknown('var.prefix')] })])] });
    expect(rule.check(doubtful).map((r) => r.kind)).toContain('unknown');
  });
});
