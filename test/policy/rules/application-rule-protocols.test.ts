// SPDX-License-Identifier: Apache-2.0
import { applicationRuleProtocols } from '../../../lib/policy/rules/application-rule-protocols';
import { egress, ruleTester, site } from './rule-tester';

const rule = ruleTester(applicationRuleProtocols);

describe('application-rule-protocols', () => {
  test.each([['http'], ['https'], ['mssql']] as const)('an application rule carrying %s passes', (appProtocol) => {
    expect(rule.kinds(site({ egress: [egress({ ruleKind: 'application', appProtocol })] }))).toEqual([]);
  });

  test('an application rule carrying SFTP is a violation naming the protocol', () => {
    const [result] = rule.check(site({ egress: [egress({ ruleKind: 'application', appProtocol: 'sftp' })] }));
    expect(result).toMatchObject({ kind: 'violation', got: 'sftp', expected: 'one of http, https, mssql' });
  });

  test('a network rule may carry any protocol', () => {
    expect(rule.kinds(site({ egress: [egress({ ruleKind: 'network', appProtocol: 'sftp' })] }))).toEqual([]);
  });
});
