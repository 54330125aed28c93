// SPDX-License-Identifier: Apache-2.0
/**
 * Estates of N clinics built with the real constructs, for the gate, synth and check
 * benchmarks. Seeded: the same N and seed give the same estate, so runs compare.
 *
 * Every 25 clinics share a hub (a custo evaluation centre with an HL7 integration engine);
 * each clinic has 2–3 vendor packs, the flows those packs need (through `allowVendor`
 * where the pack lists them), a site-to-site VPN to its hub (both ends) and NAT egress.
 */
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { ClinicEstate, ClinicSite, NatEgress, ProxyBypassList, SharedKey, SiteToSiteVpn } from '../lib/constructs';
import type { VendorPackId } from '../lib/model/types';
import { Cidr } from '../lib/net/cidr';
import { Fqdn } from '../lib/net/fqdn';
import { Port } from '../lib/net/port';
import { seededRandom } from './harness';

/** Clinics per hub: a VpnGw2 gateway takes 30 site-to-site tunnels; leave headroom. */
export const CLINICS_PER_HUB = 25;
/** Hubs get 172.16.0.0/12 in /20 blocks (256, enough for 4,096 clinics), clinics 10.0.0.0/8 in /20 blocks (4,096). */
const HUB_BASE = Cidr.parse('172.16.0.0/12').first;
const CLINIC_BASE = Cidr.parse('10.0.0.0/8').first;
const MAX_CLINICS = 4096;
/** IANA's registered port for HL7 over MLLP. */
const MLLP_PORT = Port.tcp(2575);
/** custo diagnostics SSL port (the default of 8443, 18443 and 28443). */
const CUSTO_SSL_PORT = 8443;
const REGIONS = ['australiaeast', 'australiasoutheast', 'southcentralus', 'eastus2'];

/**
 * Pack mixes clinics are drawn from (2–3 packs each). Every mix includes a pack whose
 * flows `allowVendor` emits or a flow to the hub, so each firewall has real rules.
 */
const PACK_MIXES: readonly (readonly VendorPackId[])[] = [
  ['hl7', 'lumos'],
  ['hl7', 'immtrac'],
  ['custo', 'lumos'],
  ['custo', 'hl7', 'lumos'],
  ['hl7', 'immtrac', 'lumos'],
];

/** What to build. */
export interface GeneratedEstateProps {
  /** Number of clinics (1–4,096); hubs are added, one per 25 clinics. */
  readonly clinics: number;
  /** @default 1 */
  readonly seed?: number;
}

/** A generated estate and how big it came out. */
export interface GeneratedEstate {
  readonly estate: ClinicEstate;
  readonly hubs: number;
  readonly clinics: number;
}

/** The block of 2^(32 - prefix) addresses at `index` above `base`. */
const block = (base: bigint, index: number, prefix: number, offset = 0n): Cidr =>
  Cidr.fromNumber(base + BigInt(index) * (1n << BigInt(32 - prefix)) + offset, prefix, 4);

/** A Key Vault secret holding a VPN key; the vault id is a per-stack variable. */
function vpnKey(site: ClinicSite, secretName: string): SharedKey {
  let vault = site.node.tryFindChild('key_vault_id') as TerraformVariable | undefined;
  vault ??= new TerraformVariable(site, 'key_vault_id', {
    type: 'string',
    description: 'Resource id of the Key Vault holding the VPN shared keys',
  });
  return SharedKey.fromKeyVaultSecret({ keyVaultId: vault.stringValue, secretName });
}

function buildHub(estate: ClinicEstate, index: number): ClinicSite {
  const space = block(HUB_BASE, index, 20);
  const at = (offset: bigint, prefix: number) => Cidr.fromNumber(space.first + offset, prefix, 4);
  const hub = new ClinicSite(estate, `hub-${index}`, {
    kind: 'hub',
    region: REGIONS[index % REGIONS.length],
    addressSpace: [space],
    firewallSubnet: at(0n, 26),
    gatewaySubnet: at(64n, 27),
    workloadSubnets: [
      { name: 'evaluation-centre', prefix: at(256n, 24) },
      { name: 'integration', prefix: at(512n, 24) },
    ],
    packs: ['custo', 'hl7'],
    vendor: { custo: { role: 'centre', mode: 'vpn', sslPort: CUSTO_SSL_PORT }, hl7: { agents: 2 } },
  });
  hub.allowVendor('custo');
  new ProxyBypassList(hub, 'custo', {
    hosts: [
      {
        host: Fqdn.parse('*.customed.de'),
        reason: 'custo transfers break when the TLS chain is opened',
        requirement: 'CUSTO-NO-TLS-INSPECT',
      },
    ],
  });
  new NatEgress(hub, 'internet', { idleTimeoutMinutes: 10 });
  return hub;
}

function buildClinic(
  estate: ClinicEstate,
  index: number,
  hub: ClinicSite,
  packs: readonly VendorPackId[],
  random: () => number,
): void {
  const space = block(CLINIC_BASE, index, 20);
  const at = (offset: bigint, prefix: number) => Cidr.fromNumber(space.first + offset, prefix, 4);
  const hubSpace = hub.addressSpace[0];
  const name = `clinic-${String(index).padStart(4, '0')}`;
  const custo = packs.includes('custo');
  const clinic = new ClinicSite(estate, name, {
    kind: 'clinic',
    region: hub.region,
    addressSpace: [space],
    firewallSubnet: at(0n, 26),
    gatewaySubnet: at(64n, 27),
    workloadSubnets: [
      { name: 'clinical', prefix: at(256n, 24) },
      { name: 'admin', prefix: at(512n, 24) },
    ],
    packs: [...packs],
    vendor: {
      ...(packs.includes('lumos') && {
        lumos: { extractionHostOs: random() < 0.5 ? 'Windows Server 2019' : 'Windows Server 2022' },
      }),
      ...(packs.includes('hl7') && { hl7: { agents: 2 } }),
      ...(custo && {
        custo: { role: 'sender' as const, mode: 'vpn' as const, centre: hub.siteName, sslPort: CUSTO_SSL_PORT },
      }),
    },
  });
  const toHub = new SiteToSiteVpn(clinic, 'to-hub', {
    remote: { site: hub },
    sharedKey: vpnKey(clinic, `vpn-${hub.siteName}-${name}`),
  });
  new SiteToSiteVpn(hub, `to-${name}`, {
    remote: { site: clinic },
    sharedKey: vpnKey(hub, `vpn-${hub.siteName}-${name}`),
  });
  for (const vendor of packs.filter((p) => p === 'lumos' || p === 'immtrac')) clinic.allowVendor(vendor);
  if (packs.includes('hl7')) {
    clinic.allowEgressToAddresses({
      name: 'hl7-to-hub',
      addresses: [Cidr.fromNumber(hubSpace.first + 512n + 10n, 32, 4)],
      ports: [MLLP_PORT],
      app: 'mllp',
      purpose: 'HL7 v2 results to the hub integration engine, inside the VPN',
      requirement: 'HL7-ENCRYPTED',
      viaVpn: toHub,
      sourceSubnets: ['clinical'],
    });
  }
  if (custo) {
    clinic.allowEgressToAddresses({
      name: 'custo-to-centre',
      addresses: [Cidr.fromNumber(hubSpace.first + 256n + 20n, 32, 4)],
      ports: [Port.tcp(CUSTO_SSL_PORT)],
      app: 'https',
      purpose: 'custo diagnostic recordings to the evaluation centre, inside the VPN',
      requirement: 'CUSTO-MODE',
      viaVpn: toHub,
      sourceSubnets: ['clinical'],
    });
    clinic.allowEgress({
      name: 'custo-cloud',
      fqdns: [Fqdn.parse('kybe.customed.de')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'custo cloud server login',
      requirement: 'CUSTO-CLOUD-EGRESS',
    });
    new ProxyBypassList(clinic, 'custo', {
      hosts: [
        {
          host: Fqdn.parse('*.customed.de'),
          reason: 'custo transfers break when the TLS chain is opened',
          requirement: 'CUSTO-NO-TLS-INSPECT',
        },
      ],
    });
  }
  new NatEgress(clinic, 'internet', { idleTimeoutMinutes: 10 });
}

/** Builds an estate of `props.clinics` clinics (and their hubs) in `scope`, normally an App. */
export function generateEstate(scope: Construct, props: GeneratedEstateProps): GeneratedEstate {
  if (!Number.isInteger(props.clinics) || props.clinics < 1 || props.clinics > MAX_CLINICS) {
    throw new RangeError(
      `generateEstate: clinics must be a whole number from 1 to ${MAX_CLINICS}, got ${props.clinics}`,
    );
  }
  const random = seededRandom(props.seed ?? 1);
  const estate = new ClinicEstate(scope, 'estate', { name: 'cnbench' });
  const hubs: ClinicSite[] = [];
  for (let i = 0; i < props.clinics; i++) {
    if (i % CLINICS_PER_HUB === 0) hubs.push(buildHub(estate, hubs.length));
    buildClinic(estate, i, hubs[hubs.length - 1], PACK_MIXES[Math.floor(random() * PACK_MIXES.length)], random);
  }
  return { estate, hubs: hubs.length, clinics: props.clinics };
}
