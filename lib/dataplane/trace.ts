// SPDX-License-Identifier: Apache-2.0
/**
 * `trace(model, query)`: whether one packet gets from a site, subnet, estate address or the
 * internet to a host, address or CIDR and port, and every hop that decided. Deterministic;
 * results and each subnet's routes are memoized per model.
 */
import { appendAll } from '../core/append';
import { defineError } from '../core/errors';
import type { DataPlaneSubnet, Nic } from '../model/dataplane';
import type { NetworkModel } from '../model/types';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { Estate, SitePlane } from './estate';
import { estateOf, knownRanges } from './estate';
import type { Entry } from './inbound';
import { enter } from './inbound';
import type { Endpoint } from './match';
import { cidrOf, isPrivate } from './match';
import type { Packet } from './nsg';
import { throughProxy } from './proxy';
import type { Hop, ProxyScheme, TraceFrom, TraceQuery, TraceResult, TraceTo, Verdict } from './types';
import type { End, InSubnet } from './walk';
import { Walk } from './walk';

type PublicIpTarget = Extract<TraceTo, { kind: 'public-ip' }>;

export const traceFromUnknown = defineError({
  code: 'TRACE-FROM-UNKNOWN',
  title: 'The start of a trace names no site, subnet or estate address of the input.',
  message: (from: string, sites: string) =>
    `nothing to trace from — got "${from}", expected internet, a site (${sites}), SITE/SUBNET or an address in one of their subnets; fix: use a name that \`clinicnet check\` reports`,
  example: ['nsw-gp-parramatta/practise', 'nsw-gp-parramatta'],
});

export const traceToAmbiguous = defineError({
  code: 'TRACE-TO-AMBIGUOUS',
  title: 'A public IP target names a Terraform address that several sites hold.',
  message: (resource: string, sites: string) =>
    `which site's ${resource}? — got it in ${sites}, expected one (Terraform addresses repeat across stacks); fix: name the site: SITE/${resource}`,
  example: ['azurerm_public_ip.fw', 'nsw-gp-parramatta, vic-gp-carlton'],
});

export const traceToSiteUnknown = defineError({
  code: 'TRACE-TO-SITE-UNKNOWN',
  title: 'A public IP target names a site that is not in the input.',
  message: (site: string, sites: string) =>
    `no site holds the public IP — got "${site}", expected a site (${sites}); fix: use a name that \`clinicnet check\` reports`,
  example: ['bondi', 'nsw-gp-parramatta'],
});

export const traceProxyFromInternet = defineError({
  code: 'TRACE-PROXY-FROM',
  title: 'A trace through the explicit proxy starts on the internet.',
  message: (scheme: string) =>
    `no explicit proxy serves the internet — got --via-proxy ${scheme} from internet, expected a site, SITE/SUBNET or an estate address (the proxy's clients); fix: trace from a client, or drop --via-proxy`,
  example: ['https'],
});

const results = new WeakMap<NetworkModel, Map<string, TraceResult>>();

/**
 * Traces one packet through the model's data planes. Throws TRACE-FROM-UNKNOWN when `from` is
 * not in the model, TRACE-TO-SITE-UNKNOWN / TRACE-TO-AMBIGUOUS when a public-IP target's site
 * is not in it or cannot be told.
 */
export function trace(model: NetworkModel, query: TraceQuery): TraceResult {
  let memo = results.get(model);
  if (memo === undefined) results.set(model, (memo = new Map<string, TraceResult>()));
  const key = queryKey(query);
  let result = memo.get(key);
  if (result === undefined) memo.set(key, (result = traceUncached(estateOf(model), query)));
  return result;
}

/** The query as text: its endpoints by kind, CIDRs in canonical form. */
function queryKey(query: TraceQuery): string {
  const from = query.from;
  const to = query.to;
  // A site name's length first: the subnet after it cannot be read as part of it.
  const start =
    from.kind === 'address'
      ? from.address.toString()
      : from.kind === 'internet'
        ? (from.source?.toString() ?? '')
        : from.kind === 'site'
          ? from.site
          : `${from.site.length} ${from.site} ${from.subnet}`;
  const end =
    to.kind === 'address'
      ? to.address.toString()
      : to.kind === 'host'
        ? to.host
        : JSON.stringify([to.site, to.resource]);
  return `${from.kind} ${start} ${to.kind} ${end} ${query.protocol} ${query.port} ${query.viaProxy ?? 'direct'}`;
}

/** Where a trace starts, resolved in the estate: the internet (from some addresses), a subnet (a NIC), or a site. */
type Start =
  | { readonly kind: 'internet'; readonly source?: Cidr }
  | ({ readonly kind: 'subnet' } & InSubnet)
  | { readonly kind: 'site'; readonly site: SitePlane };

function startOf(estate: Estate, from: TraceFrom): Start {
  if (from.kind === 'internet') return from.source === undefined ? { kind: 'internet' } : from;
  if (from.kind === 'address') {
    const start = estateAddress(estate, from.address);
    if (start !== undefined) return { kind: 'subnet', ...start };
    if (isPrivate(from.address)) throw traceFromUnknown(from.address.toString(), siteNames(estate));
    return { kind: 'internet', source: from.address };
  }
  const site = estate.sites.get(from.site);
  if (site === undefined) throw traceFromUnknown(from.site, siteNames(estate));
  if (from.kind === 'site') return { kind: 'site', site };
  const subnet = site.plane.subnets.find((s) => s.name === from.subnet || s.address === from.subnet);
  if (subnet === undefined) throw traceFromUnknown(`${from.site}/${from.subnet}`, siteNames(estate));
  return { kind: 'subnet', site, subnet };
}

/**
 * The public IP a target names, in one site: the site it names, else the start's own site when
 * that holds it, else the only site that does. Terraform addresses are unique per stack only.
 */
function publicIpEntry(estate: Estate, to: PublicIpTarget, start: Start): Entry | undefined {
  const held = (site: SitePlane): Entry | undefined => {
    const ip = site.plane.publicIps.find((p) => p.address === to.resource || p.name === to.resource);
    return ip === undefined ? undefined : { site, ip };
  };
  if (to.site !== undefined) {
    const site = estate.sites.get(to.site);
    if (site === undefined) throw traceToSiteUnknown(to.site, siteNames(estate));
    return held(site);
  }
  const own = start.kind === 'internet' ? undefined : held(start.site);
  if (own !== undefined) return own;
  const holders: Entry[] = [];
  for (const site of estate.sites.values()) {
    const entry = held(site);
    if (entry !== undefined) holders.push(entry);
  }
  if (holders.length > 1) throw traceToAmbiguous(to.resource, listed(holders.map((h) => h.site.site.name)));
  return holders[0];
}

function destinationOf(to: TraceTo, entry: Entry | undefined): Endpoint {
  if (to.kind === 'host') return { kind: 'host', host: to.host.toLowerCase() };
  if (to.kind === 'address') return { kind: 'range', range: to.address };
  const range = entry === undefined || isUnknown(entry.ip.ip) ? undefined : cidrOf(entry.ip.ip);
  return range === undefined ? { kind: 'internet' } : { kind: 'range', range };
}

function traceUncached(estate: Estate, query: TraceQuery): TraceResult {
  const start = startOf(estate, query.from);
  const entry = query.to.kind === 'public-ip' ? publicIpEntry(estate, query.to, start) : undefined;
  const packet: Packet = {
    source: { kind: 'internet' },
    destination: destinationOf(query.to, entry),
    protocol: query.protocol,
    port: query.port,
  };
  if (start.kind === 'site') return fromSite(estate, start.site, packet, query.viaProxy);
  const walk = new Walk(estate);
  if (start.kind === 'subnet') return { verdict: fromSubnet(walk, start, packet, query.viaProxy), hops: walk.hops };
  if (query.viaProxy !== undefined) throw traceProxyFromInternet(query.viaProxy);
  const source: Endpoint = start.source === undefined ? { kind: 'internet' } : { kind: 'range', range: start.source };
  return { verdict: fromInternet(walk, query.to, entry, { ...packet, source }), hops: walk.hops };
}

/** A whole site: each workload subnet; the worst verdict wins (denied, then unknown). */
function fromSite(estate: Estate, site: SitePlane, packet: Packet, viaProxy: ProxyScheme | undefined): TraceResult {
  const workloads = site.plane.subnets.filter((s) => s.role === 'workload');
  if (workloads.length === 0) {
    const hop: Hop = {
      step: 'source',
      address: site.site.path,
      rule: '',
      decision: 'unknown',
      detail: `${site.site.name} has no workload subnet in its data plane`,
    };
    return { verdict: 'unknown', hops: [hop] };
  }
  const hops: Hop[] = [];
  const verdicts: Verdict[] = [];
  for (const subnet of workloads) {
    const walk = new Walk(estate);
    verdicts.push(fromSubnet(walk, { site, subnet }, packet, viaProxy));
    appendAll(hops, walk.hops);
  }
  const verdict = verdicts.includes('denied') ? 'denied' : verdicts.includes('unknown') ? 'unknown' : 'allowed';
  return { verdict, hops };
}

/** Where a packet from a subnet (or NIC) starts: its address, and the hop that says so. */
interface Source {
  readonly source?: Endpoint;
  readonly hop: Hop;
  /** Why the subnet's address is not known. @default known */
  readonly unknown?: string;
}

/** From a subnet (a NIC in it, when the start is its address): directly, or through the explicit proxy. */
function fromSubnet(walk: Walk, from: InSubnet, packet: Packet, viaProxy: ProxyScheme | undefined): End {
  const { site, subnet, nic } = from;
  // A dual-stack subnet sends from its prefix of the destination's IP version.
  const version = packet.destination.kind === 'range' ? packet.destination.range.version : 4;
  // Without a NIC the start is the subnet's: the same for every walk from it.
  const start =
    nic === undefined
      ? site.memoOf(version === 4 ? 'source v4' : 'source v6', subnet, () => sourceOf(site, subnet, undefined, version))
      : sourceOf(site, subnet, nic, version);
  walk.hops.push(start.hop);
  if (start.source === undefined)
    return walk.unknown('source', subnet.address, `address of ${subnet.name}: ${start.unknown ?? 'no prefix'}`);
  const sent: Packet = { ...packet, source: start.source };
  return viaProxy === undefined ? walk.fromSubnet(site, subnet, nic, sent) : throughProxy(walk, from, sent, viaProxy);
}

function sourceOf(site: SitePlane, subnet: DataPlaneSubnet, nic: Nic | undefined, version: number): Source {
  const nicIp = nic?.privateIps.find((p) => !isUnknown(p));
  const known = knownRanges(subnet.prefixes);
  const range =
    nicIp !== undefined && !isUnknown(nicIp)
      ? cidrOf(nicIp)
      : (known.ranges.find((r) => r.version === version) ?? known.ranges[0]);
  const hop: Hop = {
    step: 'source',
    address: nic?.address ?? subnet.address,
    rule: subnet.name,
    decision: 'pass',
    detail: `${site.site.name}/${subnet.name}${range === undefined ? '' : ` ${range.toString()}`}`,
  };
  if (range === undefined) return known.unknown === undefined ? { hop } : { hop, unknown: known.unknown };
  return { source: { kind: 'range', range }, hop };
}

function fromInternet(walk: Walk, to: TraceTo, entry: Entry | undefined, packet: Packet): End {
  walk.hop(
    'source',
    'internet',
    '',
    'pass',
    packet.source.kind === 'range' ? packet.source.range.toString() : 'any internet address',
  );
  if (to.kind === 'host') return walk.unknown('entry', '', `which public IP ${to.host} resolves to`);
  if (entry !== undefined) return enter(walk, entry, packet);
  if (to.kind === 'address')
    for (const site of walk.estate.sites.values()) {
      const ip = site.plane.publicIps.find((p) => !isUnknown(p.ip) && cidrOf(p.ip)?.equals(to.address) === true);
      if (ip !== undefined) return enter(walk, { site, ip }, packet);
    }
  if (to.kind === 'address' && isPrivate(to.address))
    return walk.denied('entry', '', '', `${to.address.toString()} is private: not reachable from the internet`);
  return walk.unknown(
    'entry',
    '',
    'no public IP in the input is known to be this address (public IPs are assigned at apply: name the azurerm_public_ip instead)',
  );
}

function estateAddress(
  estate: Estate,
  address: Cidr,
): { site: SitePlane; subnet: DataPlaneSubnet; nic?: Nic } | undefined {
  const walk = new Walk(estate);
  for (const site of estate.sites.values()) {
    const nic = walk.nicAt(site, address);
    const subnet = nic === undefined || isUnknown(nic.subnet) ? undefined : site.subnets.get(nic.subnet);
    if (nic !== undefined && subnet !== undefined) return { site, subnet, nic };
  }
  const holder = estate.subnetsHolding(address)[0];
  return holder === undefined ? undefined : { site: holder.site, subnet: holder.subnet };
}

function siteNames(estate: Estate): string {
  const names = [...estate.sites.keys()];
  return names.length === 0 ? 'none in the input' : listed(names);
}

/** At most five names, then an ellipsis. */
const listed = (names: readonly string[]): string => names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
