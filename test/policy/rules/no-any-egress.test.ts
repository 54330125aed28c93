// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { noAnyEgress } from '../../../lib/policy/rules/no-any-egress';
import { egress, ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(noAnyEgress);

describe('no-any-egress: rules', () => {
  test('a rule to named destinations passes whatever its ports', () => {
    expect(rule.kinds(site({ egress: [egress({ ports: ['*'] })] }))).toEqual([]);
  });

  test('any destination on every port is a violation; on one port it is not', () => {
    const any = egress({ fqdns: [], addresses: ['*'], ports: ['1-65535'] });
    expect(rule.kinds(site({ egress: [any] }))).toEqual(['violation estate/clinic/firewall/rule']);
    expect(rule.kinds(site({ egress: [{ ...any, ports: ['443'] }] }))).toEqual([]);
    expect(rule.kinds(site({ egress: [{ ...any, action: 'Deny' }] }))).toEqual([]);
  });

  test('every port minus one is not every port (boundary)', () => {
    const almost = egress({ fqdns: [], addresses: ['0.0.0.0/0'], ports: ['1-65534'] });
    expect(rule.kinds(site({ egress: [almost] }))).toEqual([]);
  });

  test('an unresolved destination with unresolved ports is unknown', () => {
    const doubtful = egress({ fqdns: [], addresses: [unknown('var.dest')], ports: [unknown('var.ports')] });
    expect(rule.kinds(site({ egress: [doubtful] }))).toEqual(['unknown estate/clinic/firewall/rule']);
  });
});

describe('no-any-egress: routes', () => {
  const direct = (role: 'workload' | 'imaging-gateway' | 'gateway' | 'firewall') =>
    site({ vnets: [vnet([subnet({ name: 'sn', role, egressVia: 'internet' })])] });

  test.each([['workload'], ['imaging-gateway']] as const)(
    'a %s subnet straight to the internet is a violation',
    (role) => {
      expect(rule.kinds(direct(role))).toEqual(['violation estate/clinic/vnet/sn']);
    },
  );

  test.each([['gateway'], ['firewall']] as const)('a platform subnet (%s) keeps its own route', (role) => {
    expect(rule.kinds(direct(role))).toEqual([]);
  });

  test('a workload subnet through the firewall or another appliance passes; an unresolved route is unknown', () => {
    expect(rule.kinds(site({ vnets: [vnet([subnet({ egressVia: 'firewall' })])] }))).toEqual([]);
    expect(rule.kinds(site({ vnets: [vnet([subnet({ egressVia: 'other' })])] }))).toEqual([]);
    expect(rule.kinds(site({ vnets: [vnet([subnet({ egressVia: unknown('route table') })])] }))).toEqual([
      'unknown estate/clinic/vnet/clinical',
    ]);
  });
});
