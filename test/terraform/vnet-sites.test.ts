// SPDX-License-Identifier: Apache-2.0
/**
 * Plain Terraform without a firewall policy: a site per virtual network, grouping what it
 * reaches by reference (never by resource group alone); the clinicnet-site tag names it and
 * clinicnet-packs on the VNet or its resource group gives its packs.
 */
import { join } from 'path';
import * as fs from 'fs';
import { runPolicy } from '../../lib/policy/pipeline';
import { readTerraformDocument, readTerraformInputAsync } from '../../lib/terraform';

const DIR = join(__dirname, '..', 'fixtures', 'hcl', 'vnet-sites');
const TF = (name: string) => join(__dirname, '..', 'fixtures', 'tf', name);
jest.setTimeout(60_000); // HCL parsing loads a WebAssembly parser

describe('a site per VNet (HCL root module, one resource group for two clinics)', () => {
  let read: Awaited<ReturnType<typeof readTerraformInputAsync>>;
  beforeAll(async () => {
    read = await readTerraformInputAsync(DIR, { dataplane: true });
  });

  test('each VNet is a site of its subnets, NAT, routes and gateways; named by tag or VNet name; packs by VNet or group tag', () => {
    expect(
      read.model.sites.map((s) => [
        s.name,
        s.packs,
        s.path,
        s.vnets.map((v) => [v.name, v.subnets.map((x) => x.name)]),
        s.natEgress.map((n) => n.address),
        s.vpnGateway?.name,
        s.vpnLinks.map((l) => l.name),
      ]),
    ).toEqual([
      [
        'penrith',
        ['lumos'],
        'azurerm_virtual_network.penrith',
        [['vnet-australiaeast-penrith', ['workload']]],
        ['azurerm_nat_gateway.penrith'],
        undefined,
        [],
      ],
      [
        'vnet-bondi',
        ['custo'],
        'azurerm_virtual_network.bondi',
        [['vnet-bondi', ['GatewaySubnet']]],
        [],
        'vgw-bondi',
        ['cn-centre'],
      ],
      ['vnet-windsor', [], 'azurerm_virtual_network.windsor', [['vnet-windsor', ['workload']]], [], undefined, []],
    ]);
  });

  test('exact findings: the estate overlap, the literal shared key, unrouted workloads; the spare NAT gateway is no site’s', () => {
    const evaluation = runPolicy(read.model, read.problems);
    expect(evaluation.findings.map((f) => [f.requirement, f.site, f.path])).toEqual([
      ['CLINICNET-UNREADABLE', '*', DIR],
      ['BASE-NO-ANY-EGRESS', 'penrith', 'azurerm_subnet.penrith_work'],
      ['LUMOS-BY-HOSTNAME', 'penrith', 'azurerm_virtual_network.penrith'],
      ['LUMOS-BY-HOSTNAME', 'penrith', 'azurerm_virtual_network.penrith'],
      ['BASE-PSK-NOT-LITERAL', 'vnet-bondi', 'azurerm_virtual_network_gateway_connection.centre'],
      ['CUSTO-MODE', 'vnet-bondi', 'azurerm_virtual_network.bondi'],
      ['AZURE-VPN-GATEWAY-SKU', 'vnet-bondi', 'azurerm_virtual_network_gateway.bondi'],
      ['BASE-IPSEC-STRONG', 'vnet-bondi', 'azurerm_virtual_network_gateway_connection.centre'],
      ['BASE-CIDR-NO-OVERLAP', 'vnet-windsor', 'azurerm_virtual_network.windsor'],
      ['BASE-NO-ANY-EGRESS', 'vnet-windsor', 'azurerm_subnet.windsor_work'],
    ]);
    expect(read.problems.map((p) => p.message)).toEqual([
      'belongs to no site: 1 Azure resource(s) (azurerm_nat_gateway.spare) that no firewall policy (through references or its resource group) or virtual network (through references) reaches, so only the estate rules check them',
    ]);
  });
});

describe('VNets beside firewall policies', () => {
  test('a VNet no policy reaches is a site of its own, not an orphan', () => {
    const doc = JSON.parse(fs.readFileSync(TF('orphans.cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    doc.resource.azurerm_virtual_network.lab = {
      name: 'vnet-lab',
      resource_group_name: 'rg-lab',
      address_space: ['10.60.0.0/16'],
    };
    doc.resource.azurerm_subnet.lab = {
      name: 'lab',
      resource_group_name: 'rg-lab',
      virtual_network_name: '${azurerm_virtual_network.lab.name}',
      address_prefixes: ['10.60.9.0/24'],
    };
    const read = readTerraformDocument(doc, 'orphans.cdk.tf.json');
    expect(read.model.sites.map((s) => [s.name, s.vnets.map((v) => [v.name, v.subnets.map((x) => x.name)])])).toEqual([
      ['cove', [['vnet-cove', ['AzureFirewallSubnet', 'practice']]]],
      ['fwp-other', []],
      ['vnet-lab', [['vnet-lab', ['lab']]]],
    ]);
    // Its address space overlaps the clinic's: the estate rule sees it now.
    const findings = runPolicy(read.model, read.problems).findings.map((f) => [f.requirement, f.site]);
    expect(findings).toContainEqual(['BASE-CIDR-NO-OVERLAP', 'vnet-lab']);
  });

  test('a clinicnet-site tag on a policy-anchored site’s VNet names it when the policy has none; a conflicting one is reported', () => {
    const doc = JSON.parse(fs.readFileSync(TF('mixed-http-https.cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    delete (doc.resource.azurerm_firewall_policy.policy.tags as Record<string, string>)['clinicnet-site'];
    doc.resource.azurerm_virtual_network.vnet.tags = { 'clinicnet-site': 'cove-gp', 'clinicnet-packs': 'lumos' };
    doc.resource.azurerm_resource_group.rg.tags = { 'clinicnet-packs': 'custo' };
    const read = readTerraformDocument(doc, 'cove.cdk.tf.json');
    expect(read.model.sites.map((s) => [s.name, s.packs])).toEqual([['cove-gp', ['lumos']]]);
    expect(read.problems.map((p) => [p.address, p.message])).toEqual([
      [
        'azurerm_resource_group.rg',
        'tag clinicnet-packs says "custo" but the site\'s is "lumos"; this one is not read',
      ],
    ]);
  });
});
