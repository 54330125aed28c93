// SPDX-License-Identifier: Apache-2.0
/** Constructs choose what Azure accepts: regions from the table, gateway SKU/generation from the matrix, DNS through the firewall. */
import { ClinicSite, NatEgress, SharedKey, SiteToSiteVpn } from '../../lib/constructs';
import { evaluate } from '../../lib/policy/engine';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { clinicProps, onlyResource, resourcesOf, synth, testClinic, testEstate } from './util';
import { modelOf } from './read-back';

const key = () => SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/kv', secretName: 'vpn-key' });
const lan = { name: 'practice-router', gatewayAddress: '203.0.113.10', prefixes: [Cidr.parse('192.168.10.0/24')] };

function gatewayOf(overrides: Parameters<typeof testClinic>[0]): Record<string, unknown> {
  const { site } = testClinic(overrides);
  new SiteToSiteVpn(site, 'to-practice', { remote: lan, sharedKey: key() });
  return onlyResource(synth(site), 'azurerm_virtual_network_gateway');
}

describe('regions come from the region table', () => {
  test('a display name is accepted and every resource is placed under the normalised name', () => {
    const { site } = testClinic({ region: 'Australia East' });
    expect(site.region).toBe('australiaeast');
    const parsed = JSON.parse(synth(site)) as { resource: Record<string, Record<string, { location?: string }>> };
    const locations = Object.values(parsed.resource).flatMap((byId) =>
      Object.values(byId).flatMap((r) => (r.location === undefined ? [] : [r.location])),
    );
    expect(locations.length).toBeGreaterThan(3);
    expect(new Set(locations)).toEqual(new Set(['australiaeast']));
  });

  test('a name that is not a region is refused with one line before anything is emitted', () => {
    const { estate } = testEstate();
    expect(() => new ClinicSite(estate, 'clinic', clinicProps(1, { region: 'atlantis' }))).toThrow(
      /^\[SITE-REGION-INVALID\] invalid Azure region — got "atlantis", expected a region of lib\/model\/azure\/regions.json[^\n]*$/,
    );
    expect(estate.node.children.filter((c) => c instanceof ClinicSite)).toEqual([]);
  });
});

describe('the VPN gateway SKU and generation come from the matrix', () => {
  test('default: VpnGw1AZ with Generation1 (the only generation it allows)', () => {
    expect(gatewayOf({})).toMatchObject({ sku: 'VpnGw1AZ', generation: 'Generation1' });
  });

  test('a larger AZ SKU gets the newest generation it allows', () => {
    expect(gatewayOf({ vpnGateway: { sku: 'VpnGw2AZ' } })).toMatchObject({
      sku: 'VpnGw2AZ',
      generation: 'Generation2',
    });
    expect(gatewayOf({ vpnGateway: { sku: 'vpngw3az', generation: 'Generation1' } })).toMatchObject({
      sku: 'VpnGw3AZ',
      generation: 'Generation1',
    });
  });

  test.each([
    [{ sku: 'VpnGw1AZ', generation: 'Generation2' as const }, 'VpnGw1AZ with Generation2', 'VpnGw1AZ with Generation1'],
    [{ sku: 'VpnGw2' }, 'VpnGw2 with Generation2', 'an AZ SKU or Basic'],
    [{ sku: 'VpnGw9AZ' }, 'VpnGw9AZ with Generation1', 'one of Basic, VpnGw1AZ'],
  ])('%j is refused at construction with one line', (vpnGateway, got, expected) => {
    const { estate } = testEstate();
    let message = '';
    try {
      new ClinicSite(estate, 'clinic', clinicProps(1, { vpnGateway }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(
      `[SITE-VPN-GATEWAY-SKU] VPN gateway of site clinic cannot be created — got ${got}, expected ${expected}`,
    );
    expect(message).not.toContain('\n');
  });
});

describe('DNS: clients resolve through the firewall when its DNS proxy is on', () => {
  const sftp = {
    name: 'registry-sftp',
    fqdns: [Fqdn.parse('sftp.registry.example.org')],
    ports: [Port.tcp(22)],
    app: 'sftp' as const,
    purpose: 'registry upload',
  };

  test('a network rule by FQDN adds azurerm_virtual_network_dns_servers pointing at the firewall, not dns_servers on the VNet', () => {
    const { site } = testClinic();
    site.allowEgress(sftp);
    site.allowEgress({ ...sftp, name: 'second', fqdns: [Fqdn.parse('b.registry.example.org')] });
    const out = synth(site);
    const dns = onlyResource(out, 'azurerm_virtual_network_dns_servers');
    expect(dns.virtual_network_id).toBe('${azurerm_virtual_network.vnet.id}');
    expect(dns.dns_servers).toEqual(['${azurerm_firewall.firewall.ip_configuration[0].private_ip_address}']);
    expect(onlyResource(out, 'azurerm_virtual_network').dns_servers).toBeUndefined();
    expect(onlyResource(out, 'azurerm_firewall_policy').dns).toMatchObject({ proxy_enabled: true });
  });

  test('without the DNS proxy the VNet keeps Azure DNS', () => {
    const { site } = testClinic();
    site.allowEgress({ ...sftp, ports: [Port.tcp(443)], app: 'https' });
    expect(resourcesOf(synth(site), 'azurerm_virtual_network_dns_servers')).toEqual({});
  });
});

describe('an estate in a region without availability zones', () => {
  test('synthesizes with no zones anywhere, a creatable gateway, and no azure-pack finding', () => {
    const { estate } = testEstate();
    const region = 'australiasoutheast';
    const hub = new ClinicSite(estate, 'hub', clinicProps(1, { kind: 'hub', region }));
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(2, { region: 'Australia Southeast' }));
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: key() });
    new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: key() });
    for (const site of [hub, clinic]) {
      const out = synth(site);
      expect(out).not.toContain('"zones"');
      expect(onlyResource(out, 'azurerm_virtual_network_gateway')).toMatchObject({ generation: 'Generation1' });
    }
    const azure = evaluate(modelOf(estate)).findings.filter((f) => /^AZURE-/.test(f.requirement));
    expect(azure).toEqual([]);
  });
});

describe('public addresses are Terraform outputs', () => {
  test("the firewall's, each NAT gateway's and the VPN gateway's public IPs, by stable names", () => {
    const { site } = testClinic();
    new NatEgress(site, 'internet', { publicIpCount: 2 });
    new SiteToSiteVpn(site, 'to-practice', { remote: lan, sharedKey: key() });
    const outputs = (JSON.parse(synth(site)) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.firewall_public_ip.value).toBe('${azurerm_public_ip.firewall-ip.ip_address}');
    expect(outputs.vpn_gateway_public_ip.value).toBe('${azurerm_public_ip.vpn-gateway_public-ip_3A468520.ip_address}');
    expect(outputs.nat_internet_public_ips.value).toEqual([
      expect.stringMatching(/^\$\{azurerm_public_ip\.internet_public-ip-1_[0-9A-F]+\.ip_address\}$/),
      expect.stringMatching(/^\$\{azurerm_public_ip\.internet_public-ip-2_[0-9A-F]+\.ip_address\}$/),
    ]);
  });
});
