// SPDX-License-Identifier: Apache-2.0
/**
 * Effective routes of a subnet ("Virtual network traffic routing"): user-defined routes,
 * routes learned by the VPN gateway, and Azure's system routes; the longest prefix wins, then
 * user > gateway > system, except that the VNet's own and peered spaces beat more specific
 * gateway routes. IPv4 and IPv6 destinations each have their default route.
 */
import type { DataPlaneSubnet, HubRouting } from '../model/dataplane';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { SitePlane } from './estate';
import { knownRanges } from './estate';
import type { Endpoint } from './match';
import { cidrOf, describeEndpoint, isPrivate, PRIVATE_RANGES } from './match';

export type HopType = 'VirtualAppliance' | 'Internet' | 'VnetLocal' | 'VNetPeering' | 'VirtualNetworkGateway' | 'None';

export interface RouteEntry {
  readonly name: string;
  readonly address: string;
  readonly prefix: Cidr;
  readonly source: 'user' | 'gateway' | 'system';
  readonly nextHop: HopType;
  readonly nextHopIp?: string;
  readonly nextHopFirewall?: string;
}

/** A subnet's routes, or the reason they cannot all be known. */
export interface RouteSet {
  readonly entries: RouteEntry[];
  /**
   * The route picked for each destination so far, by {@link effectiveRoute}: its memo, filled as
   * walks ask; by host name, by range text, and for "some internet address".
   */
  readonly picked: {
    readonly hosts: Map<string, Effective>;
    readonly ranges: Map<string, Effective>;
    internet?: Effective;
  };
  /** What a route hop says of each picked route, by {@link routeDetail}: its memo. */
  readonly details: Map<RouteEntry, string>;
  readonly unknown?: string;
  /** A peered VNet whose space is not in the input: it may hold any private destination. */
  readonly unknownPrivate?: string;
}

const RANK = { user: 0, gateway: 1, system: 2 } as const;
const DEFAULT = cidrOf('0.0.0.0/0') as Cidr;
const DEFAULT_V6 = cidrOf('::/0') as Cidr;

/**
 * Azure's IPv6 default: `::/0 → Internet` in a VNet with an IPv6 address space (a dual-stack
 * VNet's effective routes show it beside `0.0.0.0/0`). Microsoft lists no IPv6 counterpart of
 * the RFC 1918 `None` routes, so none is added. A VNet without IPv6 space gives its machines no
 * IPv6 address: nothing they send over IPv6 leaves, modelled as `::/0 → None`.
 */
function ipv6Default(spaces: readonly Cidr[], vnet: string): { name: string; nextHop: HopType } {
  return spaces.some((r) => r.version === 6)
    ? { name: 'Azure system route ::/0', nextHop: 'Internet' }
    : { name: `Azure system route ::/0 (VNet ${vnet} has no IPv6 address space)`, nextHop: 'None' };
}

function userRoutes(site: SitePlane, subnet: DataPlaneSubnet, entries: RouteEntry[]): string | undefined {
  if (subnet.routeTable === undefined) return undefined;
  if (isUnknown(subnet.routeTable)) return `route table of ${subnet.name}: ${subnet.routeTable.unknown}`;
  const table = site.tables.get(subnet.routeTable);
  if (table === undefined) return `route table ${subnet.routeTable} is not in the input`;
  for (const r of table.routes) {
    const prefix = isUnknown(r.prefix) ? undefined : cidrOf(r.prefix);
    if (prefix === undefined || isUnknown(r.nextHopType)) {
      return `route ${r.name} of ${table.name}: ${isUnknown(r.prefix) ? r.prefix.unknown : isUnknown(r.nextHopType) ? r.nextHopType.unknown : `prefix "${r.prefix}"`}`;
    }
    const entry: { -readonly [K in keyof RouteEntry]?: RouteEntry[K] } = {
      name: `${table.name}/${r.name}`,
      address: r.address,
      prefix,
      source: 'user',
      nextHop: r.nextHopType,
    };
    if (r.nextHopIp !== undefined && !isUnknown(r.nextHopIp)) entry.nextHopIp = r.nextHopIp;
    if (r.nextHopFirewall !== undefined) entry.nextHopFirewall = r.nextHopFirewall;
    entries.push(entry as RouteEntry);
  }
  return undefined;
}

const unknownPropagation = (propagation: Maybe<boolean>): string | undefined =>
  isUnknown(propagation) ? `gateway route propagation: ${propagation.unknown}` : undefined;

/**
 * The routes a vWAN hub's routing intent programs into a connected VNet: 0.0.0.0/0 (Internet
 * policy) and the private ranges (PrivateTraffic policy) to the hub firewall. Returns why they
 * cannot be known, if so.
 */
function hubRoutes(routing: HubRouting, address: string, entries: RouteEntry[]): string | undefined {
  const via = (firewall: Maybe<string> | undefined, prefixes: readonly Cidr[], policy: string) => {
    if (firewall === undefined) return undefined;
    if (isUnknown(firewall)) return `vWAN routing intent (${policy}): ${firewall.unknown}`;
    for (const prefix of prefixes)
      entries.push({
        name: `vWAN routing intent (${policy}) to ${firewall}`,
        address,
        prefix,
        source: 'gateway',
        nextHop: 'VirtualAppliance',
        nextHopFirewall: firewall,
      });
    return undefined;
  };
  return via(routing.internet, [DEFAULT], 'Internet') ?? via(routing.private, PRIVATE_RANGES, 'PrivateTraffic');
}

/** Every route the subnet has; built once per subnet. */
export function routesOf(site: SitePlane, subnet: DataPlaneSubnet): RouteSet {
  return site.memoOf('routes', subnet, () => {
    const entries: RouteEntry[] = [];
    let unknown = userRoutes(site, subnet, entries);
    let unknownPrivate: string | undefined;
    const vnet = site.vnetOf(subnet);
    const system = (name: string, prefix: Cidr, nextHop: HopType, address: string) =>
      entries.push({ name, address, prefix, source: 'system', nextHop });
    const own = knownRanges(vnet?.spaces ?? []);
    unknown ??= own.unknown;
    for (const space of own.ranges)
      system(`VNet ${vnet?.name ?? subnet.vnet}`, space, 'VnetLocal', vnet?.address ?? '');
    for (const peering of vnet?.peerings ?? []) {
      const remote = isUnknown(peering.remote) ? undefined : site.vnets.get(peering.remote);
      if (remote === undefined) {
        unknownPrivate ??= `address space of the VNet peered by ${peering.name} (not in the input)`;
        continue;
      }
      for (const space of knownRanges(remote.spaces).ranges)
        system(`peering ${peering.name}`, space, 'VNetPeering', peering.address);
    }
    const table = typeof subnet.routeTable === 'string' ? site.tables.get(subnet.routeTable) : undefined;
    const propagation = table?.gatewayPropagation ?? true;
    if (site.site.vpnGateway !== undefined && propagation !== false) {
      for (const link of site.site.vpnLinks) {
        const remote = knownRanges(link.remote.prefixes);
        if (isUnknown(propagation)) unknown ??= `gateway route propagation: ${propagation.unknown}`;
        for (const prefix of remote.ranges)
          entries.push({
            name: `VPN ${link.name}`,
            address: link.address,
            prefix,
            source: 'gateway',
            nextHop: 'VirtualNetworkGateway',
          });
      }
    }
    if (vnet?.hubRouting !== undefined && propagation !== false)
      unknown ??= hubRoutes(vnet.hubRouting, vnet.address, entries) ?? unknownPropagation(propagation);
    for (const p of PRIVATE_RANGES) system(`Azure system route ${p.toString()}`, p, 'None', 'azure');
    system('Azure system route 0.0.0.0/0', DEFAULT, 'Internet', 'azure');
    const v6 = ipv6Default(own.ranges, vnet?.name ?? subnet.vnet);
    system(v6.name, DEFAULT_V6, v6.nextHop, 'azure');
    const set: { -readonly [K in keyof RouteSet]?: RouteSet[K] } = {
      entries,
      picked: { hosts: new Map(), ranges: new Map() },
      details: new Map(),
    };
    if (unknown !== undefined) set.unknown = unknown;
    if (unknownPrivate !== undefined) set.unknownPrivate = unknownPrivate;
    return set as RouteSet;
  });
}

/** Whether the entry's prefix holds the endpoint: true, false, or a reason it may. */
function holds(entry: RouteEntry, endpoint: Endpoint): true | false | string {
  if (endpoint.kind === 'range') {
    if (entry.prefix.contains(endpoint.range)) return true;
    return entry.prefix.overlaps(endpoint.range)
      ? `part of ${endpoint.range.toString()} takes route ${entry.name}`
      : false;
  }
  // A hostname is traced over IPv4 (Azure Firewall filters IPv4 only): IPv6 routes never hold it.
  if (entry.prefix.version === 6) return false;
  if (entry.prefix.prefixLength === 0) return true;
  // A public hostname (or internet address) is never in a private prefix; a public prefix may hold it.
  return isPrivate(entry.prefix)
    ? false
    : `whether ${describeEndpoint(endpoint)} is in ${entry.prefix.toString()} (route ${entry.name})`;
}

/** The route picked for a destination, or why it cannot be told. */
export type Effective = RouteEntry | { readonly unknown: string };

/**
 * The route Azure picks for the endpoint, or why it cannot be told. Worked out once per route
 * set and destination: a subnet sends to the same few destinations on many ports.
 */
export function effectiveRoute(routes: RouteSet, endpoint: Endpoint): Effective {
  // A map per kind (a host name from the input may read like a range), keyed by texts whose hash is kept.
  const picked = routes.picked;
  if (endpoint.kind === 'internet') return (picked.internet ??= pickRoute(routes, endpoint));
  const byText = endpoint.kind === 'host' ? picked.hosts : picked.ranges;
  const key = endpoint.kind === 'host' ? endpoint.host : endpoint.range.toString();
  let found = byText.get(key);
  if (found === undefined) byText.set(key, (found = pickRoute(routes, endpoint)));
  return found;
}

function pickRoute(routes: RouteSet, endpoint: Endpoint): Effective {
  if (routes.unknown !== undefined) return { unknown: routes.unknown };
  // Peered spaces are private: only a destination that may be private can be in one.
  if (
    routes.unknownPrivate !== undefined &&
    endpoint.kind === 'range' &&
    PRIVATE_RANGES.some((p) => p.overlaps(endpoint.range))
  )
    return { unknown: routes.unknownPrivate };
  const containing: RouteEntry[] = [];
  let maybe: { entry: RouteEntry; reason: string }[] | undefined;
  // The shortest of the VNet's own and peered spaces that hold the endpoint.
  let local = Infinity;
  for (const entry of routes.entries) {
    const h = holds(entry, endpoint);
    if (h === true) {
      containing.push(entry);
      if (entry.nextHop === 'VnetLocal' || entry.nextHop === 'VNetPeering')
        local = Math.min(local, entry.prefix.prefixLength);
    } else if (h !== false) (maybe ??= []).push({ entry, reason: h });
  }
  const best = longestPrefix(containing, local);
  const rival = maybe?.find((m) => best === undefined || m.entry.prefix.prefixLength > best.prefix.prefixLength);
  if (rival !== undefined) return { unknown: rival.reason };
  return best ?? { unknown: `no route holds ${describeEndpoint(endpoint)}` };
}

/**
 * The longest prefix, then user > gateway > system, the first listed among equals (a stable
 * sort's first, without sorting); gateway routes more specific than a local space `local` long
 * are out: the VNet's own and peered spaces beat them.
 */
function longestPrefix(containing: readonly RouteEntry[], local: number): RouteEntry | undefined {
  let best: RouteEntry | undefined;
  for (const e of containing) {
    if (e.source === 'gateway' && local < e.prefix.prefixLength) continue;
    const length = e.prefix.prefixLength;
    if (
      best === undefined ||
      length > best.prefix.prefixLength ||
      (length === best.prefix.prefixLength && RANK[e.source] < RANK[best.source])
    )
      best = e;
  }
  return best;
}

/** What a route hop says of one of the set's routes: once per route, which many walks take. */
export function routeDetail(routes: RouteSet, route: RouteEntry): string {
  let detail = routes.details.get(route);
  if (detail === undefined) {
    detail = `${route.prefix.toString()} → ${route.nextHop}${route.nextHopIp ? ` ${route.nextHopIp}` : ''} (${route.source})`;
    routes.details.set(route, detail);
  }
  return detail;
}
