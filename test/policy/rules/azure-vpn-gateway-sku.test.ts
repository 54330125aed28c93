// SPDX-License-Identifier: Apache-2.0
import type { Maybe, VpnGateway, VpnLink } from '../../../lib/model/types';
import { findingsFor, site, summary } from './platform-fixtures';

const ID = 'AZURE-VPN-GATEWAY-SKU';

function gateway(sku: Maybe<string>, generation: Maybe<string>, extra: Partial<VpnGateway> = {}): VpnGateway {
  return {
    name: 'vpngw',
    path: 'clinic/vpn-gateway',
    address: 'azurerm_virtual_network_gateway.gw',
    type: 'Vpn',
    vpnType: 'RouteBased',
    sku,
    generation,
    publicIps: [],
    ...extra,
  };
}

const LINK: VpnLink = {
  name: 'to-lab',
  path: 'clinic/to-lab',
  address: 'azurerm_virtual_network_gateway_connection.lab',
  protocol: 'IKEv2',
  remote: { name: 'lab', address: 'azurerm_local_network_gateway.lab', prefixes: ['192.168.10.0/24'] },
  localPrefixes: ['10.1.0.0/16'],
  ipsec: {
    ikeEncryption: 'AES256',
    ikeIntegrity: 'SHA256',
    dhGroup: 'DHGroup14',
    ipsecEncryption: 'AES256',
    ipsecIntegrity: 'SHA256',
    pfsGroup: 'PFS14',
  },
  sharedKey: { source: 'key-vault-secret' },
};

describe('azure-vpn-gateway-sku (AZURE-VPN-GATEWAY-SKU)', () => {
  test.each([
    ['VpnGw1AZ', 'Generation1'],
    ['VpnGw2AZ', 'Generation2'],
    ['VpnGw5AZ', 'Generation2'],
    ['Basic', 'Generation1'],
  ])('compliant: %s %s', (sku, generation) => {
    expect(findingsFor(site({ vpnGateway: gateway(sku, generation) }), ID)).toEqual([]);
  });

  test('compliant: a custom IPsec policy on an AZ SKU; an ExpressRoute gateway is not this matrix', () => {
    expect(findingsFor(site({ vpnGateway: gateway('VpnGw2AZ', 'Generation2'), vpnLinks: [LINK] }), ID)).toEqual([]);
    const er = gateway('ErGw1AZ', { unknown: 'g' }, { type: 'ExpressRoute' });
    expect(findingsFor(site({ vpnGateway: er }), ID)).toEqual([]);
  });

  test.each([
    ['VpnGw1AZ', 'Generation2', 'a generation this SKU does not take', 'expected VpnGw1AZ with Generation1'],
    ['VpnGw4AZ', 'Generation1', 'a generation this SKU does not take', 'expected VpnGw4AZ with Generation2'],
    ['VpnGw1', 'Generation1', 'non-AZ SKU, which can no longer be created', 'expected an AZ SKU or Basic'],
    ['Standard', 'Generation1', 'not a VPN gateway SKU', 'expected one of Basic, VpnGw1AZ'],
  ])('non-compliant: %s %s', (sku, generation, problem, expected) => {
    const findings = findingsFor(site({ vpnGateway: gateway(sku, generation) }), ID);
    expect(summary(findings)).toEqual(['violation:error clinic/vpn-gateway']);
    expect(findings[0].message).toContain(problem);
    expect(findings[0].message).toContain(expected);
  });

  test('non-compliant: policy-based off Basic; a custom IPsec policy on Basic', () => {
    const policyBased = gateway('VpnGw2AZ', 'Generation2', { vpnType: 'PolicyBased' });
    expect(findingsFor(site({ vpnGateway: policyBased }), ID)[0].message).toContain(
      'a PolicyBased gateway is not available on VpnGw2AZ',
    );
    const basic = findingsFor(site({ vpnGateway: gateway('Basic', 'Generation1'), vpnLinks: [LINK] }), ID);
    expect(summary(basic)).toEqual(['violation:error clinic/to-lab']);
    expect(basic[0].message).toContain('custom IPsec/IKE policy on a Basic gateway');
    // Basic is the one SKU that is policy-based.
    expect(findingsFor(site({ vpnGateway: gateway('Basic', 'Generation1', { vpnType: 'PolicyBased' }) }), ID)).toEqual(
      [],
    );
  });

  test('unknown: SKU, type or (where it matters) generation from an expression', () => {
    const unknownSku = findingsFor(site({ vpnGateway: gateway({ unknown: '${var.sku}' }, 'Generation1') }), ID);
    expect(summary(unknownSku)).toEqual(['unknown:warning clinic/vpn-gateway']);
    expect(unknownSku[0].message).toContain('${var.sku}');
    const unknownType = gateway('VpnGw1AZ', 'Generation1', { type: { unknown: '${var.type}' } });
    expect(summary(findingsFor(site({ vpnGateway: unknownType }), ID))).toEqual(['unknown:warning clinic/vpn-gateway']);
    const unknownGeneration = gateway('VpnGw1AZ', { unknown: 'generation not set' });
    expect(summary(findingsFor(site({ vpnGateway: unknownGeneration }), ID))).toEqual([
      'unknown:warning clinic/vpn-gateway',
    ]);
    // A SKU that can no longer be created fails whatever the generation.
    const retired = gateway('VpnGw2', { unknown: 'generation not set' });
    expect(summary(findingsFor(site({ vpnGateway: retired }), ID))).toEqual(['violation:error clinic/vpn-gateway']);
  });
});
