// SPDX-License-Identifier: Apache-2.0
import type { VpnGateway } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { ipsecStrong } from '../../../lib/policy/rules/ipsec-strong';
import { ruleTester, site, vpnLink } from './rule-tester';

const rule = ruleTester(ipsecStrong);
const strong = vpnLink().ipsec!;

describe('ipsec-strong', () => {
  test('IKEv2 with a strong custom policy passes; no links, nothing to judge', () => {
    expect(rule.kinds(site({ vpnLinks: [vpnLink()] }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test("IKEv1 is a violation; Azure's default policy is a violation", () => {
    expect(rule.check(site({ vpnLinks: [vpnLink({ protocol: 'IKEv1' })] }))[0]).toMatchObject({
      kind: 'violation',
      problem: 'VPN link link has weak IKE version',
    });
    expect(rule.check(site({ vpnLinks: [vpnLink({ ipsec: undefined })] }))[0].got).toBe('default policy (PFS off)');
  });

  test.each([
    ['ikeEncryption', 'DES'],
    ['ikeIntegrity', 'MD5'],
    ['dhGroup', 'DHGroup2'],
    ['ipsecEncryption', 'DES3'],
    ['ipsecIntegrity', 'SHA1'],
    ['pfsGroup', 'None'],
  ] as const)('a weak %s (%s) is a violation', (field, value) => {
    expect(rule.kinds(site({ vpnLinks: [vpnLink({ ipsec: { ...strong, [field]: value } })] }))).toEqual([
      'violation estate/clinic/vpn/link',
    ]);
  });

  test('an unresolved setting is unknown; a missing protocol is a violation', () => {
    expect(rule.kinds(site({ vpnLinks: [vpnLink({ ipsec: { ...strong, dhGroup: unknown('var.dh') } })] }))).toEqual([
      'unknown estate/clinic/vpn/link',
    ]);
    expect(rule.check(site({ vpnLinks: [vpnLink({ protocol: undefined as unknown as string })] }))[0].got).toBe(
      'not set',
    );
  });

  describe('policy-based gateways', () => {
    const gateway = (vpnType: VpnGateway['vpnType']): VpnGateway => ({
      name: 'vgw',
      path: 'estate/clinic/vgw',
      address: 'azurerm_virtual_network_gateway.vgw',
      type: 'Vpn',
      vpnType,
      sku: 'Basic',
      generation: 'Generation1',
      publicIps: [],
    });
    const strongLink = vpnLink();

    test('a policy-based gateway fails, even with links whose settings are strong', () => {
      const results = rule.check(site({ vpnGateway: gateway('PolicyBased'), vpnLinks: [strongLink] }));
      expect(results.map((r) => `${r.kind} ${r.path} ${r.got}`)).toEqual([
        'violation estate/clinic/vgw PolicyBased (IKEv1 only)',
      ]);
    });

    test('a route-based gateway with strong links passes; a gateway with no links is not judged', () => {
      expect(rule.kinds(site({ vpnGateway: gateway('RouteBased'), vpnLinks: [strongLink] }))).toEqual([]);
      expect(rule.kinds(site({ vpnGateway: gateway('PolicyBased') }))).toEqual([]);
    });

    test('an unknown VPN type is unknown', () => {
      expect(rule.kinds(site({ vpnGateway: gateway(unknown('var.vpn_type')), vpnLinks: [strongLink] }))).toEqual([
        'unknown estate/clinic/vgw',
      ]);
    });
  });
});
