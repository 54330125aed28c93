// SPDX-License-Identifier: Apache-2.0
/**
 * The example estate: a hub with a custo evaluation centre and an imaging gateway, a NSW
 * general practice in the Lumos program, a Texas paediatric clinic reporting to ImmTrac,
 * and a cardiology practice sending custo recordings to the hub over a VPN.
 * Hostnames and ports come from the vendors' documents (see docs/constructs.md).
 */
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import {
  ClinicEstate,
  ClinicSite,
  NatEgress,
  ProxyBypassList,
  SharedKey,
  SiteToSiteVpn,
  type StateBackendProps,
} from '../lib/constructs';
import { Cidr } from '../lib/net/cidr';
import { Fqdn } from '../lib/net/fqdn';
import { Port } from '../lib/net/port';

const cidr = (text: string) => Cidr.parse(text);
const fqdn = (text: string) => Fqdn.parse(text);

/** Address of the HL7 integration engine in the hub, reached over the VPN (MLLP). */
const HUB_HL7_ENGINE = cidr('10.10.3.10/32');
/** Address of the custo diagnostics server of the evaluation centre. */
const HUB_CUSTO_SERVER = cidr('10.10.1.20/32');
/** IANA's registered port for HL7 over MLLP. */
const MLLP_PORT = Port.tcp(2575);
/** custo diagnostics SSL port (the default of 8443, 18443 and 28443). */
const CUSTO_SSL_PORT = 8443;

/** A Key Vault secret holding a VPN key; the vault id is a per-stack variable. */
function vpnKey(site: ClinicSite, secretName: string): SharedKey {
  let vault = site.node.tryFindChild('key_vault_id') as TerraformVariable | undefined;
  vault ??= new TerraformVariable(site, 'key_vault_id', {
    type: 'string',
    description: 'Resource id of the Key Vault holding the VPN shared keys',
  });
  return SharedKey.fromKeyVaultSecret({ keyVaultId: vault.stringValue, secretName });
}

/** Builds the example estate in `scope` (the App). */
export function buildExampleEstate(scope: Construct, backend?: StateBackendProps): ClinicEstate {
  const estate = new ClinicEstate(scope, 'estate', { name: 'cnexample' });
  const withBackend = backend && { backend };

  const hub = new ClinicSite(estate, 'hub', {
    kind: 'hub',
    region: 'australiaeast',
    addressSpace: [cidr('10.10.0.0/16')],
    firewallSubnet: cidr('10.10.0.0/26'),
    gatewaySubnet: cidr('10.10.0.64/27'),
    workloadSubnets: [
      { name: 'evaluation-centre', prefix: cidr('10.10.1.0/24') },
      { name: 'imaging-gateway', prefix: cidr('10.10.2.0/24'), role: 'imaging-gateway' },
      { name: 'integration', prefix: cidr('10.10.3.0/24') },
    ],
    packs: ['custo', 'hl7', 'onepacs'],
    vendor: {
      custo: { role: 'centre', mode: 'vpn', sslPort: CUSTO_SSL_PORT },
      onepacs: { gatewayAddress: '10.10.2.10' },
    },
    ...withBackend,
  });
  hub.allowEgress({
    name: 'custo-cloud',
    fqdns: [fqdn('kybe.customed.de'), fqdn('letsencrypt.org')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: "custo cloud server login and the Let's Encrypt chain the DynDNS certificate needs",
    requirement: 'CUSTO-CLOUD-EGRESS',
    sourceSubnets: ['evaluation-centre'],
  });
  new ProxyBypassList(hub, 'custo', {
    hosts: [
      {
        host: fqdn('*.customed.de'),
        reason: 'custo transfers break when the TLS chain is opened',
        requirement: 'CUSTO-NO-TLS-INSPECT',
      },
    ],
  });
  new NatEgress(hub, 'internet', { idleTimeoutMinutes: 10 });

  const nsw = new ClinicSite(estate, 'nsw-gp-parramatta', {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [cidr('10.20.0.0/16')],
    firewallSubnet: cidr('10.20.0.0/26'),
    workloadSubnets: [{ name: 'practice', prefix: cidr('10.20.1.0/24') }],
    packs: ['lumos'],
    vendor: { lumos: { extractionHostOs: 'Windows Server 2019' } },
    ...withBackend,
  });
  // Exactly the flows the Lumos pack requires, by hostname (TCP 443, 991 and 3000-3010).
  nsw.allowVendor('lumos');
  new NatEgress(nsw, 'internet', { idleTimeoutMinutes: 10 });

  const texas = new ClinicSite(estate, 'tx-paediatrics-austin', {
    kind: 'clinic',
    region: 'southcentralus',
    addressSpace: [cidr('10.30.0.0/16')],
    firewallSubnet: cidr('10.30.0.0/26'),
    gatewaySubnet: cidr('10.30.0.64/27'),
    workloadSubnets: [{ name: 'clinical', prefix: cidr('10.30.1.0/24') }],
    packs: ['hl7', 'immtrac'],
    vendor: { hl7: { agents: 1 } },
    ...withBackend,
  });
  // ImmTrac over implicit FTPS (990 and the passive range 5000-5010), by hostname.
  texas.allowVendor('immtrac', { method: 'FTPS' });
  new NatEgress(texas, 'internet', { idleTimeoutMinutes: 10 });
  const texasToHub = new SiteToSiteVpn(texas, 'to-hub', {
    remote: { site: hub },
    sharedKey: vpnKey(texas, 'vpn-hub-tx-paediatrics-austin'),
  });
  new SiteToSiteVpn(hub, 'to-tx-paediatrics-austin', {
    remote: { site: texas },
    sharedKey: vpnKey(hub, 'vpn-hub-tx-paediatrics-austin'),
  });
  texas.allowEgressToAddresses({
    name: 'hl7-to-hub',
    addresses: [HUB_HL7_ENGINE],
    ports: [MLLP_PORT],
    app: 'mllp',
    purpose: 'HL7 v2 results and immunisation messages to the hub integration engine, inside the VPN',
    requirement: 'HL7-ENCRYPTED',
    viaVpn: texasToHub,
  });

  const cardiology = new ClinicSite(estate, 'cardiology-geelong', {
    kind: 'clinic',
    region: 'australiasoutheast',
    addressSpace: [cidr('10.40.0.0/16')],
    firewallSubnet: cidr('10.40.0.0/26'),
    gatewaySubnet: cidr('10.40.0.64/27'),
    workloadSubnets: [{ name: 'practice', prefix: cidr('10.40.1.0/24') }],
    packs: ['custo'],
    explicitProxy: {},
    vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'hub', sslPort: CUSTO_SSL_PORT } },
    ...withBackend,
  });
  const cardiologyToHub = new SiteToSiteVpn(cardiology, 'to-hub', {
    remote: { site: hub },
    sharedKey: vpnKey(cardiology, 'vpn-hub-cardiology-geelong'),
  });
  new SiteToSiteVpn(hub, 'to-cardiology-geelong', {
    remote: { site: cardiology },
    sharedKey: vpnKey(hub, 'vpn-hub-cardiology-geelong'),
  });
  cardiology.allowEgressToAddresses({
    name: 'custo-to-centre',
    addresses: [HUB_CUSTO_SERVER],
    ports: [Port.tcp(CUSTO_SSL_PORT)],
    app: 'https',
    purpose: 'custo diagnostic recordings to the evaluation centre, inside the VPN',
    requirement: 'CUSTO-MODE',
    viaVpn: cardiologyToHub,
  });
  cardiology.allowEgress({
    name: 'custo-cloud',
    fqdns: [fqdn('kybe.customed.de')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: 'custo cloud server login',
    requirement: 'CUSTO-CLOUD-EGRESS',
  });
  new ProxyBypassList(cardiology, 'custo', {
    hosts: [
      {
        host: fqdn('*.customed.de'),
        reason: 'custo transfers break when the TLS chain is opened',
        requirement: 'CUSTO-NO-TLS-INSPECT',
      },
    ],
  });
  new NatEgress(cardiology, 'internet', { idleTimeoutMinutes: 10 });
  return estate;
}
