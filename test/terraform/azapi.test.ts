// SPDX-License-Identifier: Apache-2.0
/** azapi_resource VNets and subnets (the AVM VNet module's form) read as the azurerm ones they are. */
import * as path from 'path';
import { readTerraformDocument } from '../../lib/terraform';
import { findingsOf } from './findings';

const fixture = path.join(__dirname, '..', 'fixtures', 'tf', 'azapi-vnet.cdk.tf.json');

describe('azapi_resource Microsoft.Network/virtualNetworks and subnets', () => {
  const { read, findings } = findingsOf(fixture);

  test('the VNet, its inline and separate subnets, their routing and the firewall subnet are read', () => {
    const site = read.model.sites[0];
    expect(site.vnets.map((v) => [v.name, v.address, v.addressSpaces])).toEqual([
      ['vnet-cove', 'azapi_resource.vnet', ['10.60.0.0/16']],
    ]);
    expect(site.vnets[0].subnets.map((s) => [s.name, s.address, s.role, s.addressPrefixes, s.egressVia])).toEqual([
      ['AzureFirewallSubnet', 'azapi_resource.fw_subnet', 'firewall', ['10.60.0.0/26'], 'internet'],
      ['guest', 'azapi_resource.vnet/subnets/guest', 'workload', ['10.60.3.0/24'], 'internet'],
      ['kiosk', 'azapi_resource.vnet/subnets/kiosk', 'workload', ['10.60.2.0/24'], 'firewall'],
      ['practice', 'azapi_resource.practice', 'workload', ['10.60.1.0/24'], 'firewall'],
    ]);
    expect(site.firewall?.subnets).toEqual(['AzureFirewallSubnet']);
  });

  test('exact findings: the unrouted inline subnet; other azapi network types stay unknown', () => {
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', 'azapi_resource.dns'],
      ['BASE-NO-ANY-EGRESS', 'cove', 'azapi_resource.vnet'],
    ]);
    expect(read.problems.map((p) => p.resourceType)).toEqual(['azapi_resource Microsoft.Network/dnsResolvers']);
  });

  test('a VNet whose body is not known before apply stays an unmodelled azapi resource (reported)', () => {
    const doc = {
      resource: {
        azapi_resource: {
          vnet: { type: 'Microsoft.Network/virtualNetworks@2024-05-01', name: 'v', body: '${jsonencode(var.body)}' },
        },
      },
    };
    const result = readTerraformDocument(doc, 'x.cdk.tf.json');
    expect(result.model.sites).toEqual([]);
    expect(result.problems.map((p) => p.resourceType)).toEqual(['azapi_resource Microsoft.Network/virtualNetworks']);
  });
});
