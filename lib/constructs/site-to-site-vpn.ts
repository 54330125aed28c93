// SPDX-License-Identifier: Apache-2.0
/**
 * A site-to-site IPsec link from a site's VPN gateway to another estate site or to an
 * external LAN (a practice router, a partner's data centre), with a custom IPsec/IKE policy.
 */
import { Construct } from 'constructs';
import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { defineError } from '../core/errors';
import { AZURE_RESERVED_RANGES } from '../net/address-plan';
import { Cidr, isIpAddress } from '../net/cidr';
import type { Fqdn } from '../net/fqdn';
import { TAG_SITE } from '../model/encoding';
import { checkAsn } from './bgp';
import type { ClinicSite } from './clinic-site';
import { SharedKey } from './shared-key';
import { isToken } from './values';
import { VpnGateway } from './vpn-gateway';
import { recordCallSite } from './call-site';

/** The far end is another site of the estate (it gets a VPN gateway too). */
export interface EstateRemoteProps {
  /** The site at the far end. */
  readonly site: ClinicSite;
}

/** The far end is outside the estate. Give exactly one of `gatewayAddress` and `gatewayFqdn`. */
export interface ExternalRemoteProps {
  /** Short name of the remote end (`practice-router`). */
  readonly name: string;
  /**
   * Public IPv4 address of the remote VPN device.
   * @default - use gatewayFqdn
   */
  readonly gatewayAddress?: string;
  /**
   * Hostname of the remote VPN device.
   * @default - use gatewayAddress
   */
  readonly gatewayFqdn?: Fqdn;
  /** LAN prefixes behind the remote device; they join the estate address plan. */
  readonly prefixes: Cidr[];
}

/** Custom IPsec/IKE policy; every field defaults to a strong choice. */
export interface IpsecPolicyProps {
  /**
   * IKE (phase 1) encryption.
   * @default 'GCMAES256'
   */
  readonly ikeEncryption?: string;
  /**
   * IKE (phase 1) integrity.
   * @default 'SHA256'
   */
  readonly ikeIntegrity?: string;
  /**
   * IKE Diffie-Hellman group.
   * @default 'DHGroup14'
   */
  readonly dhGroup?: string;
  /**
   * IPsec (phase 2) encryption.
   * @default 'GCMAES256'
   */
  readonly ipsecEncryption?: string;
  /**
   * IPsec (phase 2) integrity; GCM encryption needs the matching GCM integrity.
   * @default 'GCMAES256'
   */
  readonly ipsecIntegrity?: string;
  /**
   * Perfect-forward-secrecy group of phase 2.
   * @default 'PFS2048' (DH group 14)
   */
  readonly pfsGroup?: string;
  /**
   * Lifetime of a phase-2 security association, 300–172799 seconds.
   * @default 27000
   */
  readonly saLifetimeSeconds?: number;
}

/** BGP over the link. */
export interface VpnBgpProps {
  /** ASN of this site's gateway. */
  readonly localAsn: number;
  /** ASN of the remote device. */
  readonly peerAsn: number;
  /** BGP peering address of the remote device. */
  readonly peerAddress: string;
}

/** A site-to-site VPN link. */
export interface SiteToSiteVpnProps {
  /** The far end: another estate site, or a device outside the estate. */
  readonly remote: EstateRemoteProps | ExternalRemoteProps;
  /** Key Vault secret or sensitive variable; a literal key is rejected. */
  readonly sharedKey: SharedKey;
  /**
   * Custom IPsec/IKE policy; unset fields take strong defaults.
   * @default - the defaults of {@link IpsecPolicyProps}
   */
  readonly ipsec?: IpsecPolicyProps;
  /**
   * BGP over the link.
   * @default - static routing, no BGP
   */
  readonly bgp?: VpnBgpProps;
  /**
   * IKE version of the connection.
   * @default 'IKEv2'
   */
  readonly protocol?: 'IKEv2' | 'IKEv1';
}

/**
 * One declaration of a link between two estate sites ({@link SiteToSiteVpn.between}): both ends
 * take the same IKE version, IPsec/IKE policy and key.
 */
export interface EstateLinkProps {
  /**
   * The key of both ends. A Key Vault secret is read by each end in its own stack, so both use
   * the same secret; a sensitive variable belongs to one stack, so give a function that returns
   * each end's key (`(site) => SharedKey.fromSensitiveVariable(variableOf(site))`).
   */
  readonly sharedKey: SharedKey | ((site: ClinicSite) => SharedKey);
  /**
   * Custom IPsec/IKE policy of both ends; unset fields take strong defaults.
   * @default - the defaults of {@link IpsecPolicyProps}
   */
  readonly ipsec?: IpsecPolicyProps;
  /**
   * IKE version of both connections.
   * @default 'IKEv2'
   */
  readonly protocol?: 'IKEv2' | 'IKEv1';
  /**
   * Link ids at the first and at the second site.
   * @default - [`to-<second site>`, `to-<first site>`]
   */
  readonly ids?: readonly [string, string];
}

const ALLOWED: Record<Exclude<keyof IpsecPolicyProps, 'saLifetimeSeconds'>, readonly string[]> = {
  ikeEncryption: ['AES128', 'AES192', 'AES256', 'DES', 'DES3', 'GCMAES128', 'GCMAES256'],
  ikeIntegrity: ['GCMAES128', 'GCMAES256', 'MD5', 'SHA1', 'SHA256', 'SHA384'],
  dhGroup: ['DHGroup1', 'DHGroup14', 'DHGroup2', 'DHGroup2048', 'DHGroup24', 'ECP256', 'ECP384', 'None'],
  ipsecEncryption: ['AES128', 'AES192', 'AES256', 'DES', 'DES3', 'GCMAES128', 'GCMAES192', 'GCMAES256', 'None'],
  ipsecIntegrity: ['GCMAES128', 'GCMAES192', 'GCMAES256', 'MD5', 'SHA1', 'SHA256'],
  pfsGroup: ['ECP256', 'ECP384', 'PFS1', 'PFS14', 'PFS2', 'PFS2048', 'PFS24', 'PFSMM', 'None'],
};

const DEFAULT_IPSEC: Required<IpsecPolicyProps> = {
  ikeEncryption: 'GCMAES256',
  ikeIntegrity: 'SHA256',
  dhGroup: 'DHGroup14',
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  pfsGroup: 'PFS2048',
  saLifetimeSeconds: 27000,
};

const literalKey = defineError({
  code: 'VPN-KEY-LITERAL',
  title: 'A VPN shared key was given as a literal value.',
  message: (link: string, got: string) =>
    `literal VPN shared key on link ${link} — got ${got}, expected SharedKey.fromKeyVaultSecret(...) or SharedKey.fromSensitiveVariable(...); fix: store the key in Key Vault (or a sensitive variable) and reference it`,
  example: ['to-hub', 'a string'],
});

const vpnInvalid = defineError({
  code: 'VPN-INVALID',
  title: 'A site-to-site VPN link was declared with missing or inconsistent props.',
  message: (link: string, got: string, expected: string, fix: string) =>
    `invalid VPN link ${link} — got ${got}, expected ${expected}; fix: ${fix}`,
  example: [
    'to-hub',
    'ikeEncryption "AES512"',
    'one of AES128, AES192, AES256, DES, DES3, GCMAES128, GCMAES256',
    'pick a supported algorithm',
  ],
});

/** A route-based IPsec connection with its local network gateway. */
export class SiteToSiteVpn extends Construct {
  public readonly connection: VirtualNetworkGatewayConnection;
  public readonly localNetworkGateway: LocalNetworkGateway;
  /** Name of the link in the model (the connection's Azure name). */
  public readonly linkName: string;
  /** The estate site at the far end, when the link joins two sites of the estate. */
  public readonly remoteSite?: ClinicSite;
  /** The far end's prefixes: what flows `viaVpn` this link may reach. */
  public readonly remotePrefixes: readonly Cidr[];
  /** The IPsec/IKE policy of the connection, defaults filled in. */
  public readonly ipsec: Readonly<Required<IpsecPolicyProps>>;
  /** IKE version of the connection. */
  public readonly protocol: 'IKEv2' | 'IKEv1';
  /** Where the key comes from (never the key). */
  public readonly sharedKey: SharedKey;

  /**
   * Both ends of a link between two estate sites from one declaration: a local network gateway
   * and a connection in each site's stack, with one IPsec/IKE policy and one key
   * (BASE-VPN-PEERS-MATCH). Both ends are checked before either is created.
   * @returns the end at `a` and the end at `b`
   */
  public static between(a: ClinicSite, b: ClinicSite, props: EstateLinkProps): [SiteToSiteVpn, SiteToSiteVpn] {
    const [idA, idB] = props.ids ?? [`to-${b.siteName}`, `to-${a.siteName}`];
    const end = (site: ClinicSite, remote: ClinicSite): SiteToSiteVpnProps => ({
      remote: { site: remote },
      sharedKey: typeof props.sharedKey === 'function' ? props.sharedKey(site) : props.sharedKey,
      ...(props.ipsec !== undefined && { ipsec: props.ipsec }),
      ...(props.protocol !== undefined && { protocol: props.protocol }),
    });
    const [propsA, propsB] = [end(a, b), end(b, a)];
    validate(a, idA, propsA);
    validate(b, idB, propsB);
    return [new SiteToSiteVpn(a, idA, propsA), new SiteToSiteVpn(b, idB, propsB)];
  }

  public constructor(site: ClinicSite, id: string, props: SiteToSiteVpnProps) {
    const ipsec = validate(site, id, props);
    const { saLifetimeSeconds, ...algorithms } = ipsec;
    super(site, id);
    recordCallSite(this);
    this.ipsec = ipsec;
    this.sharedKey = props.sharedKey;
    const remoteSite = 'site' in props.remote ? props.remote.site : undefined;
    this.remoteSite = remoteSite;
    const gateway = site.vpnGateway(props.bgp?.localAsn);
    const remote =
      remoteSite !== undefined ? estateRemote(remoteSite) : externalRemote(props.remote as ExternalRemoteProps);
    const common = { location: site.region, resourceGroupName: site.resourceGroup.name };
    const key = props.sharedKey.bind(this);
    const lngName = `lng-${site.siteName}-${id}`;
    this.linkName = `cn-${site.siteName}-${id}`;
    this.localNetworkGateway = new LocalNetworkGateway(this, 'remote', {
      ...common,
      name: lngName,
      addressSpace: remote.prefixes.map(String),
      ...(remote.gatewayAddress !== undefined && { gatewayAddress: remote.gatewayAddress }),
      ...(remote.gatewayFqdn !== undefined && { gatewayFqdn: remote.gatewayFqdn }),
      // The terraform reader takes `remote.site` from this tag (lib/model/encoding.ts).
      ...(remoteSite !== undefined && { tags: { [TAG_SITE]: remoteSite.siteName } }),
      ...(props.bgp && { bgpSettings: { asn: props.bgp.peerAsn, bgpPeeringAddress: props.bgp.peerAddress } }),
    });
    const protocol = props.protocol ?? 'IKEv2';
    this.protocol = protocol;
    this.connection = new VirtualNetworkGatewayConnection(this, 'connection', {
      ...common,
      name: this.linkName,
      type: 'IPsec',
      virtualNetworkGatewayId: gateway.gateway.id,
      localNetworkGatewayId: this.localNetworkGateway.id,
      connectionProtocol: protocol,
      sharedKey: key.value,
      enableBgp: props.bgp !== undefined,
      ipsecPolicy: { ...algorithms, saLifetime: saLifetimeSeconds },
    });
    this.remotePrefixes = remote.prefixes;
    site.addVpnLinkEnd(this.linkName, { remoteSite: remoteSite?.siteName, prefixes: remote.prefixes });
    site.routeVpn(id, remote.prefixes);
  }
}

/** The far end as the local network gateway describes it. */
interface RemoteEnd {
  readonly gatewayAddress?: string;
  readonly gatewayFqdn?: string;
  readonly prefixes: readonly Cidr[];
}

/** Another estate site: its gateway's DNS name (no cross-stack reference) and its VNet spaces. */
function estateRemote(remote: ClinicSite): RemoteEnd {
  remote.vpnGateway();
  return { gatewayFqdn: VpnGateway.fqdnOf(remote), prefixes: remote.addressSpace };
}

function externalRemote(remote: ExternalRemoteProps): RemoteEnd {
  return {
    gatewayAddress: remote.gatewayAddress,
    gatewayFqdn: remote.gatewayFqdn?.toString(),
    prefixes: remote.prefixes,
  };
}

/** Networks a VPN device on the internet cannot have as its address (private, shared, Azure-reserved). */
const NOT_PUBLIC: readonly Cidr[] = [
  ...['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', '240.0.0.0/4'].map((text) =>
    Cidr.parse(text),
  ),
  ...AZURE_RESERVED_RANGES,
];

/** True for an IPv4 address outside private, shared and reserved space: what a local network gateway needs. */
function isPublicIpv4(address: string): boolean {
  if (!isIpAddress(address) || address.includes(':')) return false;
  const host = Cidr.parse(`${address}/32`);
  return !NOT_PUBLIC.some((range) => range.contains(host));
}

function validate(site: ClinicSite, id: string, props: SiteToSiteVpnProps): Required<IpsecPolicyProps> {
  if (!/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(id)) {
    throw vpnInvalid(
      id,
      `link id "${id}"`,
      '2–32 lowercase letters, digits and hyphens',
      'name the link after its far end, such as to-hub',
    );
  }
  if (!(props.sharedKey instanceof SharedKey)) {
    throw literalKey(id, typeof props.sharedKey === 'string' ? 'a string' : `a ${typeof props.sharedKey}`);
  }
  if ('site' in props.remote) {
    if (props.remote.site === site)
      throw vpnInvalid(id, `remote site ${site.siteName}`, 'a different site', 'link to another site of the estate');
    const twice = endsBetween(site, props.remote.site)[0];
    if (twice !== undefined)
      throw vpnInvalid(
        id,
        `a second link from ${site.siteName} to ${props.remote.site.siteName} (${twice.node.id} exists)`,
        'one link between two sites',
        'declare the link once, with SiteToSiteVpn.between',
      );
  } else {
    const { gatewayAddress, gatewayFqdn, prefixes } = props.remote;
    if ((gatewayAddress === undefined) === (gatewayFqdn === undefined)) {
      throw vpnInvalid(
        id,
        gatewayAddress === undefined ? 'neither gatewayAddress nor gatewayFqdn' : 'both gatewayAddress and gatewayFqdn',
        'exactly one of them',
        "give the remote device's public address or its hostname",
      );
    }
    if (gatewayAddress !== undefined && !isToken(gatewayAddress) && !isPublicIpv4(gatewayAddress)) {
      throw vpnInvalid(
        id,
        `gatewayAddress "${gatewayAddress}"`,
        'a public IPv4 address',
        'give the address the remote device has on the internet, or use gatewayFqdn for a hostname',
      );
    }
    if (prefixes.length === 0)
      throw vpnInvalid(
        id,
        'no remote prefixes',
        'the LAN prefixes behind the remote device',
        'list them, e.g. Cidr.parse("192.168.10.0/24")',
      );
  }
  site.requireGatewaySubnet();
  if ('site' in props.remote) props.remote.site.requireGatewaySubnet();
  const existing = site.existingVpnGateway;
  if (existing !== undefined && existing.bgpAsn !== props.bgp?.localAsn) {
    throw vpnInvalid(
      id,
      `localAsn ${props.bgp?.localAsn ?? 'unset'}`,
      `the ASN the site's gateway already uses (${existing.bgpAsn ?? 'no BGP'})`,
      'use one ASN (or none) for every link of a site',
    );
  }
  if (props.bgp !== undefined) {
    checkAsn(props.bgp.localAsn, 'local');
    checkAsn(props.bgp.peerAsn, 'peer');
    if (!isToken(props.bgp.peerAddress) && !isIpAddress(props.bgp.peerAddress)) {
      throw vpnInvalid(
        id,
        `BGP peerAddress "${props.bgp.peerAddress}"`,
        'an IP address',
        "give the remote device's BGP peering address",
      );
    }
  }
  const ipsec = { ...DEFAULT_IPSEC, ...props.ipsec };
  for (const field of Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]) {
    const value = ipsec[field];
    if (!isToken(value) && !ALLOWED[field].includes(value)) {
      throw vpnInvalid(id, `${field} "${value}"`, `one of ${ALLOWED[field].join(', ')}`, 'pick a supported algorithm');
    }
  }
  if (ipsec.ipsecEncryption.startsWith('GCM') && ipsec.ipsecIntegrity !== ipsec.ipsecEncryption) {
    throw vpnInvalid(
      id,
      `ipsecEncryption ${ipsec.ipsecEncryption} with ipsecIntegrity ${ipsec.ipsecIntegrity}`,
      `ipsecIntegrity ${ipsec.ipsecEncryption}`,
      'use the same GCM algorithm for both',
    );
  }
  const lifetime = ipsec.saLifetimeSeconds;
  if (!isToken(lifetime) && (!Number.isInteger(lifetime) || lifetime < 300 || lifetime > 172799)) {
    throw vpnInvalid(id, `saLifetimeSeconds ${lifetime}`, 'a whole number from 300 to 172799', 'use the default 27000');
  }
  props.sharedKey.checkUsableIn(site);
  if ('site' in props.remote) checkFarEnd(site, id, props, ipsec);
  return ipsec;
}

/** The links already declared at `from` to `to`. */
function endsBetween(from: ClinicSite, to: ClinicSite): SiteToSiteVpn[] {
  return from.node.children.filter((c): c is SiteToSiteVpn => c instanceof SiteToSiteVpn && c.remoteSite === to);
}

/**
 * A link to an estate site whose link back was declared separately must agree with it: the same
 * IKE version and IPsec/IKE policy (SA lifetimes are local and may differ) and, where both name
 * it, the same secret. Tokens are compared by nothing: they are known only at apply.
 */
function checkFarEnd(site: ClinicSite, id: string, props: SiteToSiteVpnProps, ipsec: Required<IpsecPolicyProps>): void {
  const remote = (props.remote as EstateRemoteProps).site;
  const back = endsBetween(remote, site)[0];
  if (back === undefined) return;
  const fix = 'give both ends the same settings, or declare the link once with SiteToSiteVpn.between';
  const where = `its far end ${remote.siteName}/${back.node.id}`;
  const protocol = props.protocol ?? 'IKEv2';
  if (protocol !== back.protocol)
    throw vpnInvalid(id, `${protocol} against ${back.protocol} at ${where}`, 'the same IKE version at both ends', fix);
  for (const field of Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]) {
    const [mine, theirs] = [ipsec[field], back.ipsec[field]];
    if (!isToken(mine) && !isToken(theirs) && mine !== theirs)
      throw vpnInvalid(id, `${field} ${mine} against ${theirs} at ${where}`, `the same ${field} at both ends`, fix);
  }
  const keys = props.sharedKey.differenceFrom(back.sharedKey);
  if (keys !== undefined) throw vpnInvalid(id, `${keys} (at ${where})`, 'the same shared key at both ends', fix);
}
