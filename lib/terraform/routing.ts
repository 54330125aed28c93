// SPDX-License-Identifier: Apache-2.0
/**
 * Where each subnet's `0.0.0.0/0` traffic goes, from route tables (inline `route` blocks
 * and `azurerm_route` resources) and `azurerm_subnet_route_table_association`. A subnet
 * with no route table keeps Azure's system route to the internet.
 */
import { memoByText } from '../core/memo';
import type { EgressVia, Maybe, Subnet, VirtualNetwork } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import { Cidr, isIpAddress } from '../net/cidr';
import type { Draft, SiteContext } from './context';
import type { TfResource } from './document';
import { isObject } from './document';
import type { AttributeReader } from './values';

const DEFAULT_ROUTE = '0.0.0.0/0';

/** One route: its destination and where it sends traffic. */
interface RouteFact {
  readonly prefix: Maybe<string>;
  readonly via: Maybe<EgressVia>;
}

/** A route table's routes; `incomplete` says why the list may be missing routes. */
interface TableFacts {
  readonly routes: RouteFact[];
  incomplete?: string;
}

/** What a next hop is compared with to decide whether it is the site firewall. */
interface FirewallFacts {
  /** Each firewall's module and the traversal that names it (`azurerm_firewall.fw`). */
  readonly references: readonly { readonly module: string; readonly traversal: string }[];
  /** Read on first use: a route that refers to the firewall resource needs neither. */
  readonly addresses: () => { readonly privateIps: ReadonlySet<string>; readonly subnetPrefixes: readonly Cidr[] };
}

/** The site's VNets (as readVnets built them) with `egressVia` set on every subnet. */
export function withEgressRoutes(ctx: SiteContext, vnets: VirtualNetwork[]): VirtualNetwork[] {
  const firewall = firewallFacts(ctx, vnets);
  const tables = readTables(ctx, firewall);
  // Associations by subnet resource address, or by subnet name when the subnet is not a resource here.
  const byAddress = new Map<string, Maybe<EgressVia>>();
  const byName = new Map<string, Maybe<EgressVia>>();
  let unattributed: string | undefined;
  // A table usually serves several subnets: work out where it sends internet traffic once.
  const effective = new Map<TableFacts, Maybe<EgressVia>>();
  const effectiveOf = (facts: TableFacts): Maybe<EgressVia> => {
    let via = effective.get(facts);
    if (via === undefined) effective.set(facts, (via = defaultRouteOf(facts)));
    return via;
  };
  for (const association of ctx.ofType('azurerm_subnet_route_table_association')) {
    ctx.read(association, (r) => {
      const subnet = r.target('subnet_id');
      const table = r.target('route_table_id');
      const facts = table?.resource === undefined ? undefined : tables.get(table.resource);
      const via =
        facts === undefined
          ? unknown(
              `${association.address}.route_table_id: ${describe(table?.address)} is not a route table of this site`,
            )
          : effectiveOf(facts);
      if (subnet?.resource !== undefined) byAddress.set(subnet.resource.address, via);
      else if (subnet !== undefined && !isUnknown(subnet.name)) byName.set(subnet.name, via);
      else unattributed = `${association.address}.subnet_id: ${describe(subnet?.address)}`;
    });
  }
  const hubbed = hubConnectedVnets(ctx);
  const egressOf = (vnet: VirtualNetwork, s: Subnet): Maybe<EgressVia> => {
    // Inline subnets share their VNet's address, so they are matched by name.
    const own = s.address !== vnet.address ? byAddress.get(s.address) : undefined;
    const via = own ?? byName.get(s.name);
    if (via !== undefined) return via;
    const hub = hubbed.get(vnet.address);
    if (hub !== undefined)
      return unknown(
        `${vnet.name} is connected to vWAN hub ${hub}, whose routes (routing intent) clinicnet does not model`,
      );
    return unattributed !== undefined
      ? unknown(`a route table association names no known subnet (${unattributed})`)
      : 'internet';
  };
  // The VNets and subnets are readVnets' fresh objects, owned by this site's read: `egressVia` is
  // assigned to them (as the last key, where a spread would put it) instead of copying every one.
  for (const vnet of vnets) for (const s of vnet.subnets) (s as Draft<Subnet>).egressVia = egressOf(vnet, s);
  return vnets;
}

/**
 * VNets connected to a vWAN hub (`azurerm_virtual_hub_connection`), by VNet address → hub: the hub
 * (its routing intent or route tables) may send their internet traffic anywhere, so a subnet
 * without its own route table there does not go to the internet by Azure's system route.
 */
function hubConnectedVnets(ctx: SiteContext): Map<string, string> {
  const result = new Map<string, string>();
  for (const connection of ctx.ofType('azurerm_virtual_hub_connection')) {
    ctx.read(connection, (r) => {
      const vnet = r.target('remote_virtual_network_id');
      const hub = r.target('virtual_hub_id');
      const hubName = hub === undefined ? connection.address : describe(hub.address);
      if (vnet?.resource !== undefined) result.set(vnet.resource.address, hubName);
      else
        r.problem(
          `remote_virtual_network_id ${describe(vnet?.address)} is not a VNet of this site`,
          'remote_virtual_network_id',
        );
    });
  }
  return result;
}

function describe(value: Maybe<string> | undefined): string {
  return value === undefined ? 'not set' : isUnknown(value) ? value.unknown : value;
}

/**
 * Where a table sends internet traffic: its default route (else Azure's internet route),
 * unless broader routes than any private range (`/1`–`/7`, such as the split default
 * `0.0.0.0/1` + `128.0.0.0/1`) take that traffic elsewhere, which longest-prefix matching lets them.
 */
function defaultRouteOf(table: TableFacts): Maybe<EgressVia> {
  const base = declaredDefaultOf(table);
  if (isUnknown(base)) return base;
  const broad: { readonly cidr: Cidr; readonly via: Maybe<EgressVia> }[] = [];
  for (const route of table.routes) {
    if (isUnknown(route.prefix)) continue;
    // Most routes are narrow: only a mask of 1–7 is worth parsing the prefix for.
    const mask = Number(route.prefix.slice(route.prefix.lastIndexOf('/') + 1));
    if (!(mask >= 1 && mask <= MOST_SPECIFIC_BROAD_ROUTE) || !Cidr.isCidr(route.prefix)) continue;
    const cidr = Cidr.parse(route.prefix);
    if (cidr.version === 4) broad.push({ cidr, via: route.via });
  }
  const unresolved = broad.find((r) => isUnknown(r.via));
  if (unresolved !== undefined)
    return unknown(
      `route ${unresolved.cidr.toString()} has a next hop that cannot be resolved; it may take internet traffic past the default route`,
    );
  // Every next hop is known from here on (an unknown one returned above).
  const elsewhere = broad.flatMap(({ cidr, via }) => (isUnknown(via) || via === base ? [] : [{ cidr, via }]));
  if (elsewhere.length === 0) return base;
  const hops = new Set(elsewhere.map((r) => r.via));
  // Routes covering the whole IPv4 space replace the default route altogether.
  if (coverEverything(elsewhere.map((r) => r.cidr))) {
    if (hops.size === 1) return [...hops][0];
    return hops.has('internet')
      ? 'internet'
      : unknown(`routes ${elsewhere.map((r) => r.cidr).join(', ')} split internet traffic between next hops`);
  }
  if (base === 'internet' || hops.has('internet')) return 'internet';
  return unknown(
    `route ${elsewhere[0].cidr.toString()} sends part of the internet to ${elsewhere[0].via}, not ${base} like the default route`,
  );
}

/** Routes this broad or broader include public addresses; private ranges are /8 or narrower. */
const MOST_SPECIFIC_BROAD_ROUTE = 7;

/** True when the networks together cover all of 0.0.0.0/0. */
function coverEverything(networks: readonly Cidr[]): boolean {
  const sorted = [...networks].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const n of sorted) {
    if (n.first > next) return false;
    if (n.last + 1n > next) next = n.last + 1n;
  }
  return next === 1n << 32n;
}

/** Where the table's own default route goes: its `0.0.0.0/0`, else the internet unless routes are missing. */
function declaredDefaultOf(table: TableFacts): Maybe<EgressVia> {
  const defaults = table.routes.filter((r) => r.prefix === DEFAULT_ROUTE);
  if (defaults.length > 0) {
    const kinds = new Set(defaults.map((d) => (isUnknown(d.via) ? d.via.unknown : d.via)));
    return kinds.size === 1
      ? defaults[0].via
      : unknown(`several ${DEFAULT_ROUTE} routes: ${[...kinds].sort().join(', ')}`);
  }
  const unresolved = table.routes.find((r) => isUnknown(r.prefix));
  if (unresolved !== undefined && isUnknown(unresolved.prefix))
    return unknown(`a route prefix is unknown (${unresolved.prefix.unknown})`);
  return table.incomplete !== undefined ? unknown(table.incomplete) : 'internet';
}

function firewallFacts(ctx: SiteContext, vnets: readonly VirtualNetwork[]): FirewallFacts {
  const resources = ctx.ofType('azurerm_firewall');
  let addresses: ReturnType<FirewallFacts['addresses']> | undefined;
  const read = (): ReturnType<FirewallFacts['addresses']> => {
    const privateIps = new Set<string>();
    for (const fw of resources) {
      ctx.read(fw, (r) =>
        r.blocks('ip_configuration').forEach((c) => {
          const ip = c.text('private_ip_address');
          if (ip !== undefined) privateIps.add(ip);
        }),
      );
    }
    const subnetPrefixes: Cidr[] = [];
    for (const vnet of vnets) {
      for (const subnet of vnet.subnets) {
        if (subnet.role !== 'firewall') continue;
        for (const prefix of subnet.addressPrefixes) if (!isUnknown(prefix)) subnetPrefixes.push(Cidr.parse(prefix));
      }
    }
    return { privateIps, subnetPrefixes };
  };
  const references = resources.map((fw) => ({ module: fw.module, traversal: `azurerm_firewall.${fw.name}` }));
  return { references, addresses: () => (addresses ??= read()) };
}

/** Every route table with its inline routes and the `azurerm_route` resources that name it. */
function readTables(ctx: SiteContext, firewall: FirewallFacts): Map<TfResource, TableFacts> {
  const tables = new Map<TfResource, TableFacts>();
  for (const table of ctx.ofType('azurerm_route_table')) {
    tables.set(
      table,
      ctx.read(table, (r): TableFacts => {
        const list = r.resolve('route');
        if (list.kind !== 'value' && list.kind !== 'absent')
          return { routes: [], incomplete: `${table.address}.route is known only after apply` };
        return {
          routes: r
            .blocks('route')
            .map((b, i) => routeFact(b, table, ['route', i, 'next_hop_in_ip_address'], firewall)),
        };
      }),
    );
  }
  for (const route of ctx.ofType('azurerm_route')) {
    ctx.read(route, (r) => {
      const named = r.text('route_table_name');
      const referenced = r.referencedResource('route_table_name');
      const table =
        referenced?.type === 'azurerm_route_table'
          ? referenced
          : [...tables.keys()].find((t) => named !== undefined && ctx.read(t, (tr) => tr.text('name')) === named);
      const fact = routeFact(r, route, ['next_hop_in_ip_address'], firewall);
      const facts = table === undefined ? undefined : tables.get(table);
      if (facts !== undefined) facts.routes.push(fact);
      else {
        r.problem(
          `its route_table_name ${named ?? '(unresolved)'} names no route table of this site, so the route is not in the model`,
          'route_table_name',
        );
        // The route may belong to any table: none of them can be said to lack a default route.
        for (const t of tables.values()) t.incomplete ??= `${route.address} may belong to this route table`;
      }
    });
  }
  return tables;
}

function routeFact(
  r: AttributeReader,
  resource: TfResource,
  hopPath: readonly (string | number)[],
  firewall: FirewallFacts,
): RouteFact {
  const prefix = r.str('address_prefix') ?? unknown(`${resource.address}: route without address_prefix`);
  const type = r.str('next_hop_type');
  if (type === undefined) return { prefix, via: unknown(`${resource.address}: route without next_hop_type`) };
  if (isUnknown(type)) return { prefix, via: type };
  switch (type) {
    case 'Internet':
      return { prefix, via: 'internet' };
    case 'VirtualAppliance':
      return { prefix, via: applianceHop(r, resource, hopPath, firewall) };
    case 'VirtualNetworkGateway':
    case 'VnetLocal':
    case 'None':
      return { prefix, via: 'other' };
    default:
      r.problem(
        `next_hop_type is "${type}", expected Internet, VirtualAppliance, VirtualNetworkGateway, VnetLocal or None`,
        'next_hop_type',
      );
      return { prefix, via: unknown(`${resource.address}: next_hop_type ${type}`) };
  }
}

/**
 * A virtual-appliance next hop is the site firewall when it refers to an `azurerm_firewall`
 * of the site, equals a firewall's known private IP, or lies in AzureFirewallSubnet (which
 * holds nothing but the firewall); any other known address is another appliance.
 */
function applianceHop(
  r: AttributeReader,
  resource: TfResource,
  hopPath: readonly (string | number)[],
  firewall: FirewallFacts,
): Maybe<EgressVia> {
  const refersToFirewall = referencesAt(resource, hopPath).some((ref) =>
    firewall.references.some((fw) => fw.module === resource.module && namesResource(ref, fw.traversal)),
  );
  if (refersToFirewall) return 'firewall';
  const ip = r.str('next_hop_in_ip_address');
  if (ip === undefined) return unknown(`${resource.address}: VirtualAppliance route without next_hop_in_ip_address`);
  if (isUnknown(ip)) return ip;
  if (!isIpAddress(ip)) return unknown(`${resource.address}: next hop "${ip}" is not an IP address`);
  const { privateIps, subnetPrefixes } = firewall.addresses();
  if (privateIps.has(ip)) return 'firewall';
  const host = Cidr.parse(`${ip}/${ip.includes(':') ? 128 : 32}`);
  return subnetPrefixes.some((p) => p.version === host.version && p.contains(host)) ? 'firewall' : 'other';
}

/** Traversals an attribute is built from: `${…}` in cdk.tf.json, or the plan configuration's references. */
function referencesAt(resource: TfResource, path: readonly (string | number)[]): readonly string[] {
  const raw = walk(resource.values, path);
  // A literal next hop (an IP address) holds no traversal: no memo look-up for it.
  if (typeof raw === 'string') return raw.includes('${') ? referencesIn(raw) : NO_REFERENCES;
  // A plan gives references on the attribute, or on an enclosing expression (a whole `route` list).
  let node: unknown = resource.expressions;
  for (let depth = 0; depth <= path.length; depth++) {
    if (isObject(node) && Array.isArray(node.references)) return node.references.map(String);
    if (depth < path.length) node = walk(node, [path[depth]]);
  }
  return [];
}

const NO_REFERENCES: readonly string[] = Object.freeze([]);

/** The traversals inside every `${…}` of a text (every site's routes repeat the same few texts). */
const referencesIn = memoByText((text): readonly string[] =>
  Object.freeze([...text.matchAll(/\$\{([^{}]+)\}/g)].map((m) => m[1].trim())),
);

function walk(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) current = typeof segment === 'number' ? current[segment] : undefined;
    else if (isObject(current)) current = typeof segment === 'number' && segment === 0 ? current : current[segment];
    else return undefined;
  }
  return current;
}

/** True when the traversal `ref` is `address` itself or an attribute or instance of it (no regex built per route). */
function namesResource(ref: string, address: string): boolean {
  if (!ref.startsWith(address)) return false;
  const next = ref.charAt(address.length);
  return next === '' || next === '.' || next === '[';
}
