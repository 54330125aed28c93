// SPDX-License-Identifier: Apache-2.0
import {
  azureRegion,
  azureRegions,
  creatableVpnGatewaySkus,
  REGION_SOURCE,
  VPN_GATEWAY_SKU_SOURCE,
  vpnGatewaySku,
  vpnGatewaySkuAllows,
} from '../../lib/model/azure';

describe('azureRegion', () => {
  test('resolves a normalised and a display name to the same row', () => {
    expect(azureRegion('australiaeast')).toEqual({
      name: 'australiaeast',
      displayName: 'Australia East',
      availabilityZones: true,
    });
    expect(azureRegion('Australia East')).toBe(azureRegion('australiaeast'));
    expect(azureRegion('AUSTRALIA  EAST')).toBe(azureRegion('australiaeast'));
  });

  test('pins a few rows: which regions have zones', () => {
    expect(azureRegion('Australia Southeast')?.availabilityZones).toBe(false);
    expect(azureRegion('southcentralus')?.availabilityZones).toBe(true);
    expect(azureRegion('westcentralus')?.availabilityZones).toBe(false);
    expect(azureRegion('East US 2')?.name).toBe('eastus2');
  });

  test('knows no invented region', () => {
    expect(azureRegion('atlantis')).toBeUndefined();
    expect(azureRegion('')).toBeUndefined();
    expect(azureRegion('australia-east')).toBeUndefined();
  });

  test('the table is sorted, unique, and each display name normalises to its name', () => {
    const names = azureRegions().map((r) => r.name);
    expect(names).toEqual([...new Set(names)].sort());
    for (const region of azureRegions()) expect(region.displayName.toLowerCase().replace(/ /g, '')).toBe(region.name);
  });

  test('the data says where it comes from and when it was read', () => {
    expect(REGION_SOURCE.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(REGION_SOURCE.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(VPN_GATEWAY_SKU_SOURCE.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('vpnGatewaySkuAllows', () => {
  test.each([
    ['Basic', 'Generation1'],
    ['VpnGw1AZ', 'Generation1'],
    ['VpnGw2AZ', 'Generation1'],
    ['VpnGw2AZ', 'Generation2'],
    ['VpnGw3AZ', 'Generation2'],
    ['VpnGw4AZ', 'Generation2'],
    ['vpngw5az', 'generation2'],
  ])('accepts %s with %s', (sku, generation) => {
    expect(vpnGatewaySkuAllows(sku, generation)).toEqual({ ok: true });
  });

  test.each([
    ['VpnGw1AZ', 'Generation2', 'generation', 'VpnGw1AZ with Generation1'],
    ['Basic', 'Generation2', 'generation', 'Basic with Generation1'],
    ['VpnGw4AZ', 'Generation1', 'generation', 'VpnGw4AZ with Generation2'],
    ['VpnGw1', 'Generation1', 'not-creatable', 'an AZ SKU or Basic'],
    ['VpnGw3', 'Generation2', 'not-creatable', 'an AZ SKU or Basic'],
    ['Premium', 'Generation1', 'unknown-sku', 'one of Basic, VpnGw1AZ'],
  ])('refuses %s with %s (%s)', (sku, generation, problem, expected) => {
    const verdict = vpnGatewaySkuAllows(sku, generation);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.problem).toBe(problem);
    expect(verdict.expected).toContain(expected);
  });

  test('custom IPsec policies and policy-based gateways: AZ SKUs versus Basic', () => {
    expect(vpnGatewaySku('Basic')).toMatchObject({ customIpsecPolicy: false, vpnTypes: ['PolicyBased', 'RouteBased'] });
    expect(vpnGatewaySku('VpnGw2AZ')).toMatchObject({ customIpsecPolicy: true, vpnTypes: ['RouteBased'] });
    expect(creatableVpnGatewaySkus().map((s) => s.sku)).toEqual([
      'Basic',
      'VpnGw1AZ',
      'VpnGw2AZ',
      'VpnGw3AZ',
      'VpnGw4AZ',
      'VpnGw5AZ',
    ]);
  });
});
