// SPDX-License-Identifier: Apache-2.0
/**
 * Route tables that send a site's traffic through its Azure Firewall. Without them Azure's
 * default system route takes workload subnets straight to the internet and the firewall's
 * rules never apply.
 */
import { Construct } from 'constructs';
import type { Firewall } from '@cdktf/provider-azurerm/lib/firewall';
import { RouteTable, type RouteTableRoute } from '@cdktf/provider-azurerm/lib/route-table';
import type { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import type { Cidr } from '../net/cidr';
import { recordCallSite } from './call-site';

/** Where the routes go and what they point at. */
export interface FirewallRoutingProps {
  readonly siteName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The site firewall; its private IP is every route's next hop. */
  readonly firewall: Firewall;
  /** Workload (and imaging-gateway) subnets by Azure name, with their prefixes. */
  readonly workloadSubnets: ReadonlyMap<string, { readonly subnet: Subnet; readonly prefix: Cidr }>;
}

/** Name of the default route on the workload route table. */
export const DEFAULT_ROUTE_NAME = 'default-via-firewall';

/**
 * The workload route table (`0.0.0.0/0` → firewall, BGP propagation off so routes learned by
 * the VPN gateway cannot bypass the firewall) on every workload subnet, and, once a VPN is
 * attached, a GatewaySubnet route table sending the workload prefixes back through the
 * firewall. AzureFirewallSubnet never gets a route table: the firewall needs its own
 * internet route.
 */
export class FirewallRouting extends Construct {
  public readonly workloadTable: RouteTable;
  private readonly workloadRoutes: RouteTableRoute[];
  private readonly props: FirewallRoutingProps;
  private gatewayTable?: RouteTable;

  public constructor(scope: Construct, id: string, props: FirewallRoutingProps) {
    super(scope, id);
    recordCallSite(this);
    this.props = props;
    this.workloadRoutes = [{ name: DEFAULT_ROUTE_NAME, addressPrefix: '0.0.0.0/0', ...this.viaFirewall() }];
    this.workloadTable = new RouteTable(this, 'workload', {
      name: `rt-${props.siteName}-workload`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      bgpRoutePropagationEnabled: false,
      route: this.workloadRoutes,
    });
    for (const name of [...props.workloadSubnets.keys()].sort()) {
      new SubnetRouteTableAssociation(this, `workload-${name}`, {
        subnetId: (props.workloadSubnets.get(name) as { subnet: Subnet }).subnet.id,
        routeTableId: this.workloadTable.id,
      });
    }
  }

  /**
   * Routes a VPN link's remote prefixes through the firewall, and sends return traffic from
   * the VPN gateway to the workload subnets through it too (symmetric paths).
   */
  public routeVpn(linkId: string, remotePrefixes: readonly Cidr[], gatewaySubnet: Subnet): void {
    for (const prefix of [...remotePrefixes].map(String).sort()) {
      this.workloadRoutes.push({
        name: `vpn-${linkId}-${routeSuffix(prefix)}`,
        addressPrefix: prefix,
        ...this.viaFirewall(),
      });
    }
    this.workloadTable.putRoute(this.workloadRoutes);
    this.gatewayTable ??= this.createGatewayTable(gatewaySubnet);
  }

  private createGatewayTable(gatewaySubnet: Subnet): RouteTable {
    const prefixes = [...this.props.workloadSubnets.values()].map((s) => s.prefix.toString()).sort();
    const table = new RouteTable(this, 'gateway', {
      name: `rt-${this.props.siteName}-gateway`,
      location: this.props.location,
      resourceGroupName: this.props.resourceGroupName,
      // Azure requires gateway route propagation on GatewaySubnet; only prefix routes go here, never 0.0.0.0/0.
      bgpRoutePropagationEnabled: true,
      route: prefixes.map((prefix) => ({
        name: `to-workload-${routeSuffix(prefix)}`,
        addressPrefix: prefix,
        ...this.viaFirewall(),
      })),
    });
    new SubnetRouteTableAssociation(this, 'gateway-subnet', { subnetId: gatewaySubnet.id, routeTableId: table.id });
    return table;
  }

  private viaFirewall(): Pick<RouteTableRoute, 'nextHopType' | 'nextHopInIpAddress'> {
    return {
      nextHopType: 'VirtualAppliance',
      nextHopInIpAddress: this.props.firewall.ipConfiguration.get(0).privateIpAddress,
    };
  }
}

/** `10.10.0.0/16` → `10-10-0-0-16`: route names allow no slashes. */
function routeSuffix(prefix: string): string {
  return prefix.replace(/[./:]/g, '-');
}
