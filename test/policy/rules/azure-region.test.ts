// SPDX-License-Identifier: Apache-2.0
import { findingsFor, placed, site, summary } from './platform-fixtures';

const ID = 'AZURE-REGION';

describe('azure-region (AZURE-REGION)', () => {
  test('compliant: normalised and display names alike', () => {
    const s = site({
      region: 'Australia East',
      placements: [
        placed('azurerm_firewall.fw', 'australiaeast'),
        placed('azurerm_virtual_network.vnet', 'Australia East'),
      ],
    });
    expect(findingsFor(s, ID)).toEqual([]);
  });

  test('non-compliant: one error per invented location, naming every resource that uses it', () => {
    const s = site({
      region: 'atlantis',
      placements: [
        placed('azurerm_firewall.fw', 'atlantis'),
        placed('azurerm_public_ip.ip', 'atlantis'),
        placed('azurerm_virtual_network.vnet', 'australia-east'),
        placed('azurerm_nat_gateway.nat', 'australiaeast'),
      ],
    });
    const findings = findingsFor(s, ID);
    expect(summary(findings)).toEqual([
      'violation:error clinic/azurerm_firewall.fw',
      'violation:error clinic/azurerm_virtual_network.vnet',
    ]);
    expect(findings[0].message).toContain('got "atlantis" on azurerm_firewall.fw, azurerm_public_ip.ip');
    expect(findings[1].message).toContain('"australia-east"');
  });

  test("non-compliant: the site's region alone, when no placement is recorded", () => {
    const findings = findingsFor(site({ region: 'atlantis' }), ID);
    expect(summary(findings)).toEqual(['violation:error clinic']);
    expect(findings[0].message).toContain('got "atlantis"');
  });

  test('unknown: a location that is an expression is reported, never taken as a region', () => {
    const s = site({
      region: { unknown: '${var.location}' },
      placements: [placed('azurerm_firewall.fw', { unknown: '${var.location}' })],
    });
    const findings = findingsFor(s, ID);
    expect(summary(findings)).toEqual(['unknown:warning clinic/azurerm_firewall.fw']);
    expect(findings[0].message).toContain('${var.location}');
    expect(summary(findingsFor(site({ region: { unknown: 'no located resource' } }), ID))).toEqual([
      'unknown:warning clinic',
    ]);
  });
});
