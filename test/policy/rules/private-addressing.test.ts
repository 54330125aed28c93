// SPDX-License-Identifier: Apache-2.0
import type { VirtualNetwork, VpnLink } from '../../../lib/model/types';
import { findingsFor, site, summary } from './platform-fixtures';

const ID = 'BASE-PRIVATE-ADDRESSING';

function vnet(...addressSpaces: VirtualNetwork['addressSpaces']): VirtualNetwork {
  return { name: 'vnet', path: 'clinic/vnet', address: 'azurerm_virtual_network.vnet', addressSpaces, subnets: [] };
}

function link(prefixes: VpnLink['remote']['prefixes'], remoteSite?: string): VpnLink {
  return {
    name: 'to-lan',
    path: 'clinic/to-lan',
    address: 'azurerm_virtual_network_gateway_connection.lan',
    protocol: 'IKEv2',
    remote: { name: 'lan', address: 'azurerm_local_network_gateway.lan', prefixes, site: remoteSite },
    localPrefixes: ['10.1.0.0/16'],
    sharedKey: { source: 'key-vault-secret' },
  };
}

describe('private-addressing (BASE-PRIVATE-ADDRESSING)', () => {
  test('compliant: RFC 1918, RFC 6598 and IPv6 ULA ranges, VNet and clinic LAN alike', () => {
    const s = site({
      vnets: [vnet('10.1.0.0/16', '172.16.4.0/22', '100.64.0.0/24', 'fd00:1::/48')],
      vpnLinks: [link(['192.168.1.0/24'])],
    });
    expect(findingsFor(s, ID)).toEqual([]);
  });

  test('non-compliant: a public VNet range and a public LAN behind a VPN link are warnings', () => {
    const s = site({
      vnets: [vnet('10.1.0.0/16', '8.8.0.0/16')],
      vpnLinks: [link(['192.168.1.0/24', '100.128.0.0/24'])],
    });
    const findings = findingsFor(s, ID);
    expect(summary(findings)).toEqual(['violation:warning clinic/to-lan', 'violation:warning clinic/vnet']);
    expect(findings[0].message).toContain('LAN behind VPN link to-lan uses a public range — got 100.128.0.0/24');
    expect(findings[1].message).toContain('VNet vnet uses a public range — got 8.8.0.0/16');
    // A range that only partly overlaps a private one is not private: 172.0.0.0/8 holds 172.16/12.
    expect(summary(findingsFor(site({ vnets: [vnet('172.0.0.0/8')] }), ID))).toEqual(['violation:warning clinic/vnet']);
    expect(summary(findingsFor(site({ vnets: [vnet('2001:db8::/48')] }), ID))).toEqual([
      'violation:warning clinic/vnet',
    ]);
  });

  test('a link to another estate site is checked as that site, not as a LAN', () => {
    expect(findingsFor(site({ vpnLinks: [link(['8.8.8.0/24'], 'hub')] }), ID)).toEqual([]);
  });

  test('unknown: an address space from an expression', () => {
    const findings = findingsFor(site({ vnets: [vnet({ unknown: '${var.space}' })] }), ID);
    expect(summary(findings)).toEqual(['unknown:warning clinic/vnet']);
    expect(findings[0].message).toContain('${var.space}');
  });
});
