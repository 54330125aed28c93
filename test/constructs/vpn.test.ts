// SPDX-License-Identifier: Apache-2.0
import { TerraformVariable } from 'cdktf';
import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { ClinicSite, SharedKey, SiteToSiteVpn, type SiteToSiteVpnProps } from '../../lib/constructs';
import { decodeAnnotations } from '../../lib/model/encoding';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import {
  clinicProps,
  onlyResource,
  resourcesOf,
  ruleCollectionGroups,
  stackJson,
  synth,
  testClinic,
  testEstate,
} from './util';
import { modelOf } from './read-back';
import { objectContaining } from '../matchers';

const keyVaultKey = () =>
  SharedKey.fromKeyVaultSecret({
    keyVaultId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    secretName: 'vpn-key',
  });
const practiceLan = {
  name: 'practice-router',
  gatewayAddress: '203.0.113.10',
  prefixes: [Cidr.parse('192.168.10.0/24')],
};

describe('SiteToSiteVpn: gateway, local network gateway and IPsec connection', () => {
  test('emits a zone-redundant VpnGw1AZ Generation1 route-based gateway with a static Standard IP (australiaeast has zones)', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(VirtualNetworkGateway, {
      type: 'Vpn',
      vpn_type: 'RouteBased',
      sku: 'VpnGw1AZ',
      generation: 'Generation1',
      enable_bgp: false,
    });
    expect(out).toHaveResourceWithProperties(PublicIp, {
      name: 'pip-vpngw-clinic',
      allocation_method: 'Static',
      sku: 'Standard',
      zones: ['1', '2', '3'],
    });
    expect(out).toHaveResourceWithProperties(LocalNetworkGateway, {
      gateway_address: '203.0.113.10',
      address_space: ['192.168.10.0/24'],
    });
  });

  test('in a region without availability zones, no public IP or firewall is pinned to zones (AZURE-ZONES)', () => {
    const { site } = testClinic({ region: 'australiasoutheast' });
    new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    const out = synth(site);
    const pinned = [
      ...Object.values(resourcesOf(out, 'azurerm_public_ip')),
      ...Object.values(resourcesOf(out, 'azurerm_firewall')),
    ].filter((r) => r.zones !== undefined);
    expect(pinned).toEqual([]);
    expect(Object.keys(resourcesOf(out, 'azurerm_public_ip')).length).toBeGreaterThan(1);
    expect(onlyResource(out, 'azurerm_virtual_network_gateway')).toMatchObject({
      sku: 'VpnGw1AZ',
      generation: 'Generation1',
    });
  });

  test('the connection carries the default IPsec policy: IKEv2, GCMAES256, SHA256, DHGroup14, PFS on', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    expect(synth(site)).toHaveResourceWithProperties(VirtualNetworkGatewayConnection, {
      type: 'IPsec',
      connection_protocol: 'IKEv2',
      ipsec_policy: {
        ike_encryption: 'GCMAES256',
        ike_integrity: 'SHA256',
        dh_group: 'DHGroup14',
        ipsec_encryption: 'GCMAES256',
        ipsec_integrity: 'GCMAES256',
        pfs_group: 'PFS2048',
        sa_lifetime: 27000,
      },
    });
  });

  test('a custom policy overrides the defaults it names', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-practice', {
      remote: practiceLan,
      sharedKey: keyVaultKey(),
      ipsec: { dhGroup: 'ECP256', pfsGroup: 'ECP256', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256' },
    });
    const connection = onlyResource(synth(site), 'azurerm_virtual_network_gateway_connection');
    expect(connection.ipsec_policy).toMatchObject({
      dh_group: 'ECP256',
      pfs_group: 'ECP256',
      ipsec_encryption: 'AES256',
      ipsec_integrity: 'SHA256',
      ike_encryption: 'GCMAES256',
    });
  });

  test('the key comes from a Key Vault secret data source, recorded by reference', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    const out = stackJson(synth(site));
    const [secretId] = Object.keys(out.data.azurerm_key_vault_secret);
    expect(onlyResource(JSON.stringify(out), 'azurerm_virtual_network_gateway_connection').shared_key).toBe(
      `\${data.azurerm_key_vault_secret.${secretId}.value}`,
    );
    expect(modelOf(site).vpnLinks[0].sharedKey).toEqual({
      source: 'key-vault-secret',
      reference: `data.azurerm_key_vault_secret.${secretId}`,
    });
  });

  test('the key can come from a sensitive variable', () => {
    const { site } = testClinic();
    const variable = new TerraformVariable(site, 'vpn_key', { type: 'string', sensitive: true });
    new SiteToSiteVpn(site, 'to-practice', {
      remote: practiceLan,
      sharedKey: SharedKey.fromSensitiveVariable(variable),
    });
    expect(onlyResource(synth(site), 'azurerm_virtual_network_gateway_connection').shared_key).toBe('${var.vpn_key}');
    expect(modelOf(site).vpnLinks[0].sharedKey).toEqual({ source: 'sensitive-variable', reference: 'var.vpn_key' });
  });

  test('a link between two estate sites points at the other gateway by DNS name and records remote.site', () => {
    const { estate } = testEstate();
    const hub = new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(20, { region: 'southcentralus' }));
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: keyVaultKey() });
    expect(synth(clinic)).toHaveResourceWithProperties(LocalNetworkGateway, {
      gateway_fqdn: 'test-hub-vpn.australiaeast.cloudapp.azure.com',
      address_space: ['10.10.0.0/16'],
    });
    expect(synth(hub)).toHaveResourceWithProperties(PublicIp, { domain_name_label: 'test-hub-vpn' });
    const link = modelOf(clinic).vpnLinks[0];
    expect(link.remote).toMatchObject({
      site: 'hub',
      gatewayFqdn: 'test-hub-vpn.australiaeast.cloudapp.azure.com',
      prefixes: ['10.10.0.0/16'],
    });
    expect(link.localPrefixes).toEqual(['10.20.0.0/16']);
  });

  test('BGP sets both ASNs', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-practice', {
      remote: practiceLan,
      sharedKey: keyVaultKey(),
      bgp: { localAsn: 65010, peerAsn: 65020, peerAddress: '192.168.10.1' },
    });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(VirtualNetworkGateway, { enable_bgp: true, bgp_settings: { asn: 65010 } });
    expect(out).toHaveResourceWithProperties(LocalNetworkGateway, {
      bgp_settings: { asn: 65020, bgp_peering_address: '192.168.10.1' },
    });
    expect(modelOf(site).vpnLinks[0].bgp).toEqual({ enabled: true, peerAsn: 65020 });
  });

  test('ASNs from variables are not judged before apply and are recorded as unknown', () => {
    const { site } = testClinic();
    const local = new TerraformVariable(site, 'local_asn', { type: 'number' });
    const peer = new TerraformVariable(site, 'peer_asn', { type: 'number' });
    new SiteToSiteVpn(site, 'to-practice', {
      remote: practiceLan,
      sharedKey: keyVaultKey(),
      bgp: { localAsn: local.numberValue, peerAsn: peer.numberValue, peerAddress: '192.168.10.1' },
    });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(VirtualNetworkGateway, { bgp_settings: { asn: '${var.local_asn}' } });
    expect(out).toHaveResourceWithProperties(LocalNetworkGateway, {
      bgp_settings: { asn: '${var.peer_asn}', bgp_peering_address: '192.168.10.1' },
    });
    const model = modelOf(site);
    expect(model.vpnLinks[0].bgp).toEqual({ enabled: true, peerAsn: { unknown: 'var.peer_asn' } });
    expect(model.vpnGateway?.bgpAsn).toEqual({ unknown: 'var.local_asn' });
  });

  test('IPsec parameters from variables are emitted as references and recorded as unknown, never as token text', () => {
    const { site } = testClinic();
    const dh = new TerraformVariable(site, 'dh_group', { type: 'string' });
    new SiteToSiteVpn(site, 'to-practice', {
      remote: practiceLan,
      sharedKey: keyVaultKey(),
      ipsec: { dhGroup: dh.stringValue },
    });
    expect(synth(site)).toHaveResourceWithProperties(VirtualNetworkGatewayConnection, {
      ipsec_policy: objectContaining({ dh_group: '${var.dh_group}', ike_encryption: 'GCMAES256' }),
    });
    expect(modelOf(site).vpnLinks[0].ipsec).toMatchObject({
      dhGroup: { unknown: 'var.dh_group' },
      ikeEncryption: 'GCMAES256',
      saLifetimeSeconds: 27000,
    });
  });

  test('an address flow can be routed over the link', () => {
    const { site } = testClinic();
    const vpn = new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    const flow = site.allowEgressToAddresses({
      name: 'hl7',
      addresses: [Cidr.parse('192.168.10.5/32')],
      ports: [Port.tcp(2575)],
      app: 'mllp',
      purpose: 'HL7 to the practice',
      viaVpn: vpn,
    });
    expect(flow.viaVpn).toBe('cn-clinic-to-practice');
    expect(modelOf(site).vpnLinks.map((l) => l.name)).toEqual(['cn-clinic-to-practice']);
  });

  test("a flow viaVpn to an address outside the link's remote prefixes is refused with one line", () => {
    const { site } = testClinic();
    const vpn = new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() });
    const flow = (addresses: Cidr[]) => () =>
      site.allowEgressToAddresses({
        name: `hl7-${addresses.length}`,
        addresses,
        ports: [Port.tcp(2575)],
        app: 'mllp',
        purpose: 'HL7 to the practice',
        viaVpn: vpn,
      });
    expect(flow([Cidr.parse('192.168.10.5/32'), Cidr.parse('192.168.11.0/24')])).toThrow(
      /^\[EGRESS-INVALID\] invalid egress flow "hl7-2" — got viaVpn cn-clinic-to-practice to 192\.168\.11\.0\/24, expected destinations inside the link's remote prefixes \(192\.168\.10\.0\/24\)[^\n]*$/,
    );
    expect(flow([Cidr.parse('192.168.10.0/24')])).not.toThrow();
  });
});

describe('SiteToSiteVpn: bad props are rejected', () => {
  const bad: [string, Partial<SiteToSiteVpnProps>, RegExp][] = [
    [
      'a literal shared key',
      { sharedKey: 'correct horse battery staple' as never },
      /\[VPN-KEY-LITERAL\] literal VPN shared key on link to-practice — got a string/,
    ],
    [
      'both gateway address and FQDN',
      { remote: { ...practiceLan, gatewayFqdn: Fqdn.parse('vpn.example.org') } },
      /\[VPN-INVALID\].*got both gatewayAddress and gatewayFqdn/,
    ],
    [
      'neither gateway address nor FQDN',
      { remote: { name: 'x', prefixes: practiceLan.prefixes } },
      /got neither gatewayAddress nor gatewayFqdn/,
    ],
    [
      'a hostname as gateway address',
      { remote: { ...practiceLan, gatewayAddress: 'vpn.example.org' } },
      /got gatewayAddress "vpn.example.org", expected a public IPv4 address/,
    ],
    [
      'a private gateway address',
      { remote: { ...practiceLan, gatewayAddress: '192.168.10.1' } },
      /got gatewayAddress "192.168.10.1", expected a public IPv4 address/,
    ],
    [
      'an Azure-reserved gateway address',
      { remote: { ...practiceLan, gatewayAddress: '168.63.129.16' } },
      /got gatewayAddress "168.63.129.16", expected a public IPv4 address/,
    ],
    [
      'an IPv6 gateway address',
      { remote: { ...practiceLan, gatewayAddress: '2001:db8::1' } },
      /got gatewayAddress "2001:db8::1", expected a public IPv4 address/,
    ],
    ['no remote prefixes', { remote: { ...practiceLan, prefixes: [] } }, /got no remote prefixes/],
    [
      'an unknown algorithm',
      { ipsec: { ikeEncryption: 'AES512' } },
      /got ikeEncryption "AES512", expected one of AES128/,
    ],
    [
      'GCM encryption with another integrity',
      { ipsec: { ipsecIntegrity: 'SHA256' } },
      /got ipsecEncryption GCMAES256 with ipsecIntegrity SHA256/,
    ],
    [
      'an Azure-reserved local ASN',
      { bgp: { localAsn: 65515, peerAsn: 65020, peerAddress: '192.168.10.1' } },
      /\[VPN-BGP-ASN\] unusable local BGP ASN \(reserved by Azure\) — got 65515/,
    ],
    [
      'an IANA-reserved peer ASN',
      { bgp: { localAsn: 65010, peerAsn: 23456, peerAddress: '192.168.10.1' } },
      /unusable peer BGP ASN \(AS_TRANS, reserved by IANA\) — got 23456/,
    ],
  ];
  test.each(bad)('%s', (_, overrides, message) => {
    const { site } = testClinic();
    expect(
      () => new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey(), ...overrides }),
    ).toThrow(message);
    expect(modelOf(site).vpnLinks).toEqual([]);
    expect(site.node.tryFindChild('to-practice')).toBeUndefined();
  });

  // Azure accepts a phase-2 SA lifetime of 300–172,799 seconds: both bounds, and one past each.
  test.each([
    [299, false],
    [300, true],
    [172799, true],
    [172800, false],
    [300.5, false],
  ])('saLifetimeSeconds %d is accepted: %s', (saLifetimeSeconds, accepted) => {
    const { site } = testClinic();
    const create = () =>
      new SiteToSiteVpn(site, 'to-practice', {
        remote: practiceLan,
        sharedKey: keyVaultKey(),
        ipsec: { saLifetimeSeconds },
      });
    if (accepted) {
      expect(create).not.toThrow();
      expect(synth(site)).toHaveResourceWithProperties(VirtualNetworkGatewayConnection, {
        ipsec_policy: objectContaining({ sa_lifetime: saLifetimeSeconds }),
      });
    } else {
      expect(create).toThrow(
        `[VPN-INVALID] invalid VPN link to-practice — got saLifetimeSeconds ${saLifetimeSeconds}, expected a whole number from 300 to 172799`,
      );
    }
  });

  test('a variable that is not sensitive', () => {
    const { site } = testClinic();
    const variable = new TerraformVariable(site, 'vpn_key', { type: 'string' });
    expect(() => SharedKey.fromSensitiveVariable(variable)).toThrow(
      /\[VPN-KEY-VARIABLE-NOT-SENSITIVE\] .* got variable "vpn_key" with sensitive unset/,
    );
  });

  test('a sensitive variable with a default (the key would be written to cdk.tf.json)', () => {
    const { site } = testClinic();
    const variable = new TerraformVariable(site, 'vpn_key', {
      type: 'string',
      sensitive: true,
      default: 'not-a-real-key',
    });
    expect(() => SharedKey.fromSensitiveVariable(variable)).toThrow(
      /\[VPN-KEY-VARIABLE-DEFAULT\] shared-key variable has a default — got variable "vpn_key" with a default value, expected no default/,
    );
  });

  test('a site without a GatewaySubnet', () => {
    const { site } = testClinic({ gatewaySubnet: undefined });
    expect(() => new SiteToSiteVpn(site, 'to-practice', { remote: practiceLan, sharedKey: keyVaultKey() })).toThrow(
      /\[SITE-GATEWAY-SUBNET-MISSING\] site clinic has no GatewaySubnet/,
    );
  });
});

describe('flows over a VPN between two estate sites', () => {
  function linked() {
    const { estate } = testEstate();
    const hub = new ClinicSite(estate, 'hub', { ...clinicProps(10), kind: 'hub' });
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(30));
    const toHub = new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: keyVaultKey() });
    new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: keyVaultKey() });
    clinic.allowEgressToAddresses({
      name: 'hl7',
      addresses: [Cidr.parse('10.10.1.10/32')],
      ports: [Port.tcp(2575)],
      app: 'mllp',
      purpose: 'HL7 to the hub engine',
      viaVpn: toHub,
    });
    return { hub, clinic };
  }

  test("the receiving site admits the sender's workload prefixes on its firewall, recorded on its link back", () => {
    const { hub, clinic } = linked();
    const arrival = modelOf(hub).egress.find((f) => f.name === 'from-clinic-hl7');
    expect(arrival).toMatchObject({
      collection: 'inbound-from-vpn',
      ruleKind: 'network',
      sources: clinic.sourcePrefixes(),
      addresses: ['10.10.1.10/32'],
      ports: ['2575'],
      appProtocol: 'mllp',
      viaVpn: 'cn-hub-to-clinic',
    });
    expect(modelOf(clinic).egress.map((f) => f.name)).toEqual(['hl7']);
  });

  test("the hub's link back may come after the flow: the arrival is still recorded and annotated with it", () => {
    const { estate } = testEstate();
    const hub = new ClinicSite(estate, 'hub', { ...clinicProps(10), kind: 'hub' });
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(30));
    const toHub = new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: keyVaultKey() });
    clinic.allowEgressToAddresses({
      name: 'hl7',
      addresses: [Cidr.parse('10.10.1.10/32')],
      ports: [Port.tcp(2575)],
      app: 'mllp',
      purpose: 'HL7 to the hub engine',
      viaVpn: toHub,
    });
    new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: keyVaultKey() });
    expect(modelOf(hub).egress.find((f) => f.name === 'from-clinic-hl7')?.viaVpn).toBe('cn-hub-to-clinic');
    const rule = ruleCollectionGroups(synth(hub))
      .flatMap((g) => g.network_rule_collection ?? [])
      .flatMap((c) => c.rule)
      .find((r) => r.name === 'from-clinic-hl7');
    expect(decodeAnnotations(rule?.description).vpn).toBe('cn-hub-to-clinic');
  });

  test('without a link back, the arrival is recorded without one', () => {
    const { estate } = testEstate();
    const hub = new ClinicSite(estate, 'hub', { ...clinicProps(10), kind: 'hub' });
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(30));
    const toHub = new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: keyVaultKey() });
    clinic.allowEgressToAddresses({
      name: 'hl7',
      addresses: [Cidr.parse('10.10.1.10/32')],
      ports: [Port.tcp(2575)],
      app: 'mllp',
      purpose: 'HL7 to the hub engine',
      viaVpn: toHub,
    });
    const arrival = modelOf(hub).egress.find((f) => f.name === 'from-clinic-hl7');
    expect(arrival).toBeDefined();
    expect(arrival).not.toHaveProperty('viaVpn');
  });

  test("the arrival rule is emitted in the hub's inbound group, ahead of its egress rules", () => {
    const { hub } = linked();
    const collection = ruleCollectionGroups(synth(hub))
      .flatMap((g) => g.network_rule_collection ?? [])
      .find((c) => c.name === 'inbound-from-vpn');
    expect(collection).toMatchObject({ priority: 120, action: 'Allow' });
    expect(collection?.rule.map((r) => [r.name, r.destination_addresses, r.destination_ports])).toEqual([
      ['from-clinic-hl7', ['10.10.1.10/32'], ['2575']],
    ]);
  });
});
