// SPDX-License-Identifier: Apache-2.0
/** The "network effect" list: no type on it is read in silence, and none is also a modelled type. */
import { readTerraformDocument } from '../../lib/terraform';
import { DATAPLANE_TYPES } from '../../lib/terraform/dataplane';
import { UNDERSTOOD_TYPES } from '../../lib/terraform/grouping';
import { NETWORK_EFFECT_TYPES } from '../../lib/terraform/network-effect';

const TYPES = Object.keys(NETWORK_EFFECT_TYPES);

function docWith(type: string): Record<string, unknown> {
  return {
    resource: {
      azurerm_firewall_policy: { p: { name: 'fwp-a', resource_group_name: 'rg-a', location: 'australiaeast' } },
      [type]: { x: { name: 'x', resource_group_name: 'rg-a' }, y: { name: 'y', resource_group_name: 'rg-a' } },
    },
  };
}

describe('network-effect types', () => {
  test('the list is not empty and holds no modelled type', () => {
    expect(TYPES.length).toBeGreaterThan(20);
    expect(TYPES.filter((t) => UNDERSTOOD_TYPES.has(t) || DATAPLANE_TYPES.has(t))).toEqual([]);
  });

  test.each(TYPES)('%s is one unknown naming the type, never ignored', (type) => {
    const result = readTerraformDocument(docWith(type), 'x.cdk.tf.json');
    const named = result.problems.filter((p) => p.resourceType === type);
    expect(named).toHaveLength(1);
    expect(named[0].message).toContain(`${type}.x, ${type}.y`);
    expect(named[0].message).toContain(NETWORK_EFFECT_TYPES[type]);
  });

  test('a document of only unmodelled network resources is read (reported), not refused as empty', () => {
    const result = readTerraformDocument(
      { resource: { azurerm_virtual_hub: { hub: { name: 'hub' } } } },
      'x.cdk.tf.json',
    );
    expect(result.problems.map((p) => p.resourceType)).toEqual(['azurerm_virtual_hub']);
  });

  test('azapi resources outside Microsoft.Network are not network effects', () => {
    const result = readTerraformDocument(
      {
        resource: {
          azurerm_firewall_policy: { p: { name: 'fwp-a' } },
          azapi_resource: { kv: { type: 'Microsoft.KeyVault/vaults@2023-07-01', name: 'kv' } },
        },
      },
      'x.cdk.tf.json',
    );
    expect(result.problems).toEqual([]);
  });
});
