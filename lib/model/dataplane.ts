// SPDX-License-Identifier: Apache-2.0
/**
 * The data plane of a site: what Azure consults to carry one packet (subnets with their
 * route tables and NSGs, NICs, the firewall policy chain with its rule collections, peerings,
 * public entry points). Plain JSON like the rest of the model; the evaluator in
 * `lib/dataplane` reads it. Every element names its Terraform address so a hop can point at
 * it. A value that cannot be known before apply is an {@link Unknown} naming what it was.
 */
import type { Maybe } from './types';

/** What a subnet is for. Azure requires exact names for the platform subnets. */
export type DataPlaneSubnetRole =
  | 'workload'
  | 'AzureFirewallSubnet'
  | 'AzureFirewallManagementSubnet'
  | 'GatewaySubnet'
  | 'AzureBastionSubnet'
  | 'RouteServerSubnet'
  | 'application-gateway'
  | 'delegated';

export interface DataPlaneSubnet {
  readonly name: string;
  /** Terraform address of the subnet. */
  readonly address: string;
  /** Terraform address of the VNet. */
  readonly vnet: string;
  readonly role: DataPlaneSubnetRole;
  readonly prefixes: Maybe<string>[];
  /** Terraform address of the associated route table; absent when none. */
  readonly routeTable?: Maybe<string>;
  /** Terraform address of the associated NSG; absent when none. */
  readonly nsg?: Maybe<string>;
  /** Terraform address of the associated NAT gateway; absent when none. */
  readonly natGateway?: Maybe<string>;
  /**
   * `default_outbound_access_enabled`.
   * @default absent: not set, Azure's default applies
   */
  readonly defaultOutboundAccess?: Maybe<boolean>;
}

/** Next hop types Azure routes use. */
export type NextHopType = 'VirtualAppliance' | 'Internet' | 'VnetLocal' | 'VirtualNetworkGateway' | 'None';

export interface Route {
  readonly name: string;
  /** Terraform address of the route (`azurerm_route`) or of its table (inline `route` block). */
  readonly address: string;
  readonly prefix: Maybe<string>;
  readonly nextHopType: Maybe<NextHopType>;
  /** `next_hop_in_ip_address` for a VirtualAppliance, when known. */
  readonly nextHopIp?: Maybe<string>;
  /** Terraform address of the estate firewall whose private IP the next hop refers to. */
  readonly nextHopFirewall?: string;
}

export interface RouteTable {
  readonly name: string;
  readonly address: string;
  /** Whether routes learned by the VPN gateway reach the subnets (`bgp_route_propagation_enabled`). */
  readonly gatewayPropagation: Maybe<boolean>;
  /** Routes in declaration order (the evaluator chooses by prefix, never by order). */
  readonly routes: Route[];
}

export type NsgDirection = 'Inbound' | 'Outbound';

export interface NsgRule {
  readonly name: string;
  /** Terraform address of the rule resource, or of the NSG for an inline rule. */
  readonly address: string;
  readonly priority: Maybe<number>;
  readonly direction: Maybe<NsgDirection>;
  readonly access: Maybe<'Allow' | 'Deny'>;
  /** `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*`. */
  readonly protocol: Maybe<string>;
  /** Prefixes or service tags (`Internet`, `VirtualNetwork`, `*`). */
  readonly sources: Maybe<string>[];
  readonly destinations: Maybe<string>[];
  readonly sourcePorts: Maybe<string>[];
  readonly destinationPorts: Maybe<string>[];
}

export interface Nsg {
  readonly name: string;
  readonly address: string;
  /** The user rules, inline and `azurerm_network_security_rule`; Azure's default rules are the evaluator's. */
  readonly rules: NsgRule[];
}

export interface Nic {
  readonly name: string;
  readonly address: string;
  /** Terraform address of the subnet of the primary IP configuration. */
  readonly subnet: Maybe<string>;
  /** Static private addresses; unknown for a dynamic one. */
  readonly privateIps: Maybe<string>[];
  /** Terraform addresses of public IPs on the NIC's IP configurations. */
  readonly publicIps: Maybe<string>[];
  readonly nsg?: Maybe<string>;
}

export interface DataPlanePublicIp {
  readonly name: string;
  readonly address: string;
  /** The IP address, when the input states it (a plan after apply, or a literal). */
  readonly ip: Maybe<string>;
  readonly sku: Maybe<string>;
  /** `ip_version`. @default absent: IPv4, Azure's default */
  readonly ipVersion?: Maybe<'IPv4' | 'IPv6'>;
}

export type RuleCollectionKind = 'dnat' | 'network' | 'application';

export interface FirewallRule {
  readonly name: string;
  /** Source addresses with the members of referenced IP groups resolved in. */
  readonly sources: Maybe<string>[];
  /** Destination addresses (network rules: addresses and IP groups; DNAT: the firewall address). */
  readonly destinations: Maybe<string>[];
  readonly fqdns: Maybe<string>[];
  /**
   * Application rules with TLS inspection (Premium): `destination_urls` (`host/path`).
   * @default absent: the rule names no URLs
   */
  readonly urls?: Maybe<string>[];
  readonly fqdnTags: Maybe<string>[];
  readonly webCategories: Maybe<string>[];
  /** Network and DNAT: `TCP`, `UDP`, `ICMP`, `Any`. Application: `Https:443`. */
  readonly protocols: Maybe<string>[];
  /** Destination ports (network and DNAT rules). */
  readonly ports: Maybe<string>[];
  readonly terminateTls?: boolean;
  /** DNAT only: where the traffic is translated to. */
  readonly translated?: { readonly address: Maybe<string>; readonly port: Maybe<string> };
}

export interface RuleCollection {
  readonly name: string;
  readonly kind: RuleCollectionKind;
  readonly priority: Maybe<number>;
  readonly action: Maybe<'Allow' | 'Deny' | 'Dnat'>;
  readonly rules: FirewallRule[];
}

export interface RuleCollectionGroup {
  readonly name: string;
  readonly address: string;
  readonly priority: Maybe<number>;
  readonly collections: RuleCollection[];
}

export interface FirewallPolicy {
  readonly name: string;
  readonly address: string;
  /** Terraform address of the parent policy (`base_policy_id`). */
  readonly basePolicy?: Maybe<string>;
  /** `Off`, `Alert` or `Deny`; Azure's default is `Alert`. */
  readonly threatIntelMode: Maybe<string>;
  readonly dnsProxy: Maybe<boolean>;
  /**
   * SNAT private ranges (`private_ip_ranges`).
   * @default absent: Azure's default, RFC 1918 and RFC 6598
   */
  readonly privateRanges?: Maybe<string>[];
  /**
   * The explicit proxy (`explicit_proxy` with `enabled`): the ports the firewall listens on for
   * clients that hand it their HTTP and HTTPS requests. @default absent: no explicit proxy
   */
  readonly explicitProxy?: ExplicitProxyPorts;
  readonly groups: RuleCollectionGroup[];
}

/** Where clients reach a firewall policy's explicit proxy. */
export interface ExplicitProxyPorts {
  /** `http_port`: where clients send HTTP requests. */
  readonly httpPort: Maybe<number>;
  /** `https_port`: where clients send HTTPS requests (CONNECT). */
  readonly httpsPort: Maybe<number>;
}

export interface DataPlaneFirewall {
  readonly name: string;
  readonly address: string;
  readonly policy?: Maybe<string>;
  /** Terraform address of its AzureFirewallSubnet. */
  readonly subnet?: Maybe<string>;
  /** Private IP: the fourth address of AzureFirewallSubnet when the input does not state it. */
  readonly privateIp: Maybe<string>;
  /** Terraform addresses of its public IPs (data plane, not management). */
  readonly publicIps: Maybe<string>[];
  /**
   * Terraform address of the vWAN hub a secured-hub firewall (`AZFW_Hub`) sits in: it has no
   * subnet, and SNATs to the hub's public IPs. @default absent: a firewall in a VNet
   */
  readonly hub?: Maybe<string>;
}

/** What a vWAN hub's routing intent sends through a hub firewall, for a VNet connected to the hub. */
export interface HubRouting {
  /** Terraform address of the hub (`azurerm_virtual_hub`). */
  readonly hub: Maybe<string>;
  /** The firewall 0.0.0.0/0 goes to (an Internet policy, and `internet_security_enabled` on the connection). @default absent */
  readonly internet?: Maybe<string>;
  /** The firewall the private ranges go to (a PrivateTraffic policy). @default absent */
  readonly private?: Maybe<string>;
}

export interface Peering {
  readonly name: string;
  readonly address: string;
  /** Terraform address of the remote VNet, when it is in the document. */
  readonly remote: Maybe<string>;
}

export interface DataPlaneVnet {
  readonly name: string;
  readonly address: string;
  readonly spaces: Maybe<string>[];
  /** Custom DNS servers (`dns_servers`, or `azurerm_virtual_network_dns_servers`); empty means Azure DNS. */
  readonly dnsServers: Maybe<string>[];
  readonly peerings: Peering[];
  /** Routing a vWAN hub connection gives the VNet. @default absent: not connected to a hub */
  readonly hubRouting?: HubRouting;
}

/** A public load balancer's NAT or load-balancing rule: an inbound path. */
export interface LoadBalancerRule {
  readonly name: string;
  readonly address: string;
  readonly kind: 'nat' | 'balance';
  /** Terraform address of the frontend public IP. */
  readonly publicIp: Maybe<string>;
  readonly protocol: Maybe<string>;
  readonly frontendPort: Maybe<string>;
  readonly backendPort: Maybe<string>;
  /** Terraform addresses of backend NICs. */
  readonly backendNics: string[];
}

export interface LoadBalancer {
  readonly name: string;
  readonly address: string;
  readonly sku: Maybe<string>;
  readonly rules: LoadBalancerRule[];
}

export interface AppGatewayListener {
  readonly name: string;
  readonly publicIp: Maybe<string>;
  readonly port: Maybe<string>;
  readonly protocol: Maybe<string>;
}

export interface AppGateway {
  readonly name: string;
  readonly address: string;
  readonly listeners: AppGatewayListener[];
  /** Backend addresses and FQDNs. */
  readonly backends: Maybe<string>[];
}

/** The whole data plane of one site (each list in address order). */
export interface DataPlane {
  readonly vnets: DataPlaneVnet[];
  readonly subnets: DataPlaneSubnet[];
  readonly routeTables: RouteTable[];
  readonly nsgs: Nsg[];
  readonly nics: Nic[];
  readonly publicIps: DataPlanePublicIp[];
  readonly firewalls: DataPlaneFirewall[];
  readonly policies: FirewallPolicy[];
  readonly loadBalancers: LoadBalancer[];
  readonly appGateways: AppGateway[];
}

/** A data plane with nothing in it: a site read without its data plane is evaluated as one. */
export const EMPTY_DATA_PLANE: DataPlane = Object.freeze({
  vnets: [],
  subnets: [],
  routeTables: [],
  nsgs: [],
  nics: [],
  publicIps: [],
  firewalls: [],
  policies: [],
  loadBalancers: [],
  appGateways: [],
});
