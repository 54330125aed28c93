// SPDX-License-Identifier: Apache-2.0
/** A single cdk.tf.json with values the reader cannot fully read: unknowns plus problems, never silence. */
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';

const FILE = path.join(__dirname, '..', 'fixtures', 'tf', 'partly-unreadable.cdk.tf.json');

describe('cdk.tf.json: a stack with unreadable parts', () => {
  const result = readTerraformInput(FILE);
  const site = result.model.sites[0];
  const problem = (address: string) => result.problems.filter((p) => p.address === address).map((p) => p.message);

  test('is one site, identified by its policy tags, with the stack construct path', () => {
    expect(result.kind).toBe('cdktf-stack');
    expect(result.model.sites).toHaveLength(1);
    expect(site).toMatchObject({
      name: 'bondi',
      kind: 'clinic',
      packs: ['lumos', 'pencs'],
      path: 'estate/bondi',
      region: 'australiaeast',
    });
    // Whether pack `pencs` exists is for the loaded packs to say (the engine reports PACK-UNKNOWN).
    expect(problem('azurerm_firewall_policy.firewall-policy').join('\n')).not.toContain('pencs');
  });

  test('a malformed clinicnet_site output is reported and its facts are left out', () => {
    expect(problem('output.clinicnet_site')).toEqual([
      '"packs" is not a list of pack ids; proxy, bypass list and vendor settings are not read',
    ]);
    expect(site.vendor).toEqual({});
  });

  test('an unresolvable reference becomes an unknown carrying the expression', () => {
    expect(site.vnets[0].addressSpaces).toEqual(['10.9.0.0/16', { unknown: 'var.extra_space' }]);
    expect(site.vpnLinks[0].remote.gatewayFqdn).toEqual({ unknown: '${azurerm_public_ip.hub.fqdn}' });
  });

  test('a reference to another resource is followed (the subnet joins the VNet it names)', () => {
    expect(site.vnets[0].subnets.map((s) => s.name)).toEqual(['clinical']);
  });

  test('a subnet whose VNet cannot be resolved is reported, not silently dropped', () => {
    expect(problem('azurerm_subnet.stray')).toEqual([
      'its virtual network var.vnet_name is not in this site, so the subnet is left out of the model',
    ]);
  });

  test('values of the wrong type are reported and unknown in the model', () => {
    expect(site.firewall?.tier).toEqual({ unknown: 'azurerm_firewall.firewall.sku_tier = Gold' });
    expect(site.firewall?.dnsProxy).toEqual({
      unknown: 'azurerm_firewall_policy.firewall-policy.dns[0].proxy_enabled (unreadable)',
    });
    expect(problem('azurerm_firewall.firewall')).toEqual(
      expect.arrayContaining([
        'sku_tier is "Gold", expected one of Basic, Standard, Premium',
        'an ip_configuration subnet is ${azurerm_subnet.missing.id}',
      ]),
    );
    expect(problem('azurerm_firewall_policy.firewall-policy')).toContain(
      'dns[0].proxy_enabled is "sometimes", expected true or false',
    );
  });

  test('a rule whose ports are not a list keeps its other facts and unknown ports', () => {
    const flow = site.egress[0];
    expect(flow).toMatchObject({
      name: 'lumos-ftps-data',
      path: 'estate/bondi/firewall-rules/egress',
      address: 'azurerm_firewall_policy_rule_collection_group.egress',
      fqdns: [{ unknown: 'var.lumos_host' }],
      ports: [
        {
          unknown:
            'azurerm_firewall_policy_rule_collection_group.egress.network_rule_collection[0].rule[0].destination_ports (unreadable)',
        },
      ],
      purpose: 'Lumos FTPS data; passive range',
      requirement: 'LUMOS-EGRESS-DATA',
    });
    expect(problem('azurerm_firewall_policy_rule_collection_group.egress')).toEqual([
      'network_rule_collection[0].rule[0].destination_ports is "3000-3010", expected a list of strings',
    ]);
  });

  test('an association whose NAT gateway is missing is reported', () => {
    expect(site.natEgress).toEqual([]);
    expect(problem('azurerm_nat_gateway_public_ip_association.orphan')).toEqual([
      'its nat_gateway_id does not name a NAT gateway of this site, so the association is not in the model',
    ]);
  });

  test('a shared key from a variable that is not sensitive is a literal naming the variable (its value is in plan output)', () => {
    expect(site.vpnLinks[0].sharedKey).toEqual({ source: 'literal', reference: 'var.psk is not sensitive' });
    expect(site.vpnLinks[0].localPrefixes).toEqual([
      { unknown: 'local prefixes of azurerm_virtual_network_gateway_connection.to-hub' },
    ]);
  });

  test('problems are sorted and carry the site and resource type', () => {
    expect(result.problems.every((p) => p.site === 'bondi')).toBe(true);
    expect(result.problems.find((p) => p.address === 'azurerm_subnet.stray')?.resourceType).toBe('azurerm_subnet');
    const keys = result.problems.map((p) => `${p.site}\u0000${p.address}\u0000${p.message}`);
    expect(keys).toEqual([...keys].sort());
  });
});
