// SPDX-License-Identifier: Apache-2.0
import { azureTypeOf } from '../../lib/terraform/resource-ids';
import { findingsOf } from './findings';
import { planFixture } from './util';

describe('plan of a deployed estate: ids resolve by resource type', () => {
  const { read, findings } = findingsOf(planFixture('deployed-estate.json'));
  const site = read.model.sites[0];

  test('an association sharing its subnet id never stands in for the subnet', () => {
    const subnets = site.vnets[0].subnets.map((s) => [s.name, s.egressVia]);
    expect(subnets).toEqual([
      ['AzureFirewallSubnet', 'internet'],
      ['clinical', 'firewall'],
    ]);
    expect(site.natEgress[0].subnets).toEqual(['AzureFirewallSubnet']);
    expect(site.firewall?.subnets).toEqual(['AzureFirewallSubnet']);
  });

  test('exact findings: only the real missing firewall logs (no false BASE-NO-ANY-EGRESS), nothing unreadable', () => {
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([['BASE-FIREWALL-LOGS', 'fwp-penrith', 'azurerm_firewall.main']]);
  });
});

describe('azureTypeOf', () => {
  test.each([
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
      'microsoft.network/virtualnetworks/subnets',
    ],
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v',
      'microsoft.network/virtualnetworks',
    ],
    ['/subscriptions/s/resourceGroups/rg', 'resourcegroup'],
    ['not an id', undefined],
  ])('%s → %s', (id, type) => expect(azureTypeOf(id)).toBe(type));
});
