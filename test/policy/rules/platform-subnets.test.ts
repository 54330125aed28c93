// SPDX-License-Identifier: Apache-2.0
import type { Firewall, VpnGateway } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { platformSubnets } from '../../../lib/policy/rules/platform-subnets';
import { ruleTester, site, subnet, vnet } from './rule-tester';

// Azure: GatewaySubnet /27 or larger, AzureFirewallSubnet /26 or larger.
const rule = ruleTester(platformSubnets);
const firewall = { name: 'fw', path: 'estate/clinic/firewall' } as Firewall;
const gateway = { name: 'vpn', path: 'estate/clinic/vpn' } as VpnGateway;
const platform = (name: string, prefix: string | ReturnType<typeof unknown>) =>
  subnet({ name, path: `estate/clinic/vnet/${name}`, role: 'firewall', addressPrefixes: [prefix] });

describe('platform-subnets', () => {
  test('right-sized platform subnets pass, at the limit too (boundary)', () => {
    const ok = site({
      firewall,
      vpnGateway: gateway,
      vnets: [vnet([platform('AzureFirewallSubnet', '10.1.0.0/26'), platform('GatewaySubnet', '10.1.0.64/27')])],
    });
    expect(rule.kinds(ok)).toEqual([]);
  });

  test('one bit too small is an error for the firewall and a warning for the gateway', () => {
    const small = site({
      firewall,
      vpnGateway: gateway,
      vnets: [vnet([platform('AzureFirewallSubnet', '10.1.0.0/27'), platform('GatewaySubnet', '10.1.0.64/28')])],
    });
    expect(rule.check(small).map((r) => `${r.path} ${r.severity}`)).toEqual([
      'estate/clinic/vnet/GatewaySubnet warning',
      'estate/clinic/vnet/AzureFirewallSubnet error',
    ]);
  });

  test('a missing platform subnet is a violation on what needs it; no firewall or gateway, nothing needed', () => {
    expect(rule.kinds(site({ firewall, vnets: [vnet([subnet()])] }))).toEqual(['violation estate/clinic/firewall']);
    expect(rule.kinds(site({ vnets: [vnet([subnet()])] }))).toEqual([]);
  });

  test('an unresolved prefix is unknown', () => {
    expect(rule.kinds(site({ firewall, vnets: [vnet([platform('AzureFirewallSubnet', unknown('var.p'))])] }))).toEqual([
      'unknown estate/clinic/vnet/AzureFirewallSubnet',
    ]);
  });
});
