// SPDX-License-Identifier: Apache-2.0
import type { Firewall, Site, VpnGateway } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { platformSubnets } from '../../../lib/policy/rules/platform-subnets';
import { dataplaneSite, withPlane } from './dataplane-site';
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

describe('platform-subnets: GatewaySubnet on the data plane', () => {
  const gatewayRule = ruleTester(platformSubnets);
  const lines = (s: Site) => gatewayRule.check(s).map((r) => `${r.kind} ${r.path} ${r.got}`);

  test('a GatewaySubnet with no route table and no NSG is compliant', () => {
    expect(lines(dataplaneSite('subnet-roles.cdk.tf.json'))).toEqual([]);
  });

  test('a default route, propagation off and an NSG are each a violation; a specific route is not', () => {
    expect(lines(dataplaneSite('gateway-subnet.cdk.tf.json'))).toEqual([
      'violation azurerm_route_table.gw bgp_route_propagation_enabled = false',
      'violation azurerm_route_table.gw 0.0.0.0/0',
      'violation azurerm_subnet.gw azurerm_network_security_group.practice',
    ]);
  });

  test('unknown propagation or route prefix is unknown', () => {
    const vague = withPlane(dataplaneSite('gateway-subnet.cdk.tf.json'), (plane) => ({
      ...plane,
      subnets: plane.subnets.map((s) => (s.role === 'GatewaySubnet' ? { ...s, nsg: undefined } : s)),
      routeTables: plane.routeTables.map((t) =>
        t.name === 'rt-gateway'
          ? {
              ...t,
              gatewayPropagation: unknown('var.propagate'),
              routes: [{ ...t.routes[0], prefix: unknown('var.prefix') }],
            }
          : t,
      ),
    }));
    expect(gatewayRule.kinds(vague)).toEqual(['unknown azurerm_route_table.gw', 'unknown azurerm_route_table.gw']);
  });
});
