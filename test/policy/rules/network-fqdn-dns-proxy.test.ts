// SPDX-License-Identifier: Apache-2.0
import type { Firewall } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { networkFqdnDnsProxy } from '../../../lib/policy/rules/network-fqdn-dns-proxy';
import { egress, ruleTester, site } from './rule-tester';

const rule = ruleTester(networkFqdnDnsProxy);
const firewall = (dnsProxy: Firewall['dnsProxy']): Firewall => ({
  name: 'fw',
  path: 'estate/clinic/firewall',
  address: 'azurerm_firewall.fw',
  policyAddress: 'azurerm_firewall_policy.p',
  tier: 'Standard',
  dnsProxy,
  subnets: [],
});

describe('network-fqdn-dns-proxy', () => {
  test('FQDN network rules with DNS proxy on pass; application rules need no proxy', () => {
    expect(rule.kinds(site({ firewall: firewall(true), egress: [egress()] }))).toEqual([]);
    expect(rule.kinds(site({ firewall: firewall(false), egress: [egress({ ruleKind: 'application' })] }))).toEqual([]);
    expect(
      rule.kinds(site({ firewall: firewall(false), egress: [egress({ fqdns: [], addresses: ['1.2.3.4'] })] })),
    ).toEqual([]);
  });

  test('FQDN network rules with DNS proxy off is a violation', () => {
    expect(rule.check(site({ firewall: firewall(false), egress: [egress()] }))[0]).toMatchObject({
      kind: 'violation',
      path: 'estate/clinic/firewall',
    });
  });

  test('an unresolved DNS proxy setting is unknown', () => {
    expect(rule.kinds(site({ firewall: firewall(unknown('var.proxy')), egress: [egress()] }))).toEqual([
      'unknown estate/clinic/firewall',
    ]);
  });
});
