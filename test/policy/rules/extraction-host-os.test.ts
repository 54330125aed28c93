// SPDX-License-Identifier: Apache-2.0
import { extractionHostOs } from '../../../lib/policy/rules/extraction-host-os';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(extractionHostOs);
const host = (extractionHostOs?: string) => site({ vendor: { lumos: { extractionHostOs } } });

describe('extraction-host-os', () => {
  test('a supported OS, or none declared, passes', () => {
    expect(rule.kinds(host('Windows Server 2019'))).toEqual([]);
    expect(rule.kinds(host(undefined))).toEqual([]);
  });

  test('an OS that cannot do TLS 1.2 is a violation (case-insensitive)', () => {
    expect(rule.check(host('Windows XP'))[0]).toMatchObject({ kind: 'violation', got: 'Windows XP' });
    expect(rule.kinds(host('WINDOWS SERVER 2003'))).toEqual(['violation estate/clinic']);
  });

  test('an OS that needs an update is an info reminder', () => {
    const [result] = rule.check(host('Windows 7'));
    expect(result).toMatchObject({ kind: 'violation', severity: 'info' });
  });

  test('the first matching verdict decides, and the same pattern works for every site of an evaluation', () => {
    expect(rule.check(host('Windows XP'), host('windows xp')).map((r) => r.kind)).toEqual(['violation', 'violation']);
  });
});
