// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { natIdleTimeout } from '../../../lib/policy/rules/nat-idle-timeout';
import { nat, ruleTester, site } from './rule-tester';

const rule = ruleTester(natIdleTimeout, { minimumMinutes: 4 });

describe('nat-idle-timeout', () => {
  test('a NAT gateway at or above the minimum passes', () => {
    expect(rule.kinds(site({ natEgress: [nat({ idleTimeoutMinutes: 4 })] }))).toEqual([]);
    expect(rule.kinds(site({ natEgress: [nat({ idleTimeoutMinutes: 120 })] }))).toEqual([]);
  });

  test('one minute below the minimum is a violation naming the minutes', () => {
    const [result] = rule.check(site({ natEgress: [nat({ idleTimeoutMinutes: 3 })] }));
    expect(result).toMatchObject({ kind: 'violation', path: 'estate/clinic/nat', got: '3 minutes' });
    expect(result.expected).toBe('4 minutes or more');
  });

  test('an unresolved timeout is unknown, with its reason', () => {
    const [result] = rule.check(site({ natEgress: [nat({ idleTimeoutMinutes: unknown('var.timeout') })] }));
    expect(result).toMatchObject({ kind: 'unknown', got: 'unknown (var.timeout)' });
  });

  test('every NAT gateway is judged, and a site without one has nothing to judge', () => {
    const two = site({
      natEgress: [nat({ name: 'a', path: 'a' }), nat({ name: 'b', path: 'b', idleTimeoutMinutes: 1 })],
    });
    expect(rule.kinds(two)).toEqual(['violation b']);
    expect(rule.kinds(site())).toEqual([]);
  });

  test("the pack's own minimum applies (IMMTRAC: 2 minutes)", () => {
    const immtrac = ruleTester(natIdleTimeout);
    expect(immtrac.kinds(site({ natEgress: [nat({ idleTimeoutMinutes: 2 })] }))).toEqual([]);
    expect(immtrac.kinds(site({ natEgress: [nat({ idleTimeoutMinutes: 1 })] }))).toEqual([
      'violation estate/clinic/nat',
    ]);
  });
});
