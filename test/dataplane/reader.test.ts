// SPDX-License-Identifier: Apache-2.0
/** The data plane as the terraform reader builds it from top-level resources. */
import * as path from 'path';
import type { DataPlane } from '../../lib/model/dataplane';
import { readdirSync, readFileSync } from 'fs';
import { validateModel } from '../../lib/model/validate';
import { readTerraformDocument, readTerraformInput } from '../../lib/terraform';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dataplane');

function planeOf(fixture: string): DataPlane {
  const site = readTerraformInput(path.join(FIXTURES, fixture), { dataplane: true }).model.sites.find(
    (s) => s.name === 'clinic',
  );
  if (site?.dataplane === undefined) throw new Error(`no data plane in ${fixture}`);
  return site.dataplane;
}

describe('reading the data plane', () => {
  test('is not read unless asked, so existing models stay byte-identical', () => {
    const site = readTerraformInput(path.join(FIXTURES, 'base.cdk.tf.json')).model.sites[0];
    expect('dataplane' in site).toBe(false);
  });

  test.each(readdirSync(FIXTURES))('the model read from %s, data plane included, matches schema.json', (file) => {
    const model = readTerraformInput(path.join(FIXTURES, file), { dataplane: true }).model;
    expect(model.sites.every((s) => s.dataplane !== undefined)).toBe(true);
    expect(validateModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });

  test('subnet roles come from Azure names, delegations and application gateways', () => {
    const roles = Object.fromEntries(planeOf('subnet-roles.cdk.tf.json').subnets.map((s) => [s.name, s.role]));
    expect(roles).toEqual({
      agw: 'application-gateway',
      AzureBastionSubnet: 'AzureBastionSubnet',
      AzureFirewallManagementSubnet: 'AzureFirewallManagementSubnet',
      AzureFirewallSubnet: 'AzureFirewallSubnet',
      GatewaySubnet: 'GatewaySubnet',
      postgres: 'delegated',
      practice: 'workload',
      RouteServerSubnet: 'RouteServerSubnet',
    });
  });

  test('a separate NSG rule joins its NSG; the separate DNS servers resource sets the VNet DNS', () => {
    const plane = planeOf('subnet-roles.cdk.tf.json');
    expect(plane.nsgs[0].rules.map((r) => [r.name, r.priority, r.destinationPorts])).toEqual([
      ['deny-smb', 300, ['445', '139']],
    ]);
    expect(plane.vnets[0].dnsServers).toEqual(['10.20.0.4']);
    expect(plane.subnets.find((s) => s.name === 'practice')?.nsg).toBe('azurerm_network_security_group.practice');
  });

  test("a route to the firewall's private IP is that firewall; its IP is the fourth address of its subnet", () => {
    const plane = planeOf('base.cdk.tf.json');
    expect(plane.routeTables[0].routes[0]).toMatchObject({
      prefix: '0.0.0.0/0',
      nextHopType: 'VirtualAppliance',
      nextHopFirewall: 'azurerm_firewall.fw',
    });
    expect(plane.routeTables[0].gatewayPropagation).toBe(false);
    expect(plane.firewalls[0]).toMatchObject({
      privateIp: '10.20.0.4',
      policy: 'azurerm_firewall_policy.policy',
      publicIps: ['azurerm_public_ip.fw'],
    });
  });

  test('a plan states the IPs; the route then names the address', () => {
    const plane = planeOf('base.plan.json');
    expect(plane.routeTables[0].routes[0].nextHopIp).toBe('10.20.0.4');
    expect(plane.publicIps[0].ip).toBe('20.5.6.7');
  });

  test('IP groups resolve to their members; base_policy_id is read', () => {
    const rule = planeOf('ip-groups.cdk.tf.json').policies[0].groups[0].collections[0].rules[0];
    expect([rule.sources, rule.destinations]).toEqual([['10.20.1.0/24'], ['203.0.113.0/24']]);
    const policies = readTerraformInput(path.join(FIXTURES, 'parent-policy.cdk.tf.json'), { dataplane: true })
      .model.sites.flatMap((s) => s.dataplane?.policies ?? [])
      .filter((p) => p.name === 'fwp-clinic');
    expect(policies[0].basePolicy).toBe('azurerm_firewall_policy.parent');
  });

  test('collections keep kind, priority and action; DNAT rules their public IP and translation', () => {
    const group = planeOf('dnat.cdk.tf.json').policies[0].groups[0];
    expect(group.collections.map((c) => [c.kind, c.name, c.priority, c.action])).toEqual([
      ['dnat', 'inbound', 100, 'Dnat'],
      ['network', 'lumos-ftps', 400, 'Allow'],
      ['application', 'web', 500, 'Allow'],
    ]);
    expect(group.collections[0].rules[0]).toMatchObject({
      destinations: ['azurerm_public_ip.fw'],
      translated: { address: '10.20.1.20', port: '443' },
    });
    expect(group.collections[2].rules[0].protocols).toEqual(['Https:443']);
  });

  test('NICs keep static private IPs, public IPs and their NSG', () => {
    expect(planeOf('nic-public-ip.cdk.tf.json').nics[0]).toEqual({
      name: 'nic-vm',
      address: 'azurerm_network_interface.vm',
      subnet: 'azurerm_subnet.practice',
      privateIps: ['10.20.1.10'],
      publicIps: ['azurerm_public_ip.vm'],
      nsg: 'azurerm_network_security_group.vm',
    });
  });
  test("a VNet DNS server written as the firewall's private_ip_address reference is that firewall's IP", () => {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'subnet-roles.cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { dns_servers?: string[] }>>;
    };
    const dnsOf = (servers: string[]) => {
      doc.resource.azurerm_virtual_network_dns_servers.dns.dns_servers = servers;
      const read = readTerraformDocument(structuredClone(doc), 'dns.cdk.tf.json', { dataplane: true });
      return read.model.sites.find((s) => s.name === 'clinic')?.dataplane?.vnets.map((v) => v.dnsServers);
    };
    expect(dnsOf(['${azurerm_firewall.fw.ip_configuration[0].private_ip_address}'])).toEqual([['10.20.0.4']]);
    // Another firewall's, another attribute, or another index stay unknown: only the firewall itself is resolved.
    for (const other of [
      '${azurerm_firewall.other.ip_configuration[0].private_ip_address}',
      '${azurerm_firewall.fw.ip_configuration[1].private_ip_address}',
      '${azurerm_public_ip.fw.ip_address}',
    ])
      expect(dnsOf([other])).toEqual([[{ unknown: other }]]);
  });
});
