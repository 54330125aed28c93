// SPDX-License-Identifier: Apache-2.0
/**
 * The clinicnet network model: plain, JSON-serialisable data that both sources
 * (the construct tree and Terraform JSON / plans) produce and the policy engine reads.
 *
 * Conventions:
 * - Addresses are canonical CIDR strings (`10.1.0.0/16`, `2001:db8::/48`).
 * - Ports are Azure-style strings: `"443"`, `"3000-3010"`, `"*"`.
 * - Hostnames are lowercase punycode FQDNs without a trailing dot; `*.example.org` is a wildcard.
 * - A value that cannot be known before apply (unresolved reference, `after_unknown`)
 *   is an {@link Unknown}; rules must report it, never treat it as safe.
 * - Every element carries `path` (construct path when recorded by constructs or read
 *   from cdk.tf.json metadata, otherwise the Terraform address) and `address`
 *   (the Terraform resource address) so findings can point at it.
 */

/** A value that could not be resolved. `unknown` says what it was (expression or reason). */
export interface Unknown {
  readonly unknown: string;
}

/** Either a known value or an {@link Unknown}. */
export type Maybe<T> = T | Unknown;

/**
 * A value that is an attribute of another resource in the same input (a DNAT rule listening on
 * `${azurerm_public_ip.fw.ip_address}`): its number is assigned at apply, but *which* address it
 * is, is known — that resource's — so it is not an unknown.
 */
export interface ResourceRef {
  /** Terraform address of the resource (`azurerm_public_ip.fw`). */
  readonly ref: string;
}

/** True when a model value is a {@link ResourceRef}. */
export function isRef(value: unknown): value is ResourceRef {
  return typeof value === 'object' && value !== null && 'ref' in value;
}

/** How reports name a public IP known by identity: `the public IP azurerm_public_ip.fw (known after apply)`. */
export function publicIpText(value: ResourceRef): string {
  return `the public IP ${value.ref} (known after apply)`;
}

export const MODEL_VERSION = 1;

export interface NetworkModel {
  readonly version: typeof MODEL_VERSION;
  /** Sites sorted by name. */
  readonly sites: Site[];
}

export type SiteKind = 'clinic' | 'hub';

/**
 * The id of a pack a site declares (`lumos`, or a user's pack). The packs themselves say which
 * ids exist; a declared id no loaded pack has is reported (PACK-UNKNOWN), never ignored.
 */
export type VendorPackId = string;

export interface Site {
  /** Stable site name, also the stack name (`nsw-gp-parramatta`). */
  readonly name: string;
  readonly kind: SiteKind;
  /** Azure region (`australiaeast`). */
  readonly region: Maybe<string>;
  /** Vendor packs declared for this site, sorted. */
  readonly packs: VendorPackId[];
  readonly path: string;
  readonly vnets: VirtualNetwork[];
  readonly firewall?: Firewall;
  readonly egress: EgressFlow[];
  readonly inbound: InboundForward[];
  /** Proxy the site's clients use for internet egress, when one is declared. */
  readonly proxy?: ProxySettings;
  /** Hosts that must be neither TLS-inspected nor proxied. */
  readonly bypass: BypassEntry[];
  readonly tlsInspection: TlsInspection;
  readonly natEgress: NatEgress[];
  readonly vpnGateway?: VpnGateway;
  readonly vpnLinks: VpnLink[];
  /** Point-to-site client address pools (they join the estate address plan). */
  readonly vpnClientPools: Maybe<string>[];
  readonly logSinks: LogSink[];
  readonly dns: DnsSettings;
  /** Vendor-specific facts the site declares (custo role, Lumos extraction host, …). */
  readonly vendor: VendorSettings;
  /**
   * What Azure consults to carry a packet (routes, NSGs, NICs, the firewall policy chain).
   * @default absent: the reader was not asked for it (`ReadOptions.dataplane`), or the source is the construct tree
   */
  readonly dataplane?: DataPlane;
  /**
   * Every resource of the site that has a `location`, sorted by address: where it is deployed
   * and the zones it is pinned to (AZURE-REGION, AZURE-ZONES).
   * @default absent: the source recorded no placements; the rules then check `region` alone and
   * report the zones of zone-capable resources as unknown where the region has no zones
   */
  readonly placements?: Placement[];
}

/** Where one resource is deployed. */
export interface Placement {
  /** Terraform resource type (`azurerm_firewall`). */
  readonly type: string;
  readonly path: string;
  readonly address: string;
  /** `location` as written: a normalised (`australiaeast`) or display (`Australia East`) name. */
  readonly location: Maybe<string>;
  /** Availability zones the resource is pinned to (`zones`); empty when it is not pinned. */
  readonly zones: Maybe<string>[];
}

export interface VirtualNetwork {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly addressSpaces: Maybe<string>[];
  readonly subnets: Subnet[];
}

/** What a subnet is for; Azure requires exact names for the platform subnets. */
export type SubnetRole = 'workload' | 'firewall' | 'gateway' | 'imaging-gateway';

export interface Subnet {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly role: SubnetRole;
  readonly addressPrefixes: Maybe<string>[];
  /**
   * Where the subnet's `0.0.0.0/0` traffic goes (see {@link EgressVia}).
   * @default absent when the source did not record routing; rules then skip the subnet
   */
  readonly egressVia?: Maybe<EgressVia>;
}

/**
 * What a subnet's default route points at: `firewall` — next hop the site firewall's private
 * IP; `internet` — no route table, no `0.0.0.0/0` route, or next hop `Internet`; `other` —
 * another appliance or gateway.
 */
export type EgressVia = 'firewall' | 'internet' | 'other';

export type FirewallTier = 'Basic' | 'Standard' | 'Premium';

export interface Firewall {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  /** Terraform address of the firewall policy. */
  readonly policyAddress: string;
  readonly tier: Maybe<FirewallTier>;
  /** DNS proxy on the firewall policy (needed for FQDNs in network rules). */
  readonly dnsProxy: Maybe<boolean>;
  /** Subnet names the firewall sits in (normally `AzureFirewallSubnet`). */
  readonly subnets: string[];
  /**
   * The vWAN hub a secured-hub firewall (`AZFW_Hub`) is deployed in: such a firewall sits in no
   * subnet of the site's VNets, so it needs no `AzureFirewallSubnet`.
   * @default absent: the firewall is deployed in a VNet (`AZFW_VNet`)
   */
  readonly virtualHub?: Maybe<string>;
}

/** Transport protocol of a flow or forward. */
export type TransportProtocol = 'tcp' | 'udp' | 'any';

/** Application protocol carried by a flow. */
export type AppProtocol =
  | 'http'
  | 'https'
  | 'mssql'
  | 'ftps-implicit'
  | 'ftps-explicit'
  | 'sftp'
  | 'mllp'
  | 'mllp-tls'
  | 'dicom'
  | 'dicom-tls'
  | 'other';

/** Every application protocol, in the model's order (schemas and readers share it). */
export const APP_PROTOCOLS: readonly AppProtocol[] = [
  'http',
  'https',
  'mssql',
  'ftps-implicit',
  'ftps-explicit',
  'sftp',
  'mllp',
  'mllp-tls',
  'dicom',
  'dicom-tls',
  'other',
];

export type { TlsVersionString } from '../net/tls-version';
import type { TlsVersionString } from '../net/tls-version';
import type { DataPlane } from './dataplane';

/** How a flow is emitted on the firewall. */
export type EgressRuleKind = 'application' | 'network';

export interface EgressFlow {
  /** Rule name on the firewall (unique within the site). */
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly ruleKind: EgressRuleKind;
  /** Rule collection the rule sits in. */
  readonly collection: string;
  readonly priority: number;
  readonly action: 'Allow' | 'Deny';
  /** Destination hostnames (`destination_fqdns`). */
  readonly fqdns: Maybe<string>[];
  /** Destination addresses or CIDRs, or `*` for any. */
  readonly addresses: Maybe<string>[];
  readonly protocol: TransportProtocol;
  readonly ports: Maybe<string>[];
  readonly appProtocol: AppProtocol;
  /** Source address ranges, or `*`. */
  readonly sources: Maybe<string>[];
  /** Application rules only: whether the firewall terminates (inspects) TLS. */
  readonly terminateTls: boolean;
  /** Why the flow exists, in words. */
  readonly purpose?: string;
  /** Catalog requirement id that the flow serves, when it serves one. */
  readonly requirement?: string;
  /** Name of the VPN link the flow is routed over, when it stays off the internet. */
  readonly viaVpn?: string;
  /**
   * Whether the site's clients hand this flow to the site's proxy (AZURE-EXPLICIT-PROXY).
   * @default absent: with a proxy, a hostname flow that is allowed, not over a VPN and not in the
   * bypass list is taken to be handed to it (a PAC sends everything but its exceptions there)
   */
  readonly viaProxy?: boolean;
}

export interface InboundForward {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly protocol: TransportProtocol;
  readonly externalPort: Maybe<string>;
  /**
   * The firewall public address the forward listens on: the address, or the public IP resource
   * of the same input whose address it is ({@link ResourceRef}), or unknown.
   */
  readonly destination: Maybe<string> | ResourceRef;
  readonly internalAddress: Maybe<string>;
  readonly internalPort: Maybe<string>;
  /** Allowed source ranges; `*` means any source. */
  readonly sources: Maybe<string>[];
  /** Why the forward exists; BASE-NO-INTERNET-INBOUND wants one. */
  readonly reason?: string;
  readonly requirement?: string;
}

export type ProxyKind = 'http' | 'socks4' | 'socks5';

export interface ProxySettings {
  readonly kind: ProxyKind;
  /** `host:port` as the client is configured. */
  readonly endpoint: string;
  /** Whether the proxy is the Azure Firewall explicit proxy (else a declared appliance). */
  readonly azureExplicitProxy: boolean;
  /** Lowest TLS version the proxy negotiates, when declared. */
  readonly minTlsVersion?: TlsVersionString;
  readonly path: string;
}

export interface BypassEntry {
  /** Hostname or wildcard (`*.customed.de`). */
  readonly host: string;
  readonly reason: string;
  readonly requirement?: string;
  readonly path: string;
}

export interface TlsInspection {
  readonly enabled: boolean;
  /** Key Vault secret id / reference of the inspection CA, when inspection is on. */
  readonly caCertificate?: Maybe<string>;
  /** Lowest TLS version the inspection negotiates, when declared. */
  readonly minTlsVersion?: TlsVersionString;
  readonly path?: string;
}

export interface NatEgress {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly sku: Maybe<string>;
  readonly idleTimeoutMinutes: Maybe<number>;
  /** Public IP addresses (when known) or Terraform addresses of the public IP resources. */
  readonly publicIps: Maybe<string>[];
  readonly publicIpPrefixes: Maybe<string>[];
  /** Names of the subnets associated with the NAT gateway. */
  readonly subnets: Maybe<string>[];
  /**
   * Whether an IPv6 public IP or prefix is associated: only then does the gateway (StandardV2)
   * carry its subnets' IPv6 traffic to the internet. @default absent: not known
   */
  readonly ipv6?: Maybe<boolean>;
}

export interface PublicIp {
  readonly address: string;
  readonly allocation: Maybe<'Static' | 'Dynamic'>;
  readonly sku: Maybe<string>;
  readonly ipVersion: Maybe<'IPv4' | 'IPv6'>;
}

export interface VpnGateway {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  readonly type: Maybe<string>;
  readonly vpnType: Maybe<string>;
  readonly sku: Maybe<string>;
  readonly generation: Maybe<string>;
  readonly publicIps: PublicIp[];
  readonly bgpAsn?: Maybe<number>;
}

export interface IpsecPolicy {
  readonly ikeEncryption: Maybe<string>;
  readonly ikeIntegrity: Maybe<string>;
  readonly dhGroup: Maybe<string>;
  readonly ipsecEncryption: Maybe<string>;
  readonly ipsecIntegrity: Maybe<string>;
  readonly pfsGroup: Maybe<string>;
  readonly saLifetimeSeconds?: Maybe<number>;
}

/** Where a VPN shared key comes from. Only `literal` is a finding. */
export type SharedKeySource = 'key-vault-secret' | 'sensitive-variable' | 'literal' | 'unknown' | 'none';

export interface VpnLink {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  /** `IKEv2` or `IKEv1`. */
  readonly protocol: Maybe<string>;
  /** The remote end, as the local network gateway describes it. */
  readonly remote: {
    readonly name: string;
    readonly address: string;
    readonly gatewayAddress?: Maybe<string>;
    readonly gatewayFqdn?: Maybe<string>;
    readonly prefixes: Maybe<string>[];
    /** Estate site at the far end, when it is one of ours. */
    readonly site?: string;
  };
  /** Prefixes this side offers over the link (normally its VNet address spaces). */
  readonly localPrefixes: Maybe<string>[];
  /** Custom IPsec/IKE policy; absent means Azure's default policy. */
  readonly ipsec?: IpsecPolicy;
  readonly sharedKey: { readonly source: SharedKeySource; readonly reference?: string };
  readonly bgp?: { readonly enabled: boolean; readonly peerAsn?: Maybe<number> };
}

export interface LogSink {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  /** Terraform address of the resource whose logs are sent (the firewall). */
  readonly source: Maybe<string>;
  readonly kind: 'log-analytics' | 'storage' | 'event-hub' | 'unknown';
  readonly target: Maybe<string>;
  readonly categories: string[];
}

export interface DnsSettings {
  /** Custom DNS servers the firewall DNS proxy forwards to; empty means Azure DNS. */
  readonly firewallServers: Maybe<string>[];
  /** Private DNS zones linked to the site's networks. */
  readonly privateZones: string[];
}

export type CustoRole = 'sender' | 'centre';
export type CustoMode = 'vpn' | 'port-forward';

export interface VendorSettings {
  readonly custo?: {
    readonly role: CustoRole;
    readonly mode?: CustoMode;
    /** For a sender: the estate site that hosts the evaluation centre. */
    readonly centre?: string;
    /** The diagnostics SSL port (8443, 18443 or 28443). */
    readonly sslPort?: number;
  };
  readonly lumos?: {
    /** Operating system of the practice server that runs the extraction. */
    readonly extractionHostOs?: string;
  };
  readonly onepacs?: {
    /** Fixed private address of the gateway server, when reserved. */
    readonly gatewayAddress?: string;
    /** Name of the subnet the gateway lives in. */
    readonly gatewaySubnet?: string;
  };
  readonly hl7?: {
    /** Number of store-and-forward agents carrying the site's HL7 traffic. */
    readonly agents?: number;
  };
}

/** True when a model value is unknown. */
export function isUnknown<T>(value: Maybe<T> | undefined): value is Unknown {
  return typeof value === 'object' && value !== null && 'unknown' in (value as object);
}

/** An unknown value with the expression or reason that made it unknown. */
export function unknown(reason: string): Unknown {
  return { unknown: reason };
}
