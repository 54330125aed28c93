// SPDX-License-Identifier: Apache-2.0
/** Props of a {@link ClinicSite}: what a clinic or hub is made of. */
import type { ProxyKind, SiteKind, VendorPackId, VendorSettings } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { TlsVersion } from '../net/tls-version';

/** A subnet for the clinic's own machines. */
export interface WorkloadSubnetProps {
  /** Azure subnet name (`clinical`, `imaging`). */
  readonly name: string;
  /** The subnet's prefix, inside the site's address space. */
  readonly prefix: Cidr;
  /**
   * What the subnet is for; `imaging-gateway` marks the subnet of an imaging gateway
   * such as OnePacs (recorded as `vendor.onepacs.gatewaySubnet`).
   * @default 'workload'
   */
  readonly role?: 'workload' | 'imaging-gateway';
}

/** TLS inspection on the firewall (needs the Premium tier). */
export interface TlsInspectionProps {
  /** Key Vault secret id of the intermediate CA certificate (`tls_certificate`). */
  readonly caCertificateSecretId: string;
  /** Id of the user-assigned identity that may read that secret. */
  readonly identityId: string;
  /**
   * Lowest TLS version the inspection negotiates, when you want it recorded.
   * @default - not declared
   */
  readonly minTlsVersion?: TlsVersion;
}

/** The Azure Firewall explicit proxy. */
export interface ExplicitProxyProps {
  /**
   * Port clients send HTTP requests to.
   * @default 8080
   */
  readonly httpPort?: number;
  /**
   * Port clients send HTTPS (CONNECT) requests to.
   * @default 8443
   */
  readonly httpsPort?: number;
  /**
   * SAS URL of the PAC file once you have uploaded `proxy.pac` from `cdktf.out/clinicnet/<site>/`.
   * @default - no PAC file served by the firewall
   */
  readonly pacFileUrl?: string;
}

/** A proxy appliance the clinic's clients use (not the Azure Firewall). */
export interface ProxyApplianceProps {
  /** Protocol clients speak to the proxy. */
  readonly kind: ProxyKind;
  /** `host:port` as clients are configured. */
  readonly endpoint: string;
  /**
   * Lowest TLS version the proxy negotiates.
   * @default - not declared
   */
  readonly minTlsVersion?: TlsVersion;
}

/** The site's VPN gateway (created with its first VPN link). */
export interface VpnGatewayOptions {
  /**
   * Gateway SKU: an AZ SKU (`VpnGw1AZ` … `VpnGw5AZ`) or `Basic`; the non-AZ `VpnGw1`–`VpnGw5`
   * can no longer be created (lib/model/azure/vpn-gateway-skus.json).
   * @default 'VpnGw1AZ'
   */
  readonly sku?: string;
  /**
   * Gateway generation; must be one the SKU allows (`VpnGw1AZ` and `Basic` are Generation1 only).
   * @default - the newest generation the SKU allows (Generation1 for VpnGw1AZ, Generation2 from VpnGw2AZ up)
   */
  readonly generation?: 'Generation1' | 'Generation2';
}

/** Remote Terraform state in an Azure Storage container. */
export interface StateBackendProps {
  /** Resource group of the storage account. */
  readonly resourceGroupName: string;
  /** Storage account that holds the state. */
  readonly storageAccountName: string;
  /** Blob container for the state files. */
  readonly containerName: string;
  /**
   * Blob name of this site's state.
   * @default `<site>.tfstate`
   */
  readonly key?: string;
}

/** What a clinic or hub is made of. */
export interface ClinicSiteProps {
  /** A clinic, or a hub that clinics connect to. */
  readonly kind: SiteKind;
  /**
   * Azure region, by normalised (`australiaeast`) or display name (`Australia East`); it must be in
   * lib/model/azure/regions.json. Resources are placed under the normalised name, and pinned to
   * availability zones only where the region has them.
   */
  readonly region: string;
  /** Address spaces of the site's virtual network. */
  readonly addressSpace: Cidr[];
  /** Subnets for the site's machines; egress flows come from these. */
  readonly workloadSubnets: WorkloadSubnetProps[];
  /**
   * `AzureFirewallSubnet`: a /26 inside the address space. Required with the firewall.
   * @default - no firewall subnet (only allowed with `firewall: false`)
   */
  readonly firewallSubnet?: Cidr;
  /**
   * `GatewaySubnet`: /27 or larger inside the address space. Required before a VPN is attached.
   * @default - none
   */
  readonly gatewaySubnet?: Cidr;
  /**
   * Whether the site has an Azure Firewall (all egress goes through it).
   * @default true
   */
  readonly firewall?: boolean;
  /**
   * Firewall and policy tier.
   * @default 'Premium' with TLS inspection, else 'Standard'
   */
  readonly firewallTier?: 'Standard' | 'Premium';
  /**
   * Vendor packs that apply to the site.
   * @default []
   */
  readonly packs?: VendorPackId[];
  /**
   * TLS inspection on the firewall (makes the tier Premium).
   * @default - TLS inspection off
   */
  readonly tlsInspection?: TlsInspectionProps;
  /**
   * The firewall's explicit proxy, for clients configured with a proxy.
   * @default - explicit proxy off
   */
  readonly explicitProxy?: ExplicitProxyProps;
  /**
   * A proxy appliance the clients use instead of the firewall's explicit proxy.
   * @default - no proxy appliance
   */
  readonly proxyAppliance?: ProxyApplianceProps;
  /**
   * DNS servers the firewall DNS proxy forwards to.
   * @default [] (Azure DNS)
   */
  readonly dnsServers?: string[];
  /**
   * Vendor-specific facts the packs check (custo role, Lumos extraction host, …).
   * @default {}
   */
  readonly vendor?: VendorSettings;
  /**
   * Point-to-site client address pools (they join the estate address plan).
   * @default []
   */
  readonly vpnClientPools?: Cidr[];
  /**
   * SKU and generation of the VPN gateway, checked against Azure's matrix at construction.
   * @default { sku: 'VpnGw1AZ', generation: 'Generation1' }
   */
  readonly vpnGateway?: VpnGatewayOptions;
  /**
   * Remote state in Azure Storage.
   * @default - local state (`terraform.<site>.tfstate`)
   */
  readonly backend?: StateBackendProps;
}
