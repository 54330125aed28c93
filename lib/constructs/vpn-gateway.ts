// SPDX-License-Identifier: Apache-2.0
/** A site's route-based VPN gateway (created on the first VPN link); zone-redundant where the region has zones. */
import { Construct } from 'constructs';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import type { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { checkAsn } from './bgp';
import type { ClinicSite } from './clinic-site';
import { zonesIn } from './zones';
import { publicAddressOutput } from './public-outputs';
import type { VpnGatewayOptions } from './clinic-site-props';
import { vpnGatewayChoice } from './vpn-gateway-choice';
import { recordCallSite } from './call-site';

/** Where the gateway goes. */
export interface VpnGatewayProps {
  /** The site the gateway serves. */
  readonly site: ClinicSite;
  /** The site's `GatewaySubnet`. */
  readonly subnet: Subnet;
  /**
   * The gateway's BGP ASN; BGP stays off without it.
   * @default - no BGP
   */
  readonly bgpAsn?: number;
  /**
   * SKU and generation, already checked against Azure's matrix by the site (SITE-VPN-GATEWAY-SKU).
   * @default VpnGw1AZ, Generation1
   */
  readonly options?: VpnGatewayOptions;
}

/** VPN gateway (default VpnGw1AZ, Generation1) with a static Standard public IP, zone-redundant where the region has zones. */
export class VpnGateway extends Construct {
  /** The gateway's public DNS name; other estate sites' local network gateways point at it. */
  public static fqdnOf(site: ClinicSite): string {
    return `${VpnGateway.labelOf(site)}.${site.region}.cloudapp.azure.com`;
  }

  private static labelOf(site: ClinicSite): string {
    return `${site.estate.estateName}-${site.siteName}-vpn`;
  }

  public readonly gateway: VirtualNetworkGateway;
  public readonly publicIp: PublicIp;
  public readonly bgpAsn?: number;

  public constructor(scope: Construct, id: string, props: VpnGatewayProps) {
    if (props.bgpAsn !== undefined) checkAsn(props.bgpAsn, 'local');
    super(scope, id);
    recordCallSite(this);
    const { site } = props;
    this.bgpAsn = props.bgpAsn;
    const { sku, generation } = vpnGatewayChoice(props.options);
    const common = { location: site.region, resourceGroupName: site.resourceGroup.name };
    this.publicIp = new PublicIp(this, 'public-ip', {
      ...common,
      name: `pip-vpngw-${site.siteName}`,
      allocationMethod: 'Static',
      sku: 'Standard',
      ...zonesIn(site.region),
      domainNameLabel: VpnGateway.labelOf(site),
    });
    publicAddressOutput(
      site,
      'vpn_gateway_public_ip',
      this.publicIp.ipAddress,
      "the VPN gateway's public IP (the peers' remote gateway address)",
    );
    this.gateway = new VirtualNetworkGateway(this, 'gateway', {
      ...common,
      name: `vpngw-${site.siteName}`,
      type: 'Vpn',
      vpnType: 'RouteBased',
      sku,
      generation,
      activeActive: false,
      enableBgp: props.bgpAsn !== undefined,
      ...(props.bgpAsn !== undefined && { bgpSettings: { asn: props.bgpAsn } }),
      ipConfiguration: [
        {
          name: 'vnetGatewayConfig',
          publicIpAddressId: this.publicIp.id,
          privateIpAddressAllocation: 'Dynamic',
          subnetId: props.subnet.id,
        },
      ],
    });
  }
}
