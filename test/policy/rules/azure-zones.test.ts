// SPDX-License-Identifier: Apache-2.0
import { findingsFor, placed, site, summary } from './platform-fixtures';

const ID = 'AZURE-ZONES';
const FIREWALL = {
  name: 'fw',
  path: 'clinic/firewall',
  address: 'azurerm_firewall.fw',
  policyAddress: 'azurerm_firewall_policy.p',
  tier: 'Standard' as const,
  dnsProxy: true,
  subnets: ['AzureFirewallSubnet'],
};

describe('azure-zones (AZURE-ZONES)', () => {
  test('compliant: zones where the region has them, none where it has not', () => {
    expect(
      findingsFor(site({ placements: [placed('azurerm_firewall.fw', 'australiaeast', ['1', '2', '3'])] }), ID),
    ).toEqual([]);
    const regional = site({
      region: 'australiasoutheast',
      placements: [
        placed('azurerm_firewall.fw', 'australiasoutheast'),
        placed('azurerm_public_ip.ip', 'Australia Southeast'),
      ],
    });
    expect(findingsFor(regional, ID)).toEqual([]);
  });

  test('non-compliant: a firewall and a public IP pinned to zones in a region without zones', () => {
    const s = site({
      region: 'australiasoutheast',
      placements: [
        placed('azurerm_firewall.fw', 'australiasoutheast', ['1', '2', '3']),
        placed('azurerm_public_ip.ip', 'Australia Southeast', ['1']),
        placed('azurerm_virtual_network.vnet', 'australiasoutheast'),
      ],
    });
    const findings = findingsFor(s, ID);
    expect(summary(findings)).toEqual([
      'violation:error clinic/azurerm_firewall.fw',
      'violation:error clinic/azurerm_public_ip.ip',
    ]);
    expect(findings[0].message).toContain('australiasoutheast, which has none');
  });

  test('non-compliant: a zone Azure does not number', () => {
    const findings = findingsFor(
      site({ placements: [placed('azurerm_public_ip.ip', 'australiaeast', ['1', '4'])] }),
      ID,
    );
    expect(summary(findings)).toEqual(['violation:error clinic/azurerm_public_ip.ip']);
    expect(findings[0].message).toContain('got zones 4 in australiaeast');
  });

  test('a location from an expression falls back to the known site region', () => {
    const s = site({
      region: 'australiasoutheast',
      placements: [placed('azurerm_firewall.fw', { unknown: '${azurerm_resource_group.rg.location}' }, ['1'])],
    });
    expect(summary(findingsFor(s, ID))).toEqual(['violation:error clinic/azurerm_firewall.fw']);
  });

  test('unknown: zones or region that cannot be read, or placements not recorded, where zones matter', () => {
    const zonesUnknown = site({
      region: 'australiasoutheast',
      placements: [placed('azurerm_firewall.fw', 'australiasoutheast', [{ unknown: '${var.zones}' }])],
    });
    expect(summary(findingsFor(zonesUnknown, ID))).toEqual(['unknown:warning clinic/azurerm_firewall.fw']);
    const regionUnknown = site({
      region: { unknown: 'r' },
      placements: [placed('azurerm_firewall.fw', { unknown: '${var.location}' }, ['1'])],
    });
    expect(summary(findingsFor(regionUnknown, ID))).toEqual(['unknown:warning clinic/azurerm_firewall.fw']);
    expect(summary(findingsFor(site({ region: 'australiasoutheast', firewall: FIREWALL }), ID))).toEqual([
      'unknown:warning clinic',
    ]);
    // Where the region has zones, unrecorded zones cannot be wrong.
    expect(findingsFor(site({ firewall: FIREWALL }), ID)).toEqual([]);
  });
});
