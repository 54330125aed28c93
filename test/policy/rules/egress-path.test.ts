// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { egressPath } from '../../../lib/policy/rules/egress-path';
import { nat, ruleTester, site } from './rule-tester';

const rule = ruleTester(egressPath, { proxyKinds: ['http'] });
const proxy = (kind: 'http' | 'socks5') => ({
  kind,
  endpoint: 'proxy.clinic.local:3128',
  azureExplicitProxy: false,
  path: 'estate/clinic/proxy',
});

describe('egress-path', () => {
  test('a NAT gateway on a subnet, or an accepted proxy, passes', () => {
    expect(rule.kinds(site({ natEgress: [nat()] }))).toEqual([]);
    expect(rule.kinds(site({ proxy: proxy('http') }))).toEqual([]);
  });

  test('no NAT and no accepted proxy is a violation', () => {
    expect(rule.check(site())[0]).toMatchObject({ kind: 'violation', got: 'no NAT gateway, no proxy' });
    expect(rule.kinds(site({ proxy: proxy('socks5') }))).toEqual(['violation estate/clinic']);
  });

  test('a NAT gateway attached to no subnet is a violation; to an unresolved one, unknown', () => {
    expect(rule.kinds(site({ natEgress: [nat({ subnets: [] })] }))).toEqual(['violation estate/clinic']);
    expect(rule.kinds(site({ natEgress: [nat({ subnets: [unknown('var.subnet')] })] }))).toEqual([
      'unknown estate/clinic/nat',
    ]);
  });
});
