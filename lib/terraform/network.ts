// SPDX-License-Identifier: Apache-2.0
/** VNets, subnets, NAT gateways and public IPs of a site. */
import type { Maybe, NatEgress, PublicIp, Subnet, SubnetRole, VirtualNetwork } from '../model/types';
import { sortMaybes } from '../model/canonical';
import { isUnknown, unknown } from '../model/types';
import type { SiteContext } from './context';
import type { TfResource } from './document';
import type { AttributeReader, Target } from './values';

/** Azure's fixed platform subnet names, and the subnet a site names for its imaging gateway. */
function roleOf(name: string, imagingSubnet: string | undefined): SubnetRole {
  if (name === 'AzureFirewallSubnet') return 'firewall';
  if (name === 'GatewaySubnet') return 'gateway';
  return name === imagingSubnet ? 'imaging-gateway' : 'workload';
}

/** Every VNet of the site with its subnets (separate resources and inline `subnet` blocks). */
export function readVnets(ctx: SiteContext, imagingSubnet: string | undefined): VirtualNetwork[] {
  const vnets = ctx.ofType('azurerm_virtual_network').map((resource) =>
    ctx.read(resource, (r) => ({
      name: r.text('name') ?? resource.address,
      path: resource.path,
      address: resource.address,
      addressSpaces: r.strings('address_space'),
      subnets: r.blocks('subnet').map((s): Subnet => {
        const name = s.text('name') ?? resource.address;
        return {
          name,
          path: resource.path,
          address: resource.address,
          role: roleOf(name, imagingSubnet),
          addressPrefixes: s.strings('address_prefixes'),
        };
      }),
    })),
  );
  const byResource = new Map(ctx.ofType('azurerm_virtual_network').map((resource, i) => [resource, vnets[i]]));
  for (const resource of ctx.ofType('azurerm_subnet')) {
    ctx.read(resource, (r) => {
      const name = r.text('name') ?? resource.address;
      // By reference first: an interpolated VNet name (`"vnet-${var.site}"`) must not drop the subnet.
      const referenced = r.referencedResource('virtual_network_name');
      const vnetName = r.str('virtual_network_name');
      const vnet =
        (referenced === undefined ? undefined : byResource.get(referenced)) ??
        vnets.find((v) => !isUnknown(vnetName) && v.name === vnetName);
      if (vnet === undefined) {
        r.problem(
          vnetName === undefined
            ? 'it names no virtual network (virtual_network_name is not set), so the subnet is left out of the model'
            : `its virtual network ${isUnknown(vnetName) ? vnetName.unknown : vnetName} is not in this site, so the subnet is left out of the model`,
          'virtual_network_name',
        );
        return;
      }
      vnet.subnets.push({
        name,
        path: resource.path,
        address: resource.address,
        role: roleOf(name, imagingSubnet),
        addressPrefixes: r.strings('address_prefixes'),
      });
    });
  }
  return vnets;
}

/** A public IP's address when the document knows it, else its Terraform address. */
function publicAddress(ctx: SiteContext, target: Target | undefined, attribute: string): Maybe<string> {
  if (target === undefined) return unknown('no public IP');
  if (target.resource === undefined) return target.address;
  return ctx.read(target.resource, (r) => {
    const ip = r.str(attribute);
    return ip !== undefined && !isUnknown(ip) ? ip : (target.resource as TfResource).address;
  });
}

/**
 * What a NAT gateway's associations name, one list per association type (in {@link ASSOCIATIONS}
 * order), then the IP versions of its public IPs and prefixes.
 */
type Associated = [Maybe<string>[], Maybe<string>[], Maybe<string>[], Maybe<string>[]];

/** Association types, in the order of {@link Associated}, and how each names what it associates, as a model value. */
const ASSOCIATIONS: readonly (readonly [string, (ctx: SiteContext, r: AttributeReader) => Maybe<string>])[] = [
  [
    'azurerm_nat_gateway_public_ip_association',
    (ctx, r) => publicAddress(ctx, r.target('public_ip_address_id'), 'ip_address'),
  ],
  [
    'azurerm_nat_gateway_public_ip_prefix_association',
    (ctx, r) => publicAddress(ctx, r.target('public_ip_prefix_id'), 'ip_prefix'),
  ],
  [
    'azurerm_subnet_nat_gateway_association',
    (_ctx, r) => r.target('subnet_id')?.name ?? unknown(`${r.resource.address}.subnet_id`),
  ],
];

/** The attribute naming the public IP or prefix of a NAT gateway association. */
const PUBLIC_SIDE: Record<string, string> = {
  azurerm_nat_gateway_public_ip_association: 'public_ip_address_id',
  azurerm_nat_gateway_public_ip_prefix_association: 'public_ip_prefix_id',
};

/** NAT gateways with their public IPs, prefixes and subnets (through the association resources). */
export function readNatEgress(ctx: SiteContext): NatEgress[] {
  const gateways = ctx.ofType('azurerm_nat_gateway');
  // Most sites have one gateway or none: plain lists per gateway, not a map of maps.
  const byGateway = new Map<TfResource, Associated>();
  for (const g of gateways) byGateway.set(g, [[], [], [], []]);
  for (let kind = 0; kind < ASSOCIATIONS.length; kind++) {
    const [type, valueOf] = ASSOCIATIONS[kind];
    for (const association of ctx.ofType(type)) {
      ctx.read(association, (r) => {
        const gateway = r.target('nat_gateway_id')?.resource;
        const lists = gateway === undefined ? undefined : byGateway.get(gateway);
        if (lists === undefined)
          r.problem(
            'its nat_gateway_id does not name a NAT gateway of this site, so the association is not in the model',
            'nat_gateway_id',
          );
        else {
          lists[kind].push(valueOf(ctx, r));
          const side = PUBLIC_SIDE[type];
          if (side !== undefined) lists[3].push(readPublicIp(ctx, r.target(side)).ipVersion);
        }
      });
    }
  }
  return gateways.map((resource) => {
    // Sorted: association addresses carry cdktf hashes, so their order says nothing.
    const [publicIps, publicIpPrefixes, subnets, versions] = byGateway.get(resource) as Associated;
    return ctx.read(resource, (r) => ({
      name: r.text('name') ?? resource.address,
      path: resource.path,
      address: resource.address,
      sku: r.str('sku_name') ?? 'Basic',
      idleTimeoutMinutes: r.num('idle_timeout_in_minutes') ?? 4,
      publicIps: sortMaybes(publicIps),
      publicIpPrefixes: sortMaybes(publicIpPrefixes),
      subnets: sortMaybes(subnets),
      ipv6: carriesIpv6(versions),
    }));
  });
}

/** True when one of the versions is IPv6; else unknown when one is not known; else false. */
function carriesIpv6(versions: readonly Maybe<string>[]): Maybe<boolean> {
  if (versions.some((v) => v === 'IPv6')) return true;
  return versions.find((v) => isUnknown(v)) ?? false;
}

/** A public IP resource as the VPN gateway model describes it. */
export function readPublicIp(ctx: SiteContext, target: Target | undefined): PublicIp {
  if (target?.resource === undefined) {
    const what = target === undefined ? unknown('no public IP') : target.address;
    const address = isUnknown(what) ? what.unknown : what;
    return { address, allocation: unknown(address), sku: unknown(address), ipVersion: unknown(address) };
  }
  const resource = target.resource;
  return ctx.read(resource, (r) => {
    const allocation = r.str('allocation_method') ?? unknown(`${resource.address}.allocation_method`);
    const ipVersion = r.str('ip_version') ?? 'IPv4';
    return {
      address: resource.address,
      allocation: oneOf(r, 'allocation_method', allocation, ['Static', 'Dynamic'] as const),
      sku: r.str('sku') ?? 'Standard',
      ipVersion: oneOf(r, 'ip_version', ipVersion, ['IPv4', 'IPv6'] as const),
    };
  });
}

/** The value when it is one of `allowed`, else an unknown (and a problem). */
export function oneOf<T extends string>(
  r: AttributeReader,
  name: string,
  value: Maybe<string>,
  allowed: readonly T[],
): Maybe<T> {
  if (isUnknown(value)) return value;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  r.problem(`${name} is "${value}", expected one of ${allowed.join(', ')}`, name);
  return unknown(`${r.resource.address}.${name} = ${value}`);
}
