// SPDX-License-Identifier: Apache-2.0
/** One fixture per defect class of plain Terraform (test/fixtures/tf/build.js), each pinned to its exact findings. */
import * as fs from 'fs';
import * as path from 'path';
import { trace } from '../../lib/dataplane';
import { Cidr } from '../../lib/net/cidr';
import { readTerraformDocument } from '../../lib/terraform';
import { findingsOf } from './findings';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'tf', name);
const CLEAN_SUBNETS = [
  ['AzureFirewallSubnet', 'firewall', ['10.60.0.0/26'], 'internet'],
  ['practice', 'workload', ['10.60.1.0/24'], 'firewall'],
];

function subnetsOf(file: string): unknown[] {
  const { read } = findingsOf(fixture(file));
  return read.model.sites[0].vnets.flatMap((v) =>
    v.subnets.map((s) => [s.name, s.role, s.addressPrefixes, s.egressVia]),
  );
}

describe('subnets are matched to their VNet by reference', () => {
  test('an interpolated VNet name keeps every subnet; no finding', () => {
    const { read, findings } = findingsOf(fixture('interpolated-vnet-name.cdk.tf.json'));
    expect(subnetsOf('interpolated-vnet-name.cdk.tf.json')).toEqual(CLEAN_SUBNETS);
    expect(read.model.sites[0].firewall?.subnets).toEqual(['AzureFirewallSubnet']);
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  test('inline subnets with ids written ${vnet.id}/subnets/NAME: firewall subnet and routing read; no finding', () => {
    const { read, findings } = findingsOf(fixture('inline-subnets.cdk.tf.json'));
    expect(subnetsOf('inline-subnets.cdk.tf.json')).toEqual(CLEAN_SUBNETS);
    expect(read.model.sites[0].firewall?.subnets).toEqual(['AzureFirewallSubnet']);
    expect(findings).toEqual([]);
  });
});

describe('never silent', () => {
  test('each unmodelled network type is one unknown naming it (azapi network types by their Azure type)', () => {
    const { read, findings } = findingsOf(fixture('unmodelled-types.cdk.tf.json'));
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', 'azapi_resource.nva'],
      ['CLINICNET-UNREADABLE', '*', 'azurerm_bastion_host.a'],
      ['CLINICNET-UNREADABLE', '*', 'azurerm_private_endpoint.sql'],
    ]);
    expect(read.problems.map((p) => p.resourceType)).toEqual([
      'azapi_resource Microsoft.Network/networkVirtualAppliances',
      'azurerm_bastion_host',
      'azurerm_private_endpoint',
    ]);
    expect(read.problems[1].message).toBe(
      '2 resource(s) (azurerm_bastion_host.a, azurerm_bastion_host.b) that clinicnet does not model — admits remote sessions into the VNet, so what they allow or block is not checked',
    );
  });

  test('resources no site reaches are one problem for the document, naming them', () => {
    const { read, findings } = findingsOf(fixture('orphans.cdk.tf.json'));
    expect(findings).toEqual([['CLINICNET-UNREADABLE', '*', 'cove']]);
    expect(read.problems).toEqual([
      {
        site: '',
        address: 'cove',
        resourceType: 'document',
        message:
          'belongs to no site: 3 Azure resource(s) (azurerm_nat_gateway.shared, azurerm_private_dns_zone.a, azurerm_private_dns_zone.b) that no firewall policy (through references or its resource group) or virtual network (through references) reaches, so only the estate rules check them',
      },
    ]);
  });
});

describe('intent without clinicnet encodings', () => {
  test('application rules of Http and Https (Allow and Deny) are web rules: no BASE-APP-RULE-PROTOCOLS', () => {
    const { read, findings } = findingsOf(fixture('mixed-http-https.cdk.tf.json'));
    expect(read.model.sites[0].egress.map((f) => [f.name, f.action, f.appProtocol, f.ports])).toEqual([
      ['social', 'Deny', 'https', ['80', '443']],
      ['updates', 'Allow', 'https', ['80', '443']],
    ]);
    expect(findings).toEqual([]);
  });

  test("a DNAT rule's plain description is its reason: no finding", () => {
    const { read, findings } = findingsOf(fixture('dnat-description.cdk.tf.json'));
    expect(read.model.sites[0].inbound.map((f) => f.reason)).toEqual([
      'Vendor support desk reaches the practice server',
    ]);
    expect(findings).toEqual([]);
  });

  test('TCP 2575 is MLLP: clear text to the internet is HL7-ENCRYPTED', () => {
    const { read, findings } = findingsOf(fixture('mllp-port.cdk.tf.json'));
    expect(read.model.sites[0].egress.find((f) => f.name === 'lab-results')?.appProtocol).toBe('mllp');
    expect(findings).toEqual([['HL7-ENCRYPTED', 'cove', 'azurerm_firewall_policy_rule_collection_group.rcg']]);
  });

  test('a DNAT of 8443 to an internal host makes a custo centre in port-forward mode: CUSTO-INBOUND-PORT, no CUSTO-MODE', () => {
    const { read, findings } = findingsOf(fixture('custo-port-forward.cdk.tf.json'));
    expect(read.model.sites[0].vendor.custo).toEqual({ role: 'centre', mode: 'port-forward' });
    expect(findings).toEqual([
      ['CUSTO-CLOUD-EGRESS', 'cove', 'azurerm_firewall.fw'],
      ['CUSTO-CLOUD-EGRESS', 'cove', 'azurerm_firewall.fw'],
      ['CUSTO-INBOUND-PORT', 'cove', 'azurerm_firewall_policy_rule_collection_group.rcg'],
    ]);
  });
});

describe('resources plain Terraform uses', () => {
  test('classic rule collections on a firewall without a policy are read and checked', () => {
    const { read, findings } = findingsOf(fixture('classic-rules.cdk.tf.json'));
    const site = read.model.sites[0];
    expect(site.egress.map((f) => [f.address, f.collection, f.ruleKind, f.appProtocol, f.fqdns, f.ports])).toEqual([
      ['azurerm_firewall_network_rule_collection.any', 'legacy', 'network', 'other', [], ['*']],
      [
        'azurerm_firewall_application_rule_collection.web',
        'web',
        'application',
        'https',
        ['update.example.com'],
        ['80', '443'],
      ],
    ]);
    expect(site.inbound.map((f) => [f.externalPort, f.destination, f.internalAddress, f.sources])).toEqual([
      ['3389', '20.1.2.3', '10.60.1.10', ['*']],
    ]);
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([
      ['BASE-NO-ANY-EGRESS', 'cove', 'azurerm_firewall_network_rule_collection.any'],
      ['BASE-NO-INTERNET-INBOUND', 'cove', 'azurerm_firewall_nat_rule_collection.inbound'],
    ]);
  });

  test('a vWAN secured hub: no AzureFirewallSubnet needed, hub routing unknown (not internet), vWAN types reported', () => {
    const { read, findings } = findingsOf(fixture('vwan-secured-hub.cdk.tf.json'));
    const site = read.model.sites[0];
    expect(site.firewall).toMatchObject({ subnets: [], virtualHub: 'azurerm_virtual_hub.hub' });
    expect(site.vnets[0].subnets.map((s) => s.egressVia)).toEqual([
      {
        unknown:
          'vnet-cove is connected to vWAN hub azurerm_virtual_hub.hub, whose routes (routing intent) clinicnet does not model',
      },
    ]);
    // Without the data plane the routing intent is not read: the subnet's egress stays unknown (an error).
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_hub.hub'],
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_wan.wan'],
      ['BASE-NO-ANY-EGRESS', 'cove', 'azurerm_subnet.practice'],
    ]);
  });

  test('with the data plane, the routing intent sends the connected VNet through the hub firewall: no false any-egress', () => {
    const { read, findings } = findingsOf(fixture('vwan-secured-hub.cdk.tf.json'), { dataplane: true });
    expect(read.model.sites[0].dataplane?.vnets[0].hubRouting).toEqual({
      hub: 'azurerm_virtual_hub.hub',
      internet: 'azurerm_firewall.fw',
    });
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_hub.hub'],
      ['CLINICNET-UNREADABLE', '*', 'azurerm_virtual_wan.wan'],
    ]);
    const hops = (host: string) => {
      const result = trace(read.model, {
        from: { kind: 'subnet', site: 'cove', subnet: 'practice' },
        to: { kind: 'host', host },
        protocol: 'tcp',
        port: 443,
      });
      return [result.verdict, ...result.hops.map((h) => `${h.step} ${h.decision} ${h.rule}`)];
    };
    expect(hops('update.example.com')).toEqual([
      'allowed',
      'source pass practice',
      'route pass vWAN routing intent (Internet) to azurerm_firewall.fw',
      'threat-intel pass Alert',
      'firewall allow application collection web (priority 500, group rcg-cove priority 200, policy fwp-cove) rule updates',
      'snat allow azurerm_virtual_hub.hub',
    ]);
    expect(hops('www.example.org')[0]).toBe('denied');
  });

  test('routing intent: off without internet security on the connection; PrivateTraffic sends the private ranges', () => {
    const doc = JSON.parse(fs.readFileSync(fixture('vwan-secured-hub.cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    doc.resource.azurerm_virtual_hub_connection.cove.internet_security_enabled = false;
    doc.resource.azurerm_virtual_hub_routing_intent.intent.routing_policy = [
      { name: 'private', destinations: ['PrivateTraffic'], next_hop: '${azurerm_firewall.fw.id}' },
    ];
    const read = readTerraformDocument(doc, 'intent.cdk.tf.json', { dataplane: true });
    expect(read.model.sites[0].dataplane?.vnets[0].hubRouting).toEqual({
      hub: 'azurerm_virtual_hub.hub',
      private: 'azurerm_firewall.fw',
    });
    const verdict = (address: string) =>
      trace(read.model, {
        from: { kind: 'subnet', site: 'cove', subnet: 'practice' },
        to: { kind: 'address', address: Cidr.parse(`${address}/32`) },
        protocol: 'tcp',
        port: 443,
      }).hops.find((h) => h.step === 'route')?.rule;
    expect(verdict('10.70.1.5')).toBe('vWAN routing intent (PrivateTraffic) to azurerm_firewall.fw');
    expect(verdict('203.0.113.5')).toBe('Azure system route 0.0.0.0/0');
  });
});

describe('raw hcl2json output', () => {
  test('labelled blocks as one-element arrays are read like cdk.tf.json: same clinic, no finding', () => {
    const { read, findings } = findingsOf(fixture('raw-hcl2json.tf.json'));
    expect(subnetsOf('raw-hcl2json.tf.json')).toEqual(CLEAN_SUBNETS);
    expect(read.model.sites.map((s) => [s.name, s.firewall?.dnsProxy, s.egress.length, s.logSinks.length])).toEqual([
      ['cove', true, 1, 1],
    ]);
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([]);
  });
});

describe('sites by reference', () => {
  test("a second policy in the clinic's resource group, reading its address space, does not take over its VNet", () => {
    const { read, findings } = findingsOf(fixture('second-policy.cdk.tf.json'));
    expect(read.model.sites.map((s) => [s.name, s.vnets.map((v) => v.name), s.firewall?.name])).toEqual([
      ['cove', ['vnet-cove'], 'fw-cove'],
      ['fwp-other', [], undefined],
    ]);
    // Two policies share the resource group, so the group itself is nobody's (said once).
    expect(read.problems.map((p) => p.message)).toEqual([
      'belongs to no site: 1 Azure resource(s) (azurerm_resource_group.rg) that no firewall policy (through references or its resource group) or virtual network (through references) reaches, so only the estate rules check them',
    ]);
    expect(findings).toEqual([['CLINICNET-UNREADABLE', '*', 'cove']]);
  });
});
