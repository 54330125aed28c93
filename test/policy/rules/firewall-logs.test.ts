// SPDX-License-Identifier: Apache-2.0
import type { Firewall, LogSink } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { firewallLogs } from '../../../lib/policy/rules/firewall-logs';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(firewallLogs);
const firewall: Firewall = {
  name: 'fw',
  path: 'estate/clinic/firewall',
  address: 'azurerm_firewall.fw',
  policyAddress: 'azurerm_firewall_policy.p',
  tier: 'Standard',
  dnsProxy: true,
  subnets: ['AzureFirewallSubnet'],
};
const sink = (source: LogSink['source'], categories = ['AZFWApplicationRule']): LogSink => ({
  name: 'diag',
  path: 'estate/clinic/diag',
  address: 'azurerm_monitor_diagnostic_setting.diag',
  source,
  kind: 'log-analytics',
  target: 'workspace',
  categories,
});

describe('firewall-logs', () => {
  test('a sink on the firewall (by address or path) passes; no firewall, nothing to judge', () => {
    expect(rule.kinds(site({ firewall, logSinks: [sink('azurerm_firewall.fw')] }))).toEqual([]);
    expect(rule.kinds(site({ firewall, logSinks: [sink('estate/clinic/firewall')] }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test('no sink, or a sink on something else, is a violation', () => {
    expect(rule.kinds(site({ firewall }))).toEqual(['violation estate/clinic/firewall']);
    expect(rule.kinds(site({ firewall, logSinks: [sink('azurerm_nat_gateway.nat')] }))).toEqual([
      'violation estate/clinic/firewall',
    ]);
  });

  test('a sink of unresolved source is unknown', () => {
    expect(rule.kinds(site({ firewall, logSinks: [sink(unknown('var.id'))] }))).toEqual(['unknown estate/clinic/diag']);
  });

  test.each([
    ['allLogs'],
    ['AllLogs'],
    ['AZFWNetworkRule'],
    ['AZFWNatRule'],
    ['AzureFirewallNetworkRule'],
    ['AzureFirewallApplicationRule'],
  ])('a sink sending %s counts', (category) => {
    expect(
      rule.kinds(site({ firewall, logSinks: [sink('azurerm_firewall.fw', ['AZFWThreatIntel', category])] })),
    ).toEqual([]);
  });

  test('a sink of metrics only, or of other categories only, does not count: the violation names what it sends', () => {
    const metrics = rule.check(site({ firewall, logSinks: [sink('azurerm_firewall.fw', [])] }));
    expect(metrics.map((r) => `${r.kind} ${r.path} ${r.got}`)).toEqual([
      'violation estate/clinic/diag diag: metrics only',
    ]);
    const others = rule.check(site({ firewall, logSinks: [sink('azurerm_firewall.fw', ['audit', 'AZFWDnsQuery'])] }));
    expect(others.map((r) => r.got)).toEqual(['diag: audit, AZFWDnsQuery']);
    expect(others[0].problem).toBe('firewall fw sends no rule logs');
  });
});
