// SPDX-License-Identifier: Apache-2.0
import type { PublicIp, VpnGateway } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { custoCentrePublicIp } from '../../../lib/policy/rules/custo-centre-public-ip';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(custoCentrePublicIp);
const ip = (patch: Partial<PublicIp> = {}): PublicIp => ({
  address: 'azurerm_public_ip.vpn',
  allocation: 'Static',
  sku: 'Standard',
  ipVersion: 'IPv4',
  ...patch,
});
const gateway = (publicIps: PublicIp[]): VpnGateway => ({
  name: 'vpn',
  path: 'estate/clinic/vpn',
  address: 'azurerm_virtual_network_gateway.vpn',
  type: 'Vpn',
  vpnType: 'RouteBased',
  sku: 'VpnGw1',
  generation: 'Generation1',
  publicIps,
});
const centre = (vpnGateway?: VpnGateway, mode: 'vpn' | 'port-forward' = 'vpn') =>
  site({ vpnGateway, vendor: { custo: { role: 'centre', mode } } });

describe('custo-centre-public-ip', () => {
  test('a VPN centre with a static IPv4 address passes', () => {
    expect(rule.kinds(centre(gateway([ip()])))).toEqual([]);
  });

  test('a VPN centre without a gateway, or with only a dynamic or IPv6 address, is a violation', () => {
    expect(rule.kinds(centre())).toEqual(['violation estate/clinic']);
    expect(rule.kinds(centre(gateway([ip({ allocation: 'Dynamic' })])))).toEqual(['violation estate/clinic/vpn']);
    expect(rule.kinds(centre(gateway([ip({ ipVersion: 'IPv6' })])))).toEqual(['violation estate/clinic/vpn']);
    expect(rule.kinds(centre(gateway([])))).toEqual(['violation estate/clinic/vpn']);
  });

  test('an unresolved allocation is unknown', () => {
    expect(rule.kinds(centre(gateway([ip({ allocation: unknown('var.alloc') })])))).toEqual([
      'unknown estate/clinic/vpn',
    ]);
  });

  test('senders and port-forward centres are not judged', () => {
    expect(rule.kinds(centre(undefined, 'port-forward'))).toEqual([]);
    expect(rule.kinds(site({ vendor: { custo: { role: 'sender', mode: 'vpn' } } }))).toEqual([]);
  });
});
