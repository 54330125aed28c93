// SPDX-License-Identifier: Apache-2.0
/** Where resources are deployed, as the reader reads it: `location` and `zones` of every site resource. */
import { evaluate } from '../../lib/policy/engine';
import { readTerraformDocument } from '../../lib/terraform';

function doc(firewall: Record<string, unknown>): unknown {
  return {
    output: { clinicnet_site: { value: { site: 'gp' } } },
    resource: {
      azurerm_resource_group: { rg: { name: 'rg-gp', location: 'Australia Southeast' } },
      azurerm_virtual_network: {
        vnet: { name: 'vnet-gp', location: 'australiasoutheast', address_space: ['10.1.0.0/16'] },
      },
      azurerm_firewall: {
        fw: { name: 'fw-gp', sku_name: 'AZFW_VNet', sku_tier: 'Standard', ...firewall },
      },
    },
  };
}

function read(firewall: Record<string, unknown>) {
  return readTerraformDocument(doc(firewall), 'gp.cdk.tf.json').model;
}

describe('placements', () => {
  test('every located resource, sorted by address, with its location as written and its zones', () => {
    const [site] = read({ location: 'australiasoutheast', zones: ['1', '2'] }).sites;
    expect(site.placements?.map((p) => [p.address, p.location, p.zones])).toEqual([
      ['azurerm_firewall.fw', 'australiasoutheast', ['1', '2']],
      ['azurerm_resource_group.rg', 'Australia Southeast', []],
      ['azurerm_virtual_network.vnet', 'australiasoutheast', []],
    ]);
  });

  test("a reference to the resource group's location reads as that location", () => {
    const model = read({ location: '${azurerm_resource_group.rg.location}', zones: ['1'] });
    const fw = model.sites[0].placements?.find((p) => p.address === 'azurerm_firewall.fw');
    expect(fw?.location).toBe('Australia Southeast');
    const zones = evaluate(model).findings.filter((f) => f.requirement === 'AZURE-ZONES');
    expect(zones.map((f) => `${f.kind} ${f.path}`)).toEqual(['violation azurerm_firewall.fw']);
  });

  test('a location or zones not written as literal text are read as the reader reads any attribute', () => {
    const fw = (firewall: Record<string, unknown>) => {
      const result = readTerraformDocument(doc(firewall), 'gp.cdk.tf.json');
      const placed = result.model.sites[0].placements?.find((p) => p.address === 'azurerm_firewall.fw');
      const problems = result.problems.filter((p) => p.address === 'azurerm_firewall.fw').map((p) => p.message);
      return { location: placed?.location, zones: placed?.zones, problems };
    };
    expect(fw({ location: 'australiaeast', zones: ['1', '${var.zone}'] })).toEqual({
      location: 'australiaeast',
      zones: ['1', { unknown: 'var.zone' }],
      problems: [],
    });
    expect(fw({ location: 'australiaeast', zones: [1, 2] })).toMatchObject({ zones: ['1', '2'], problems: [] });
    expect(fw({ location: 'australiaeast', zones: '1' })).toMatchObject({
      zones: [{ unknown: 'azurerm_firewall.fw.zones (unreadable)' }],
      problems: ['zones is "1", expected a list of strings'],
    });
    expect(fw({ location: 7, zones: null })).toEqual({ location: '7', zones: [], problems: [] });
    expect(fw({ location: ['australiaeast'] })).toMatchObject({
      location: { unknown: 'azurerm_firewall.fw.location (unreadable)' },
      problems: ['location is ["australiaeast"], expected a string'],
    });
  });

  test('the azure pack reads them: an invented location and zones where there are none', () => {
    const findings = evaluate(read({ location: 'atlantis', zones: ['1'] })).findings;
    expect(findings.filter((f) => f.requirement === 'AZURE-REGION').map((f) => f.message)).toEqual([
      expect.stringContaining('got "atlantis" on azurerm_firewall.fw'),
    ]);
    const ok = evaluate(read({ location: 'australiasoutheast' })).findings;
    expect(ok.filter((f) => f.requirement === 'AZURE-REGION' || f.requirement === 'AZURE-ZONES')).toEqual([]);
    const unresolved = evaluate(read({ location: '${var.location}', zones: ['1'] })).findings;
    expect(unresolved.filter((f) => f.requirement === 'AZURE-REGION').map((f) => `${f.kind} ${f.path}`)).toEqual([
      'unknown azurerm_firewall.fw',
    ]);
  });
});
