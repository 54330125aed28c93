// SPDX-License-Identifier: Apache-2.0
import { Firewall } from '@cdktf/provider-azurerm/lib/firewall';
import { FirewallPolicy } from '@cdktf/provider-azurerm/lib/firewall-policy';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { Lazy } from 'cdktf';
import { ClinicSite, type ClinicSiteProps } from '../../lib/constructs';
import { decodeAnnotations } from '../../lib/model/encoding';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import {
  clinicProps,
  collectionOf,
  onlyRuleCollectionGroup,
  resourcesOf,
  stackJson,
  synth,
  testClinic,
  testEstate,
} from './util';
import { modelOf } from './read-back';

const csu = Fqdn.parse('csu.cherel.org.au');

describe('ClinicSite: network, firewall and logs', () => {
  test('emits the firewall subnet, a policy tagged with the site, and diagnostics to Log Analytics', () => {
    const { site } = testClinic({ packs: ['lumos', 'hl7'] });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(Subnet, {
      name: 'AzureFirewallSubnet',
      address_prefixes: ['10.1.0.0/26'],
    });
    expect(out).toHaveResourceWithProperties(Subnet, { name: 'GatewaySubnet', address_prefixes: ['10.1.0.64/27'] });
    expect(out).toHaveResourceWithProperties(FirewallPolicy, {
      sku: 'Standard',
      tags: { 'clinicnet-site': 'clinic', 'clinicnet-kind': 'clinic', 'clinicnet-packs': 'hl7,lumos' },
    });
    expect(out).toHaveResourceWithProperties(Firewall, { sku_name: 'AZFW_VNet', sku_tier: 'Standard' });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      enabled_log: [{ category_group: 'allLogs' }],
    });
    expect(stackJson(out).provider.azurerm).toEqual([{ features: [{}] }]);
  });

  test('state is local (a relative path) by default, Azure Storage when a backend is given', () => {
    expect(stackJson(synth(testClinic().site)).terraform.backend).toEqual({
      local: { path: 'terraform.clinic.tfstate' },
    });
    const backend = { resourceGroupName: 'rg-state', storageAccountName: 'ststate', containerName: 'tfstate' };
    expect(stackJson(synth(testClinic({ backend }).site)).terraform.backend).toEqual({
      azurerm: {
        resource_group_name: 'rg-state',
        storage_account_name: 'ststate',
        container_name: 'tfstate',
        key: 'clinic.tfstate',
      },
    });
    expect(
      stackJson(synth(testClinic({ backend: { ...backend, key: 'clinics/a.tfstate' } }).site)).terraform.backend.azurerm
        .key,
    ).toBe('clinics/a.tfstate');
  });

  test('records its model: path is the construct path, address the Terraform address', () => {
    const { site } = testClinic();
    const model = modelOf(site);
    expect(model.path).toBe('estate/clinic');
    expect(model.firewall).toMatchObject({
      name: 'fw-clinic',
      address: 'azurerm_firewall.firewall',
      policyAddress: 'azurerm_firewall_policy.firewall-policy',
      dnsProxy: false,
    });
    expect(model.vnets[0].subnets.map((s) => [s.name, s.role])).toEqual([
      ['AzureFirewallSubnet', 'firewall'],
      ['GatewaySubnet', 'gateway'],
      ['clinical', 'workload'],
    ]);
    expect(model.logSinks).toEqual([
      expect.objectContaining({ kind: 'log-analytics', source: 'azurerm_firewall.firewall', categories: ['allLogs'] }),
    ]);
  });

  test('emits the clinicnet_site output with the site declaration', () => {
    const { site } = testClinic({ packs: ['immtrac'], vendor: { hl7: { agents: 2 } } });
    const output = stackJson(synth(site)).output.clinicnet_site.value;
    expect(output).toEqual({
      site: 'clinic',
      kind: 'clinic',
      packs: ['immtrac'],
      bypass: [],
      vendor: { hl7: { agents: 2 } },
      vpnClientPools: [],
    });
  });

  test('an imaging-gateway subnet is recorded as the OnePacs gateway subnet', () => {
    const { site } = testClinic({
      workloadSubnets: [{ name: 'imaging', prefix: Cidr.parse('10.1.2.0/24'), role: 'imaging-gateway' }],
    });
    expect(modelOf(site).vendor.onepacs).toEqual({ gatewaySubnet: 'imaging' });
  });

  test('an unresolved region is recorded as unknown, not validated', () => {
    const { estate } = testEstate();
    const region = Lazy.stringValue({ produce: () => '${var.region}' });
    const site = new ClinicSite(estate, 'tokens', clinicProps(2, { region }));
    expect(modelOf(site).region).toEqual({ unknown: 'var.region' });
  });

  test('a token that resolves to a literal is recorded as that literal', () => {
    const { estate } = testEstate();
    const site = new ClinicSite(
      estate,
      'lazy',
      clinicProps(2, { region: Lazy.stringValue({ produce: () => 'australiaeast' }) }),
    );
    expect(modelOf(site).region).toBe('australiaeast');
  });
});

describe('ClinicSite: bad props are rejected before anything is emitted', () => {
  const cases: [string, Partial<ClinicSiteProps>, RegExp][] = [
    [
      'a region not in the region table',
      { region: 'atlantis' },
      /\[SITE-REGION-INVALID\] invalid Azure region — got "atlantis"/,
    ],
    ['no address space', { addressSpace: [] }, /\[SITE-ADDRESS-SPACE-EMPTY\] site clinic has no address space/],
    [
      'no workload subnets',
      { workloadSubnets: [] },
      /\[SITE-ADDRESS-SPACE-EMPTY\] site clinic has no workload subnets/,
    ],
    [
      'reserved subnet name',
      { workloadSubnets: [{ name: 'GatewaySubnet', prefix: Cidr.parse('10.1.1.0/24') }] },
      /\[SITE-SUBNET-NAME\].*"GatewaySubnet"/,
    ],
    [
      'firewall subnet /27',
      { firewallSubnet: Cidr.parse('10.1.0.0/27') },
      /\[SITE-PLATFORM-SUBNET-SIZE\] AzureFirewallSubnet .* got 10.1.0.0\/27, expected a \/26/,
    ],
    [
      'gateway subnet /28',
      { gatewaySubnet: Cidr.parse('10.1.0.64/28') },
      /\[SITE-PLATFORM-SUBNET-SIZE\] GatewaySubnet .* got 10.1.0.64\/28, expected a \/27 or larger/,
    ],
    ['no firewall subnet', { firewallSubnet: undefined }, /\[SITE-FIREWALL-SUBNET-MISSING\]/],
    ['unknown pack', { packs: ['pencs'] }, /\[SITE-PACK-UNKNOWN\] unknown vendor pack on site clinic — got "pencs"/],
    [
      'TLS inspection on Standard',
      {
        firewallTier: 'Standard',
        tlsInspection: { caCertificateSecretId: 'https://kv/secrets/ca', identityId: '/id' },
      },
      /\[SITE-FIREWALL-FEATURE\].*TLS inspection with firewallTier Standard/,
    ],
    [
      'two proxies',
      { explicitProxy: {}, proxyAppliance: { kind: 'http', endpoint: 'proxy:3128' } },
      /\[SITE-FIREWALL-FEATURE\].*both explicitProxy and proxyAppliance/,
    ],
    [
      'a proxy port out of range',
      { explicitProxy: { httpPort: 70000 } },
      /\[SITE-PROXY-PORT\] invalid explicit proxy port on site clinic — got httpPort 70000, expected whole numbers from 1 to 65535/,
    ],
    [
      'equal HTTP and HTTPS proxy ports',
      { explicitProxy: { httpPort: 8443 } },
      /\[SITE-PROXY-PORT\].*got httpPort 8443 and httpsPort 8443/,
    ],
    [
      'a proxy port on the PAC file port',
      { explicitProxy: { httpsPort: 8090, pacFileUrl: 'https://st.blob.core.windows.net/pac/proxy.pac' } },
      /got httpsPort 8090 and PAC file port 8090/,
    ],
    [
      'a proxy endpoint without a port',
      { proxyAppliance: { kind: 'http', endpoint: 'proxy.example.org' } },
      /\[SITE-PROXY-ENDPOINT\] invalid proxy endpoint on site clinic — got "proxy.example.org", expected host:port/,
    ],
    [
      'a proxy endpoint port out of range',
      { proxyAppliance: { kind: 'socks5', endpoint: '10.1.1.5:70000' } },
      /\[SITE-PROXY-ENDPOINT\].*got "10.1.1.5:70000"/,
    ],
    [
      'a DNS server given by name',
      { dnsServers: ['dns.example.org'] },
      /\[SITE-DNS-SERVER\] invalid DNS server on site clinic — got "dns.example.org", expected an IP address/,
    ],
  ];
  test.each(cases)('%s', (_, overrides, message) => {
    const { estate } = testEstate();
    expect(() => new ClinicSite(estate, 'clinic', clinicProps(1, overrides))).toThrow(message);
    expect(estate.sites).toHaveLength(0);
    expect(estate.node.children).toHaveLength(0);
  });

  test('a bad site name', () => {
    const { estate } = testEstate();
    expect(() => new ClinicSite(estate, 'NSW GP', clinicProps(1))).toThrow(
      /\[SITE-NAME-INVALID\] invalid site name — got "NSW GP"/,
    );
  });

  test('two sites with one name', () => {
    const { estate } = testEstate();
    new ClinicSite(estate, 'clinic', clinicProps(1));
    expect(() => new ClinicSite(estate, 'clinic', clinicProps(2))).toThrow(
      /There is already a Construct with name 'clinic'|\[ESTATE-SITE-TAKEN\]/,
    );
  });
});

describe('ClinicSite.allowEgress: hostnames become the right kind of rule', () => {
  test('HTTPS becomes an application rule; FTPS becomes a network rule by FQDN with DNS proxy on', () => {
    const { site } = testClinic();
    site.allowEgress({
      name: 'lumos-portal',
      fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'Lumos portal',
      requirement: 'LUMOS-EGRESS-443',
    });
    site.allowEgress({
      name: 'lumos-data',
      fqdns: [csu],
      ports: [Port.tcpRange(3000, 3010)],
      app: 'ftps-implicit',
      purpose: 'Lumos data',
    });
    site.allowEgress({
      name: 'lumos-control',
      fqdns: [csu],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos control',
    });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(FirewallPolicy, { dns: { proxy_enabled: true } });
    const group = onlyRuleCollectionGroup(out);
    const network = collectionOf(group, 'network');
    expect(network).toMatchObject({ name: 'egress-network-by-hostname', priority: 220, action: 'Allow' });
    // Sorted by name, whatever the call order.
    expect(network.rule.map((r) => r.name)).toEqual(['lumos-control', 'lumos-data']);
    expect(network.rule[0]).toMatchObject({
      destination_fqdns: ['csu.cherel.org.au'],
      destination_ports: ['991'],
      protocols: ['TCP'],
      source_addresses: ['10.1.1.0/24'],
    });
    expect(network.rule[1]).toMatchObject({ destination_ports: ['3000-3010'] });
    const application = collectionOf(group, 'application');
    expect(application.rule[0]).toMatchObject({
      name: 'lumos-portal',
      destination_fqdns: ['authentigate.cherel.org.au'],
      protocols: [{ type: 'Https', port: 443 }],
    });
    expect(decodeAnnotations(application.rule[0].description)).toEqual({
      app: 'https',
      req: 'LUMOS-EGRESS-443',
      purpose: 'Lumos portal',
    });
    expect(modelOf(site).firewall?.dnsProxy).toBe(true);
  });

  test('DNS proxy stays off while only application rules name FQDNs', () => {
    const { site } = testClinic();
    site.allowEgress({
      name: 'web',
      fqdns: [Fqdn.parse('*.customed.de')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'custo',
    });
    expect(stackJson(synth(site)).resource.azurerm_firewall_policy['firewall-policy'].dns).toBeUndefined();
    expect(modelOf(site).firewall?.dnsProxy).toBe(false);
  });

  test('the flow is recorded in the model with its rule placement', () => {
    const { site } = testClinic();
    site.allowEgress({
      name: 'immtrac',
      fqdns: [Fqdn.parse('immtrac-ftp1.dshs.state.tx.us')],
      ports: [Port.tcp(990), Port.tcpRange(5000, 5010)],
      app: 'ftps-implicit',
      purpose: 'ImmTrac',
    });
    const [logicalId] = Object.keys(resourcesOf(synth(site), 'azurerm_firewall_policy_rule_collection_group'));
    expect(modelOf(site).egress).toEqual([
      {
        name: 'immtrac',
        path: 'estate/clinic/firewall-rules/egress',
        address: `azurerm_firewall_policy_rule_collection_group.${logicalId}`,
        ruleKind: 'network',
        collection: 'egress-network-by-hostname',
        priority: 220,
        action: 'Allow',
        fqdns: ['immtrac-ftp1.dshs.state.tx.us'],
        addresses: [],
        protocol: 'tcp',
        ports: ['990', '5000-5010'],
        appProtocol: 'ftps-implicit',
        sources: ['10.1.1.0/24'],
        terminateTls: false,
        purpose: 'ImmTrac',
      },
    ]);
  });

  test('addresses only through allowEgressToAddresses, recorded as an address flow', () => {
    const { site } = testClinic();
    const flow = site.allowEgressToAddresses({
      name: 'lab',
      addresses: [Cidr.parse('203.0.113.8/29')],
      ports: [Port.tcp(2575)],
      app: 'mllp-tls',
      purpose: 'lab results',
    });
    expect(flow).toMatchObject({
      ruleKind: 'network',
      collection: 'egress-network-by-address',
      fqdns: [],
      addresses: ['203.0.113.8/29'],
    });
    expect(() => Fqdn.parse('203.0.113.9')).toThrow(/\[FQDN-IS-IP\]/);
  });

  const bad: [string, object, RegExp][] = [
    ['no ports', { ports: [] }, /\[EGRESS-INVALID\] invalid egress flow "f" — got no ports/],
    ['no hostnames', { fqdns: [] }, /got no hostnames/],
    ['mixed protocols', { ports: [Port.tcp(53), Port.udp(53)] }, /got ports of several protocols \(TCP 53, UDP 53\)/],
    [
      'a range on HTTPS',
      { ports: [Port.tcpRange(443, 444)] },
      /got port TCP 443-444 for https, expected single TCP ports/,
    ],
    [
      'a wildcard on a network rule',
      { app: 'sftp', fqdns: [Fqdn.parse('*.example.org')], ports: [Port.tcp(22)] },
      /got wildcard "\*.example.org" for sftp/,
    ],
    ['inspectTls without inspection', { inspectTls: true }, /got inspectTls on https at site clinic/],
    ['an empty purpose', { purpose: ' ' }, /got an empty purpose/],
    ['a bad rule name', { name: 'two words' }, /\[FW-RULE-NAME-INVALID\] invalid rule name — got "two words"/],
    [
      'an unknown source subnet',
      { sourceSubnets: ['admin'] },
      /\[SITE-SOURCE-SUBNET\] unknown source subnet on site clinic — got "admin", expected one of clinical/,
    ],
  ];
  test.each(bad)('rejects %s', (_, overrides, message) => {
    const { site } = testClinic();
    const props = {
      name: 'f',
      fqdns: [Fqdn.parse('portal.example.org')],
      ports: [Port.tcp(443)],
      app: 'https' as const,
      purpose: 'p',
      ...overrides,
    };
    expect(() => site.allowEgress(props)).toThrow(message);
    expect(modelOf(site).egress).toEqual([]);
  });

  test('rejects a rule name used twice on the site', () => {
    const { site } = testClinic();
    const props = { name: 'same', fqdns: [csu], ports: [Port.tcp(991)], app: 'ftps-implicit' as const, purpose: 'p' };
    site.allowEgress(props);
    expect(() => site.allowEgress(props)).toThrow(
      /\[FW-RULE-NAME-TAKEN\] duplicate rule name on site clinic — got "same" twice/,
    );
  });

  test('a site without a firewall refuses egress rules', () => {
    const { site } = testClinic({ firewall: false, firewallSubnet: undefined });
    expect(() =>
      site.allowEgress({ name: 'f', fqdns: [csu], ports: [Port.tcp(991)], app: 'ftps-implicit', purpose: 'p' }),
    ).toThrow(/\[SITE-NO-FIREWALL\] site clinic has no firewall/);
  });
});
