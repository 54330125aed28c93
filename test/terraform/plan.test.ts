// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { validateModel } from '../../lib/model/validate';
import { readPlanBeforeAfter, readTerraformInput } from '../../lib/terraform';
import { planFixture } from './util';

const UNKNOWN = { unknown: expect.any(String) as unknown as string };

describe('plan JSON: a plain-Terraform site (no clinicnet tags)', () => {
  const result = readTerraformInput(planFixture('plain-site.json'), { packs: ['lumos', 'baseline'] });
  const site = result.model.sites[0];

  test('is one site named after its firewall policy, with packs from the options', () => {
    expect(result.kind).toBe('plan');
    expect(result.files).toEqual([planFixture('plain-site.json')]);
    expect(result.model.sites.map((s) => s.name)).toEqual(['fwp-parramatta']);
    expect(site).toMatchObject({
      kind: 'clinic',
      region: 'australiaeast',
      packs: ['lumos'],
      path: 'azurerm_firewall_policy.main',
    });
  });

  test('reads the VNet and subnets of a child module; an after_unknown prefix stays unknown', () => {
    expect(site.vnets).toHaveLength(1);
    expect(site.vnets[0]).toMatchObject({
      name: 'vnet-parramatta',
      address: 'module.network.azurerm_virtual_network.main',
      addressSpaces: ['10.20.0.0/16'],
    });
    expect(site.vnets[0].subnets.map((s) => [s.name, s.role, s.addressPrefixes])).toEqual([
      ['AzureFirewallSubnet', 'firewall', ['10.20.0.0/26']],
      ['GatewaySubnet', 'gateway', ['10.20.1.0/27']],
      ['clinical', 'workload', [{ unknown: 'var.clinical_prefix' }]],
    ]);
  });

  test('reads the firewall and its policy: tier, DNS proxy and servers, subnet through a module output', () => {
    expect(site.firewall).toEqual({
      name: 'fw-parramatta',
      path: 'azurerm_firewall.main',
      address: 'azurerm_firewall.main',
      policyAddress: 'azurerm_firewall_policy.main',
      tier: 'Premium',
      dnsProxy: true,
      subnets: ['AzureFirewallSubnet'],
    });
    expect(site.dns).toEqual({ firewallServers: ['10.20.2.4'], privateZones: ['parramatta.internal'] });
  });

  test('reads TLS inspection from tls_certificate and the explicit proxy the plan turns on', () => {
    expect(site.tlsInspection).toEqual({
      enabled: true,
      caCertificate: 'https://kv-parramatta.vault.azure.net/secrets/inspection-ca',
      path: 'azurerm_firewall_policy.main',
    });
    expect(site.proxy).toEqual({
      kind: 'http',
      endpoint: 'fw-parramatta:8080',
      azureExplicitProxy: true,
      path: 'azurerm_firewall_policy.main',
    });
  });

  test('reads application and network rules as egress flows, with their annotations', () => {
    expect(
      site.egress.map((f) => [
        f.collection,
        f.name,
        f.ruleKind,
        f.protocol,
        f.ports,
        f.fqdns,
        f.addresses,
        f.appProtocol,
        f.requirement,
      ]),
    ).toEqual([
      ['ftps', 'dns-out', 'network', 'any', ['53'], [], ['10.20.2.4'], 'other', undefined],
      [
        'ftps',
        'lumos-ftps-control',
        'network',
        'tcp',
        ['991'],
        ['csu.cherel.org.au'],
        [],
        'ftps-implicit',
        'LUMOS-EGRESS-991',
      ],
      [
        'web',
        'lumos-portal',
        'application',
        'tcp',
        ['443'],
        ['authentigate.cherel.org.au'],
        [],
        'https',
        'LUMOS-EGRESS-443',
      ],
    ]);
    const portal = site.egress.find((f) => f.name === 'lumos-portal');
    expect(portal).toMatchObject({
      priority: 300,
      action: 'Allow',
      purpose: 'Lumos portal',
      terminateTls: false,
      sources: ['10.20.4.0/24'],
    });
  });

  test('leaves out the rule collection group the plan deletes (its any-any rule is gone after apply)', () => {
    expect(site.egress.some((f) => f.name === 'any-any')).toBe(false);
  });

  test('reads the DNAT rule as an inbound forward; it listens on the firewall public IP resource', () => {
    expect(site.inbound).toEqual([
      {
        name: 'custo-rdt',
        path: 'azurerm_firewall_policy_rule_collection_group.main',
        address: 'azurerm_firewall_policy_rule_collection_group.main',
        protocol: 'tcp',
        externalPort: '8443',
        destination: { ref: 'azurerm_public_ip.firewall' },
        internalAddress: '10.20.4.10',
        internalPort: '8443',
        sources: ['203.0.113.0/24'],
        reason: 'custo evaluation centre receives recordings',
      },
    ]);
  });

  test('reads the NAT gateway with its associations: a known public IP, a new prefix by address, the subnet', () => {
    expect(site.natEgress).toEqual([
      {
        name: 'ng-parramatta',
        path: 'azurerm_nat_gateway.main',
        address: 'azurerm_nat_gateway.main',
        sku: 'Standard',
        idleTimeoutMinutes: 10,
        publicIps: ['20.5.6.7'],
        publicIpPrefixes: ['azurerm_public_ip_prefix.nat'],
        subnets: ['AzureFirewallSubnet'],
        // Neither the public IP nor the prefix states ip_version: both are IPv4, Azure's default.
        ipv6: false,
      },
    ]);
  });

  test('reads the VPN gateway, its client pool and the IPsec link with a Key Vault shared key', () => {
    expect(site.vpnGateway).toMatchObject({
      name: 'vgw-parramatta',
      type: 'Vpn',
      vpnType: 'RouteBased',
      sku: 'VpnGw2AZ',
      generation: 'Generation2',
    });
    expect(site.vpnGateway?.publicIps).toEqual([
      { address: 'azurerm_public_ip.vpn', allocation: 'Static', sku: 'Standard', ipVersion: 'IPv4' },
    ]);
    expect(site.vpnClientPools).toEqual(['172.16.200.0/24']);
    expect(site.vpnLinks).toEqual([
      {
        name: 'cn-parramatta-hub',
        path: 'azurerm_virtual_network_gateway_connection.hub',
        address: 'azurerm_virtual_network_gateway_connection.hub',
        protocol: 'IKEv2',
        remote: {
          name: 'lng-hub',
          address: 'azurerm_local_network_gateway.hub',
          gatewayFqdn: 'vpn.hub.example.org',
          prefixes: ['10.0.0.0/16'],
        },
        localPrefixes: ['10.20.0.0/16'],
        ipsec: {
          ikeEncryption: 'AES256',
          ikeIntegrity: 'SHA256',
          dhGroup: 'DHGroup14',
          ipsecEncryption: 'GCMAES256',
          ipsecIntegrity: 'GCMAES256',
          pfsGroup: 'PFS2048',
          saLifetimeSeconds: 27000,
        },
        sharedKey: { source: 'key-vault-secret', reference: 'data.azurerm_key_vault_secret.psk' },
      },
    ]);
  });

  test('reads the diagnostic setting as a log sink of the firewall', () => {
    expect(site.logSinks).toEqual([
      {
        name: 'diag-fw',
        path: 'azurerm_monitor_diagnostic_setting.firewall',
        address: 'azurerm_monitor_diagnostic_setting.firewall',
        source: 'azurerm_firewall.main',
        kind: 'log-analytics',
        target: 'azurerm_log_analytics_workspace.main',
        categories: ['AZFWApplicationRule', 'AZFWNetworkRule'],
      },
    ]);
  });

  test('ignores resources of other types and providers without reporting them', () => {
    expect(result.problems).toEqual([]);
    expect(JSON.stringify(result.model)).not.toContain('random_password');
  });
});

describe('plan JSON: before and after from resource_changes', () => {
  const plan: unknown = JSON.parse(fs.readFileSync(planFixture('plain-site.json'), 'utf8'));
  const { before, after } = readPlanBeforeAfter(plan, 'plain-site.json');

  test('before holds the deleted any-any rule and the policy without explicit proxy; after the reverse', () => {
    const beforeSite = before.sites[0];
    expect(beforeSite.name).toBe('fwp-parramatta');
    expect(beforeSite.egress.map((f) => f.name)).toEqual(['any-any']);
    expect(beforeSite.proxy).toBeUndefined();
    const afterSite = after.sites[0];
    expect(afterSite.egress.map((f) => f.name)).toEqual(['dns-out', 'lumos-ftps-control', 'lumos-portal']);
    expect(afterSite.proxy).toMatchObject({ azureExplicitProxy: true });
  });

  test('created resources exist only after; the DNAT listen address is the firewall public IP, by identity', () => {
    expect(before.sites[0].natEgress).toEqual([]);
    expect(after.sites[0].natEgress[0].publicIpPrefixes).toEqual(['azurerm_public_ip_prefix.nat']);
    expect(after.sites[0].inbound[0].destination).toEqual({ ref: 'azurerm_public_ip.firewall' });
  });

  test('a document that is not a plan has no before: a clear error', () => {
    expect(() => readPlanBeforeAfter({ resource: {} }, 'cdk.tf.json')).toThrow(
      /\[TF-PLAN-EXPECTED\] not a plan: cdk\.tf\.json — got a cdktf-stack/,
    );
  });
});

describe('plan JSON: shared key sources and remote estate sites', () => {
  const site = readTerraformInput(planFixture('vpn-literal-key.json')).model.sites[0];

  test('a constant shared key is literal; a sensitive variable is named', () => {
    const byName = Object.fromEntries(site.vpnLinks.map((l) => [l.name, l]));
    expect(byName['cn-centre'].sharedKey).toEqual({ source: 'literal' });
    expect(byName['cn-backup'].sharedKey).toEqual({ source: 'sensitive-variable', reference: 'var.backup_psk' });
  });

  test('the local network gateway tag names the estate site at the far end; BGP is read', () => {
    expect(site.vpnLinks.map((l) => [l.name, l.remote.site, l.remote.gatewayAddress, l.bgp])).toEqual([
      ['cn-backup', 'hub-evaluation', '20.1.2.3', { enabled: true }],
      ['cn-centre', 'hub-evaluation', '20.1.2.3', undefined],
    ]);
  });

  test('without a VPN gateway in the site the local prefixes are unknown, not guessed', () => {
    expect(site.vpnLinks[0].localPrefixes).toEqual([UNKNOWN]);
  });
});

describe('plan JSON: two plain-Terraform sites in one plan', () => {
  const result = readTerraformInput(planFixture('two-sites.json'), { packs: ['immtrac', 'pencs'] });

  test('one site per firewall policy; each VNet joins its site through references or its resource group', () => {
    expect(
      result.model.sites.map((s) => [
        s.name,
        s.packs,
        s.vnets.map((v) => v.name),
        s.firewall?.name,
        s.firewall?.subnets,
      ]),
    ).toEqual([
      ['fwp-a', ['immtrac', 'pencs'], ['vnet-a'], 'fw-a', ['AzureFirewallSubnet']],
      ['fwp-b', ['immtrac', 'pencs'], ['vnet-b'], 'fw-b', ['AzureFirewallSubnet']],
    ]);
  });

  test('a NAT gateway in another resource group joins the site whose subnet it serves', () => {
    expect(result.model.sites[0].natEgress.map((n) => [n.name, n.subnets])).toEqual([
      ['ng-shared', ['AzureFirewallSubnet']],
    ]);
    expect(result.model.sites[1].natEgress).toEqual([]);
  });

  // Whether pack `pencs` exists is for the loaded packs to say (the engine reports PACK-UNKNOWN).
  test('a resource no site reaches is reported with no site; pack ids are kept for the engine', () => {
    expect(result.problems).toEqual([
      {
        site: '',
        address: planFixture('two-sites.json'),
        resourceType: 'document',
        message:
          'belongs to no site: 1 Azure resource(s) (azurerm_private_dns_zone.lonely) that no firewall policy (through references or its resource group) or virtual network (through references) reaches, so only the estate rules check them',
      },
    ]);
  });
});

describe('every model read from the fixtures is valid against the model schema', () => {
  const dir = path.dirname(planFixture('x'));
  const files = [
    ...fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(dir, f)),
    path.join(dir, '..', 'tf', 'partly-unreadable.cdk.tf.json'),
  ];

  test.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    const model = readTerraformInput(file).model;
    expect(validateModel(model)).toEqual(model);
  });
});
