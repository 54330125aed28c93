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
import { enter } from './inbound';
import type { Endpoint } from './match';
import { cidrOf, isPrivate } from './match';
import type { Packet } from './nsg';
import type { Hop, TraceQuery, TraceResult, TraceTo, Verdict } from './types';
import type { End } from './walk';
import { Walk } from './walk';

export const traceFromUnknown = defineError({
  code: 'TRACE-FROM-UNKNOWN',
  title: 'The start of a trace names no site, subnet or estate address of the input.',
  message: (from: string, sites: string) =>
    `nothing to trace from — got "${from}", expected internet, a site (${sites}), SITE/SUBNET or an address in one of their subnets; fix: use a name that \`clinicnet check\` reports`,
  example: ['nsw-gp-parramatta/practise', 'nsw-gp-parramatta'],
});

const results = new WeakMap<NetworkModel, Map<string, TraceResult>>();

/** Traces one packet through the model's data planes. Throws TRACE-FROM-UNKNOWN when `from` is not in the model. */
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
  const start =
    from.kind === 'address' ? from.address.toString() : from.kind === 'internet' ? '' : JSON.stringify(from);
  const end = to.kind === 'address' ? to.address.toString() : to.kind === 'host' ? to.host : to.resource;
  return `${from.kind} ${start} ${to.kind} ${end} ${query.protocol} ${query.port}`;
}

function destinationOf(to: TraceTo, estate: Estate): Endpoint {
  if (to.kind === 'host') return { kind: 'host', host: to.host.toLowerCase() };
  if (to.kind === 'address') return { kind: 'range', range: to.address };
  for (const site of estate.sites.values()) {
    const ip = site.plane.publicIps.find((p) => p.address === to.resource || p.name === to.resource);
    const range = ip === undefined || isUnknown(ip.ip) ? undefined : cidrOf(ip.ip);
    if (range !== undefined) return { kind: 'range', range };
  }
  return { kind: 'internet' };
}

function traceUncached(estate: Estate, query: TraceQuery): TraceResult {
  const walk = new Walk(estate);
  const packet: Packet = {
    source: { kind: 'internet' },
    destination: destinationOf(query.to, estate),
    protocol: query.protocol,
    port: query.port,
  };
  const from = query.from;
  if (from.kind === 'internet') return { verdict: fromInternet(walk, query, packet), hops: walk.hops };
  if (from.kind === 'address') {
    const start = estateAddress(estate, from.address);
    if (start === undefined) {
      if (isPrivate(from.address)) throw traceFromUnknown(from.address.toString(), siteNames(estate));
      return {
        verdict: fromInternet(walk, query, { ...packet, source: { kind: 'range', range: from.address } }),
        hops: walk.hops,
      };
    }
    return { verdict: fromSubnet(walk, start.site, start.subnet, start.nic, packet), hops: walk.hops };
  }
  const site = estate.sites.get(from.site);
  if (site === undefined) throw traceFromUnknown(from.site, siteNames(estate));
  if (from.kind === 'subnet') {
    const subnet = site.plane.subnets.find((s) => s.name === from.subnet || s.address === from.subnet);
    if (subnet === undefined) throw traceFromUnknown(`${from.site}/${from.subnet}`, siteNames(estate));
    return { verdict: fromSubnet(walk, site, subnet, undefined, packet), hops: walk.hops };
  }
  return fromSite(estate, site, packet);
}

/** A whole site: each workload subnet; the worst verdict wins (denied, then unknown). */
function fromSite(estate: Estate, site: SitePlane, packet: Packet): TraceResult {
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
    verdicts.push(fromSubnet(walk, site, subnet, undefined, packet));
    appendAll(hops, walk.hops);
  }
  const verdict = verdicts.includes('denied') ? 'denied' : verdicts.includes('unknown') ? 'unknown' : 'allowed';
  return { verdict, hops };
}

function fromSubnet(walk: Walk, site: SitePlane, subnet: DataPlaneSubnet, nic: Nic | undefined, packet: Packet): End {
  const nicIp = nic?.privateIps.find((p) => !isUnknown(p));
  const known = knownRanges(subnet.prefixes);
  const range = nicIp !== undefined && !isUnknown(nicIp) ? cidrOf(nicIp) : known.ranges[0];
  walk.hop(
    'source',
    nic?.address ?? subnet.address,
    subnet.name,
    'pass',
    `${site.site.name}/${subnet.name}${range === undefined ? '' : ` ${range.toString()}`}`,
  );
  if (range === undefined)
    return walk.unknown('source', subnet.address, `address of ${subnet.name}: ${known.unknown ?? 'no prefix'}`);
  return walk.fromSubnet(site, subnet, nic, { ...packet, source: { kind: 'range', range } });
}

function fromInternet(walk: Walk, query: TraceQuery, packet: Packet): End {
  const to = query.to;
  walk.hop(
    'source',
    'internet',
    '',
    'pass',
    packet.source.kind === 'range' ? packet.source.range.toString() : 'any internet address',
  );
  if (to.kind === 'host') return walk.unknown('entry', '', `which public IP ${to.host} resolves to`);
  for (const site of walk.estate.sites.values()) {
    const ip = site.plane.publicIps.find((p) =>
      to.kind === 'public-ip'
        ? p.address === to.resource || p.name === to.resource
        : !isUnknown(p.ip) && cidrOf(p.ip)?.equals(to.address) === true,
    );
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
  return names.length === 0 ? 'none in the input' : names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
}
