// SPDX-License-Identifier: Apache-2.0
/** Site-to-site VPN through a vWAN hub: each vpn_link of a VPN gateway connection is a VPN link of the model. */
import * as path from 'path';
import { NETWORK_EFFECT_TYPES } from '../../lib/terraform/network-effect';
import { findingsOf } from './findings';

const fixture = path.join(__dirname, '..', 'fixtures', 'tf', 'vwan-vpn.cdk.tf.json');

describe('vWAN VPN (azurerm_vpn_gateway, azurerm_vpn_site, azurerm_vpn_gateway_connection)', () => {
  const { read, findings } = findingsOf(fixture);

  test('each link: IPsec, the VPN site link as remote end, the site prefixes, its own key source and IPsec policy', () => {
    const links = read.model.sites[0].vpnLinks;
    expect(
      links.map((l) => [
        l.name,
        l.protocol,
        l.remote.gatewayAddress,
        l.remote.gatewayFqdn,
        l.remote.prefixes,
        l.localPrefixes,
        l.sharedKey,
      ]),
    ).toEqual([
      [
        'cn-centre/backup',
        'IKEv2',
        undefined,
        'vpn2.centre.example',
        ['192.168.50.0/24'],
        ['10.60.0.0/16'],
        { source: 'sensitive-variable', reference: 'var.centre_psk' },
      ],
      [
        'cn-centre/primary',
        'IKEv2',
        '203.0.113.10',
        undefined,
        ['192.168.50.0/24'],
        ['10.60.0.0/16'],
        { source: 'literal' },
      ],
    ]);
    expect(links[1].ipsec).toEqual({
      ikeEncryption: 'DES3',
      ikeIntegrity: 'SHA1',
      dhGroup: 'DHGroup2',
      ipsecEncryption: 'DES3',
      ipsecIntegrity: 'SHA1',
      pfsGroup: 'None',
      saLifetimeSeconds: 3600,
    });
  });

  test('exact findings: the literal key and the weak IPsec policy of the primary link; the two links are one branch (no overlap)', () => {
    const connection = 'azurerm_vpn_gateway_connection.centre';
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_hub.hub'],
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_wan.wan'],
      ['BASE-PSK-NOT-LITERAL', 'cove', connection],
      ...Array.from({ length: 7 }, () => ['BASE-IPSEC-STRONG', 'cove', connection]),
      ['BASE-NO-ANY-EGRESS', 'cove', 'azurerm_subnet.practice'],
    ]);
  });

  test('the three vWAN VPN types are modelled, so they are off the unmodelled list (no unknown for them)', () => {
    for (const type of ['azurerm_vpn_gateway', 'azurerm_vpn_site', 'azurerm_vpn_gateway_connection']) {
      expect(Object.keys(NETWORK_EFFECT_TYPES)).not.toContain(type);
      expect(read.problems.map((p) => p.resourceType)).not.toContain(type);
    }
  });
});
