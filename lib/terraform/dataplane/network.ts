// SPDX-License-Identifier: Apache-2.0
/** VNets, subnets, route tables, NSGs, NICs and public IPs of one site, for the data plane. */
import type {
  DataPlanePublicIp,
  DataPlaneSubnet,
  DataPlaneSubnetRole,
  DataPlaneVnet,
  NextHopType,
  Nic,
  Nsg,
  NsgRule,
  Route,
  RouteTable,
} from '../../model/dataplane';
import type { Maybe } from '../../model/types';
import { isUnknown, unknown } from '../../model/types';
import type { SiteContext } from '../context';
import type { TfResource } from '../document';
import type { AttributeReader, DocumentIndex } from '../values';
import { oneOf } from '../network';
import { refAddress } from './refs';

const PLATFORM_SUBNETS: readonly DataPlaneSubnetRole[] = [
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'GatewaySubnet',
  'AzureBastionSubnet',
  'RouteServerSubnet',
];

const NEXT_HOPS: readonly NextHopType[] = [
  'VirtualAppliance',
  'Internet',
  'VnetLocal',
  'VirtualNetworkGateway',
  'None',
];

/** Next hop types by their lowercase text (azurerm compares them without case); one look-up per route. */
const NEXT_HOP_BY_LOWERCASE: ReadonlyMap<string, NextHopType> = new Map(NEXT_HOPS.map((h) => [h.toLowerCase(), h]));

/** What a site without associations of a type gets: one shared map, never written to. */
const NO_ASSOCIATIONS: ReadonlyMap<string, Maybe<string>> = new Map();

/** `subnet → associated thing` from one association type, keyed by subnet address. */
export function associations(
  ctx: SiteContext,
  type: string,
  from: string,
  to: string,
): ReadonlyMap<string, Maybe<string>> {
  const resources = ctx.ofType(type);
  // Most sites lack most association types (NSGs, NIC NSGs): no map built for those.
  if (resources.length === 0) return NO_ASSOCIATIONS;
  const found = new Map<string, Maybe<string>>();
  for (const association of resources) {
    ctx.read(association, (r) => {
      const key = refAddress(r, from);
      const value = refAddress(r, to) ?? unknown(`${association.address}.${to}`);
      if (key !== undefined && !isUnknown(key)) found.set(key, value);
    });
  }
  return found;
}

export function readVnets(ctx: SiteContext): DataPlaneVnet[] {
  const extraDns = new Map<string, Maybe<string>[]>();
  for (const resource of ctx.ofType('azurerm_virtual_network_dns_servers')) {
    ctx.read(resource, (r) => {
      const vnet = refAddress(r, 'virtual_network_id');
      if (vnet !== undefined && !isUnknown(vnet)) extraDns.set(vnet, r.strings('dns_servers'));
    });
  }
  const peerings = ctx.ofType('azurerm_virtual_network_peering').map((p) =>
    ctx.read(p, (r) => ({
      vnet: r.referencedResource('virtual_network_name')?.address ?? r.text('virtual_network_name'),
      peering: {
        name: r.text('name') ?? p.address,
        address: p.address,
        remote: refAddress(r, 'remote_virtual_network_id') ?? unknown(`${p.address}.remote_virtual_network_id`),
      },
    })),
  );
  return ctx.ofType('azurerm_virtual_network').map((v) =>
    ctx.read(v, (r) => {
      const name = r.text('name') ?? v.address;
      return {
        name,
        address: v.address,
        spaces: r.strings('address_space'),
        dnsServers: extraDns.get(v.address) ?? r.strings('dns_servers'),
        peerings: peerings.filter((p) => p.vnet === v.address || p.vnet === name).map((p) => p.peering),
      };
    }),
  );
}

function roleOf(name: string | undefined, r: AttributeReader, appGatewaySubnets: ReadonlySet<string>, address: string) {
  const platform = PLATFORM_SUBNETS.find((role) => role === name);
  if (platform !== undefined) return platform;
  if (appGatewaySubnets.has(address)) return 'application-gateway';
  return r.blocks('delegation').length > 0 ? 'delegated' : 'workload';
}

export function readSubnets(ctx: SiteContext, appGatewaySubnets: ReadonlySet<string>): DataPlaneSubnet[] {
  const tables = associations(ctx, 'azurerm_subnet_route_table_association', 'subnet_id', 'route_table_id');
  const nsgs = associations(
    ctx,
    'azurerm_subnet_network_security_group_association',
    'subnet_id',
    'network_security_group_id',
  );
  const nats = associations(ctx, 'azurerm_subnet_nat_gateway_association', 'subnet_id', 'nat_gateway_id');
  return ctx.ofType('azurerm_subnet').map((s) =>
    ctx.read(s, (r) => {
      const name = r.text('name');
      const subnet: {
        -readonly [K in keyof DataPlaneSubnet]?: DataPlaneSubnet[K];
      } = {
        name: name ?? s.address,
        address: s.address,
        vnet: r.referencedResource('virtual_network_name')?.address ?? r.text('virtual_network_name') ?? '',
        role: roleOf(name, r, appGatewaySubnets, s.address),
        prefixes: r.strings('address_prefixes'),
      };
      const table = tables.get(s.address);
      if (table !== undefined) subnet.routeTable = table;
      const nsg = nsgs.get(s.address);
      if (nsg !== undefined) subnet.nsg = nsg;
      const nat = nats.get(s.address);
      if (nat !== undefined) subnet.natGateway = nat;
      const outbound = r.bool('default_outbound_access_enabled');
      if (outbound !== undefined) subnet.defaultOutboundAccess = outbound;
      return subnet as DataPlaneSubnet;
    }),
  );
}

const FIREWALL_REFERENCE = /(?:^|[^.\w])azurerm_firewall\.([A-Za-z0-9_-]+)\.ip_configuration/;

function routeOf(index: DocumentIndex, r: AttributeReader, name: string, address: string): Route {
  const hop = r.str('next_hop_type');
  const route: { -readonly [K in keyof Route]?: Route[K] } = {
    name,
    address,
    prefix: r.str('address_prefix') ?? unknown(`${address}.address_prefix`),
    nextHopType:
      hop === undefined || isUnknown(hop)
        ? (hop ?? unknown(`${address}.next_hop_type`))
        : (NEXT_HOP_BY_LOWERCASE.get(hop.toLowerCase()) ?? unknown(`next hop type "${hop}"`)),
  };
  const ip = r.str('next_hop_in_ip_address');
  if (ip !== undefined) route.nextHopIp = ip;
  // `${azurerm_firewall.fw.ip_configuration[0].private_ip_address}` is assigned at apply, but it is that firewall.
  const firewall = isUnknown(ip) ? FIREWALL_REFERENCE.exec(ip.unknown) : null;
  const found =
    firewall === null ? undefined : index.find(r.resource.module, 'managed', 'azurerm_firewall', firewall[1]);
  if (found !== undefined) route.nextHopFirewall = found.address;
  return route as Route;
}

export function readRouteTables(ctx: SiteContext): RouteTable[] {
  const separate = new Map<string, Route[]>();
  for (const resource of ctx.ofType('azurerm_route')) {
    ctx.read(resource, (r) => {
      const table = r.referencedResource('route_table_name')?.address ?? r.text('route_table_name') ?? '';
      const list = separate.get(table) ?? [];
      list.push(routeOf(ctx.index, r, r.text('name') ?? resource.address, resource.address));
      separate.set(table, list);
    });
  }
  return ctx.ofType('azurerm_route_table').map((t) =>
    ctx.read(t, (r) => {
      const name = r.text('name') ?? t.address;
      const disabled = r.bool('disable_bgp_route_propagation');
      const enabled = r.bool('bgp_route_propagation_enabled');
      const inline = r.blocks('route').map((b, i) => routeOf(ctx.index, b, b.text('name') ?? `route[${i}]`, t.address));
      return {
        name,
        address: t.address,
        gatewayPropagation: enabled ?? (disabled === undefined ? true : isUnknown(disabled) ? disabled : !disabled),
        routes: [...inline, ...(separate.get(t.address) ?? []), ...(separate.get(name) ?? [])],
      };
    }),
  );
}

function nsgRule(r: AttributeReader, name: string, address: string): NsgRule {
  const plural = (one: string, many: string): Maybe<string>[] => {
    const single = r.str(one);
    return single !== undefined ? [single] : r.strings(many);
  };
  const access = r.str('access');
  const direction = r.str('direction');
  return {
    name,
    address,
    priority: r.num('priority') ?? unknown(`${address}: rule ${name} has no priority`),
    direction:
      direction === 'Inbound' || direction === 'Outbound' ? direction : unknown(`${address}: direction of ${name}`),
    access: access === 'Allow' || access === 'Deny' ? access : unknown(`${address}: access of ${name}`),
    protocol: r.str('protocol') ?? unknown(`${address}: protocol of ${name}`),
    sources: plural('source_address_prefix', 'source_address_prefixes'),
    destinations: plural('destination_address_prefix', 'destination_address_prefixes'),
    sourcePorts: plural('source_port_range', 'source_port_ranges'),
    destinationPorts: plural('destination_port_range', 'destination_port_ranges'),
  };
}

export function readNsgs(ctx: SiteContext): Nsg[] {
  const separate = new Map<string, NsgRule[]>();
  for (const resource of ctx.ofType('azurerm_network_security_rule')) {
    ctx.read(resource, (r) => {
      const nsg = r.referencedResource('network_security_group_name')?.address ?? r.text('network_security_group_name');
      const list = separate.get(nsg ?? '') ?? [];
      list.push(nsgRule(r, r.text('name') ?? resource.address, resource.address));
      separate.set(nsg ?? '', list);
    });
  }
  return ctx.ofType('azurerm_network_security_group').map((n) =>
    ctx.read(n, (r) => {
      const name = r.text('name') ?? n.address;
      const inline = r
        .blocks('security_rule')
        .map((b, i) => nsgRule(b, b.text('name') ?? `security_rule[${i}]`, n.address));
      return {
        name,
        address: n.address,
        rules: [...inline, ...(separate.get(n.address) ?? []), ...(separate.get(name) ?? [])],
      };
    }),
  );
}

export function readNics(ctx: SiteContext): Nic[] {
  const nsgs = associations(
    ctx,
    'azurerm_network_interface_security_group_association',
    'network_interface_id',
    'network_security_group_id',
  );
  return ctx.ofType('azurerm_network_interface').map((n) =>
    ctx.read(n, (r) => {
      const configs = r.blocks('ip_configuration');
      const nic: { -readonly [K in keyof Nic]?: Nic[K] } = {
        name: r.text('name') ?? n.address,
        address: n.address,
        subnet: (configs[0] && refAddress(configs[0], 'subnet_id')) ?? unknown(`${n.address}: no subnet`),
        privateIps: configs.map((c, i) =>
          c.text('private_ip_address_allocation')?.toLowerCase() === 'static'
            ? (c.str('private_ip_address') ?? unknown(`${n.address}.ip_configuration[${i}].private_ip_address`))
            : (c.str('private_ip_address') ?? unknown(`${n.address}.ip_configuration[${i}]: dynamic private IP`)),
        ),
        publicIps: configs
          .map((c) => refAddress(c, 'public_ip_address_id'))
          .filter((p): p is Maybe<string> => p !== undefined),
      };
      const nsg = nsgs.get(n.address);
      if (nsg !== undefined) nic.nsg = nsg;
      return nic as Nic;
    }),
  );
}

export function readPublicIps(ctx: SiteContext): DataPlanePublicIp[] {
  return ctx.ofType('azurerm_public_ip').map((p: TfResource) =>
    ctx.read(p, (r) => ({
      name: r.text('name') ?? p.address,
      address: p.address,
      ip: r.str('ip_address') ?? unknown(`${p.address}.ip_address (assigned at apply)`),
      // azurerm 4 creates Standard public IPs unless told otherwise.
      sku: r.str('sku') ?? 'Standard',
      ipVersion: oneOf(r, 'ip_version', r.str('ip_version') ?? 'IPv4', ['IPv4', 'IPv6'] as const),
    })),
  );
}
