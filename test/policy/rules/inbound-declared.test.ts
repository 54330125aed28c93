// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { inboundDeclared } from '../../../lib/policy/rules/inbound-declared';
import { forward, ruleTester, site } from './rule-tester';

const rule = ruleTester(inboundDeclared);

describe('inbound-declared', () => {
  test('a forward with a reason passes; no forwards, nothing to say', () => {
    expect(rule.kinds(site({ inbound: [forward({ reason: 'custo evaluation centre' })] }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test('a forward without a reason is a violation', () => {
    const [result] = rule.check(site({ inbound: [forward({ reason: undefined })] }));
    expect(result).toMatchObject({
      kind: 'violation',
      path: 'estate/clinic/firewall/fwd',
      got: 'tcp 8443 with no reason',
    });
  });

  test.each([[''], ['   '], ['\t\n']])('a reason of only whitespace (%j) is no reason', (reason) => {
    expect(rule.kinds(site({ inbound: [forward({ reason })] }))).toEqual(['violation estate/clinic/firewall/fwd']);
  });

  test('an unresolved external port is shown as unknown in the message, the forward still judged by its reason', () => {
    const [result] = rule.check(site({ inbound: [forward({ reason: undefined, externalPort: unknown('var.port') })] }));
    expect(result.got).toBe('tcp unknown (var.port) with no reason');
    expect(rule.kinds(site({ inbound: [forward({ externalPort: unknown('var.port') })] }))).toEqual([]);
  });
});
