// SPDX-License-Identifier: Apache-2.0
/**
 * The round trip: what the reader rebuilds from an app's own App.synth output equals what it
 * rebuilds from the gate's staged synth (test/constructs/read-back.ts), so the gate sees what
 * Terraform will apply. Unknown values compare as unknown (a token's text
 * and its synthesized `${…}` form differ).
 */
import * as fc from 'fast-check';
import { TerraformVariable, Testing } from 'cdktf';
import { ClinicSite } from '../../lib/constructs/clinic-site';
import type { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { PortForward } from '../../lib/constructs/port-forward';
import { ProxyBypassList } from '../../lib/constructs/proxy-bypass-list';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../lib/constructs/site-to-site-vpn';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { TlsVersion } from '../../lib/net/tls-version';
import { readTerraformInput } from '../../lib/terraform';
import { buildExampleEstate } from '../../stacks/estate';
import { normaliseUnknowns, quietEstate, synthToDir } from './util';
import { modelOf } from '../constructs/read-back';

const KEY_VAULT =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-acme';

/** An estate like the example, using every construct and option the reader must get back. */
function exampleEstate(estate: ClinicEstate): void {
  const hub = new ClinicSite(estate, 'hub', {
    kind: 'hub',
    region: 'australiaeast',
    addressSpace: [Cidr.parse('10.0.0.0/16')],
    workloadSubnets: [
      { name: 'evaluation', prefix: Cidr.parse('10.0.1.0/24') },
      { name: 'imaging', prefix: Cidr.parse('10.0.2.0/24'), role: 'imaging-gateway' },
    ],
    firewallSubnet: Cidr.parse('10.0.250.0/26'),
    gatewaySubnet: Cidr.parse('10.0.251.0/27'),
    firewallTier: 'Premium',
    tlsInspection: {
      caCertificateSecretId: 'https://kv-acme.vault.azure.net/secrets/inspection-ca',
      identityId: `${KEY_VAULT}/identity`,
      minTlsVersion: TlsVersion.V1_2,
    },
    packs: ['custo', 'onepacs'],
    vendor: { custo: { role: 'centre', mode: 'vpn', sslPort: 8443 } },
  });
  hub.allowEgress({
    name: 'custo-cloud',
    fqdns: [Fqdn.parse('kybe.customed.de'), Fqdn.parse('letsencrypt.org')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: 'custo cloud server',
    requirement: 'CUSTO-CLOUD-EGRESS',
  });
  new ProxyBypassList(hub, 'custo', {
    hosts: [
      {
        host: Fqdn.parse('*.customed.de'),
        reason: 'custo RDT must not be inspected',
        requirement: 'CUSTO-NO-TLS-INSPECT',
      },
    ],
  });
  new PortForward(hub, 'custo-rdt', {
    externalPort: Port.tcp(8443),
    internalAddress: '10.0.1.10',
    sources: [Cidr.parse('203.0.113.0/24')],
    reason: 'cardiology practices send recordings',
    requirement: 'CUSTO-INBOUND-PORT',
  });
  new NatEgress(hub, 'egress', { idleTimeoutMinutes: 10 });

  const gp = new ClinicSite(estate, 'nsw-gp-parramatta', {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse('10.1.0.0/16')],
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse('10.1.1.0/24') }],
    firewallSubnet: Cidr.parse('10.1.250.0/26'),
    packs: ['lumos'],
    proxyAppliance: { kind: 'http', endpoint: 'proxy.parramatta.local:3128', minTlsVersion: TlsVersion.V1_2 },
    vendor: { lumos: { extractionHostOs: 'Windows Server 2019' } },
  });
  gp.allowEgress({
    name: 'lumos-portal',
    fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: 'Lumos portal',
    requirement: 'LUMOS-EGRESS-443',
  });
  gp.allowEgress({
    name: 'lumos-ftps-control',
    fqdns: [Fqdn.parse('csu.cherel.org.au')],
    ports: [Port.tcp(991)],
    app: 'ftps-implicit',
    purpose: 'Lumos FTPS control',
    requirement: 'LUMOS-EGRESS-991',
  });
  gp.allowEgress({
    name: 'lumos-ftps-data',
    fqdns: [Fqdn.parse('csu.cherel.org.au')],
    ports: [Port.tcpRange(3000, 3010)],
    app: 'ftps-implicit',
    purpose: 'Lumos FTPS data',
    requirement: 'LUMOS-EGRESS-DATA',
  });
  new NatEgress(gp, 'egress', { publicIpCount: 2, publicIpPrefixLength: 31 });

  const tx = new ClinicSite(estate, 'tx-paeds-austin', {
    kind: 'clinic',
    region: 'southcentralus',
    addressSpace: [Cidr.parse('10.2.0.0/16')],
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse('10.2.1.0/24') }],
    firewallSubnet: Cidr.parse('10.2.250.0/26'),
    gatewaySubnet: Cidr.parse('10.2.251.0/27'),
    packs: ['hl7', 'immtrac'],
    dnsServers: ['168.63.129.16'],
  });
  tx.allowEgress({
    name: 'immtrac-ftps',
    fqdns: [Fqdn.parse('immtrac-ftp1.dshs.state.tx.us')],
    ports: [Port.tcp(990)],
    app: 'ftps-implicit',
    purpose: 'ImmTrac upload',
    requirement: 'IMMTRAC-METHOD',
  });
  tx.allowEgress({
    name: 'immtrac-ftps-data',
    fqdns: [Fqdn.parse('immtrac-ftp1.dshs.state.tx.us')],
    ports: [Port.tcpRange(5000, 5010)],
    app: 'ftps-implicit',
    purpose: 'ImmTrac passive data',
    requirement: 'IMMTRAC-METHOD',
  });
  new NatEgress(tx, 'egress', { idleTimeoutMinutes: 4 });
  const psk = new TerraformVariable(tx, 'hub_vpn_key', { type: 'string', sensitive: true });
  const toHub = new SiteToSiteVpn(tx, 'to-hub', {
    remote: { site: hub },
    sharedKey: SharedKey.fromSensitiveVariable(psk),
  });
  tx.allowEgressToAddresses({
    name: 'hl7-results',
    addresses: [Cidr.parse('10.0.1.0/24')],
    ports: [Port.tcp(6661)],
    app: 'mllp',
    purpose: 'HL7 results to the hub',
    requirement: 'HL7-ENCRYPTED',
    viaVpn: toHub,
  });

  const cardio = new ClinicSite(estate, 'cardiology-north', {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse('10.3.0.0/16')],
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse('10.3.1.0/24') }],
    firewallSubnet: Cidr.parse('10.3.250.0/26'),
    gatewaySubnet: Cidr.parse('10.3.251.0/27'),
    packs: ['custo'],
    vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'hub' } },
  });
  new SiteToSiteVpn(cardio, 'to-branch', {
    remote: { name: 'branch', gatewayAddress: '198.51.100.7', prefixes: [Cidr.parse('192.168.10.0/24')] },
    sharedKey: SharedKey.fromKeyVaultSecret({ keyVaultId: KEY_VAULT, secretName: 'vpn-cardiology-branch' }),
    ipsec: { dhGroup: 'ECP256', pfsGroup: 'ECP256' },
    bgp: { localAsn: 65010, peerAsn: 65020, peerAddress: '192.168.10.1' },
  });
  new SiteToSiteVpn(cardio, 'to-hub', {
    remote: { site: hub },
    sharedKey: SharedKey.fromKeyVaultSecret({ keyVaultId: KEY_VAULT, secretName: 'vpn-cardiology-hub' }),
    bgp: { localAsn: 65010, peerAsn: 65000, peerAddress: '10.0.251.30' },
  });
  new SiteToSiteVpn(hub, 'to-cardiology', {
    remote: { site: cardio },
    sharedKey: SharedKey.fromKeyVaultSecret({ keyVaultId: KEY_VAULT, secretName: 'vpn-cardiology-hub' }),
  });
  new ProxyBypassList(cardio, 'custo', {
    hosts: [
      {
        host: Fqdn.parse('*.customed.de'),
        reason: 'custo RDT must not be inspected',
        requirement: 'CUSTO-NO-TLS-INSPECT',
      },
    ],
  });
  new NatEgress(cardio, 'egress', {});
}

describe('round trip: constructs → synth → reader', () => {
  test('the example estate of stacks/ reads back, through App.synth, as the gate\'s staged synth reads it', () => {
    const app = Testing.app();
    const estate = buildExampleEstate(app);
    const recorded = modelOf(estate);
    const dir = synthToDir(app);
    const read = readTerraformInput(dir);
    expect(read.problems).toEqual([]);
    expect(read.model.sites.length).toBeGreaterThanOrEqual(4);
    expect(normaliseUnknowns(read.model)).toEqual(normaliseUnknowns(recorded));
  });

  test('an estate using every construct reads back, through App.synth, as the gate\'s staged synth reads it', () => {
    const { app, estate } = quietEstate();
    exampleEstate(estate);
    const recorded = modelOf(estate);
    const read = readTerraformInput(synthToDir(app));
    expect(read.kind).toBe('cdktf-out');
    expect(read.problems).toEqual([]);
    expect(normaliseUnknowns(read.model)).toEqual(normaliseUnknowns(recorded));
    // The comparison is not vacuous: every kind of element is present.
    const sites = read.model.sites;
    expect(sites.map((s) => s.name)).toEqual(['cardiology-north', 'hub', 'nsw-gp-parramatta', 'tx-paeds-austin']);
    expect(
      sites
        .flatMap((s) => s.vpnLinks)
        .map((l) => l.sharedKey.source)
        .sort(),
    ).toEqual(['key-vault-secret', 'key-vault-secret', 'key-vault-secret', 'sensitive-variable']);
    expect(sites.find((s) => s.name === 'hub')?.inbound.map((f) => f.externalPort)).toEqual(['8443']);
    expect(sites.find((s) => s.name === 'nsw-gp-parramatta')?.natEgress[0].publicIps).toHaveLength(2);
  });

  // Random sites: workload subnets, hostname and address flows, NAT, forwards, bypass, VPN.
  const siteArbitrary = fc.record({
    octet: fc.integer({ min: 10, max: 200 }),
    region: fc.constantFrom('australiaeast', 'southcentralus', 'westeurope'),
    subnets: fc.integer({ min: 1, max: 3 }),
    tier: fc.constantFrom<'Standard' | 'Premium'>('Standard', 'Premium'),
    flows: fc.array(
      fc.record({
        app: fc.constantFrom<'https' | 'http' | 'ftps-implicit' | 'sftp' | 'mllp'>(
          'https',
          'http',
          'ftps-implicit',
          'sftp',
          'mllp',
        ),
        host: fc.constantFrom(
          'csu.cherel.org.au',
          'authentigate.cherel.org.au',
          'immtrac-ftp1.dshs.state.tx.us',
          'lab.example.org',
        ),
        port: fc.integer({ min: 1, max: 9000 }),
        range: fc.integer({ min: 0, max: 10 }),
        byAddress: fc.boolean(),
        requirement: fc.option(fc.constantFrom('LUMOS-EGRESS-991', 'IMMTRAC-METHOD'), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    nat: fc.option(
      fc.record({
        idle: fc.integer({ min: 4, max: 120 }),
        ips: fc.integer({ min: 1, max: 3 }),
        prefix: fc.option(fc.integer({ min: 28, max: 31 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    forward: fc.option(fc.record({ port: fc.integer({ min: 1024, max: 65000 }), anySource: fc.boolean() }), {
      nil: undefined,
    }),
    bypass: fc.boolean(),
    vpn: fc.option(fc.record({ keyVault: fc.boolean(), bgp: fc.boolean(), fqdn: fc.boolean() }), { nil: undefined }),
  });

  test('random sites read back as the model their constructs record', () => {
    fc.assert(
      fc.property(siteArbitrary, (spec) => {
        const { app, estate } = quietEstate();
        const net = (third: number, suffix: string) => Cidr.parse(`10.${spec.octet}.${third}.${suffix}`);
        const site = new ClinicSite(estate, `clinic-${spec.octet}`, {
          kind: 'clinic',
          region: spec.region,
          addressSpace: [net(0, '0/16')],
          workloadSubnets: Array.from({ length: spec.subnets }, (_, i) => ({
            name: `workload-${i}`,
            prefix: net(i + 1, '0/24'),
          })),
          firewallSubnet: net(250, '0/26'),
          gatewaySubnet: net(251, '0/27'),
          firewallTier: spec.tier,
          ...(spec.tier === 'Premium' &&
            spec.bypass && {
              tlsInspection: {
                caCertificateSecretId: 'https://kv.vault.azure.net/secrets/ca',
                identityId: `${KEY_VAULT}/identity`,
              },
            }),
        });
        spec.flows.forEach((flow, i) => {
          const ranged = flow.range > 0 && !['https', 'http'].includes(flow.app);
          const ports = [ranged ? Port.tcpRange(flow.port, flow.port + flow.range) : Port.tcp(flow.port)];
          const common = {
            name: `flow-${i}`,
            ports,
            app: flow.app,
            purpose: `flow ${i} to ${flow.host}`,
            requirement: flow.requirement,
          };
          if (flow.byAddress)
            site.allowEgressToAddresses({ ...common, addresses: [Cidr.parse(`203.0.113.${i * 8}/29`)] });
          else site.allowEgress({ ...common, fqdns: [Fqdn.parse(flow.host)] });
        });
        if (spec.nat)
          new NatEgress(site, 'egress', {
            idleTimeoutMinutes: spec.nat.idle,
            publicIpCount: spec.nat.ips,
            publicIpPrefixLength: spec.nat.prefix,
          });
        if (spec.forward) {
          new PortForward(site, 'forward', {
            externalPort: Port.tcp(spec.forward.port),
            internalAddress: `10.${spec.octet}.1.20`,
            sources: spec.forward.anySource ? 'any' : [Cidr.parse('198.51.100.0/24')],
            reason: 'vendor support connects in',
          });
        }
        if (spec.bypass)
          new ProxyBypassList(site, 'pinned', {
            hosts: [{ host: Fqdn.parse('*.customed.de'), reason: 'pinned certificate' }],
          });
        if (spec.vpn) {
          const key = spec.vpn.keyVault
            ? SharedKey.fromKeyVaultSecret({ keyVaultId: KEY_VAULT, secretName: 'vpn-key' })
            : SharedKey.fromSensitiveVariable(
                new TerraformVariable(site, 'vpn_key', { type: 'string', sensitive: true }),
              );
          new SiteToSiteVpn(site, 'to-partner', {
            remote: spec.vpn.fqdn
              ? {
                  name: 'partner',
                  gatewayFqdn: Fqdn.parse('vpn.partner.example.org'),
                  prefixes: [Cidr.parse('192.168.50.0/24')],
                }
              : {
                  name: 'partner',
                  gatewayAddress: '198.51.100.9',
                  prefixes: [Cidr.parse('192.168.50.0/24'), Cidr.parse('192.168.51.0/24')],
                },
            sharedKey: key,
            ...(spec.vpn.bgp && { bgp: { localAsn: 65001, peerAsn: 65002, peerAddress: '192.168.50.1' } }),
          });
        }
        const recorded = modelOf(estate);
        const read = readTerraformInput(synthToDir(app));
        expect(read.problems).toEqual([]);
        expect(normaliseUnknowns(read.model)).toEqual(normaliseUnknowns(recorded));
      }),
      { numRuns: 6, seed: 20260101 },
    );
  });
});
