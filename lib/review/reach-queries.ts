// SPDX-License-Identifier: Apache-2.0
/**
 * The questions a review asks of base and head (see reachability.ts): each names its site,
 * a stable key (the same question on both sides), its words, and the ports to trace.
 */
import type { TraceQuery } from '../dataplane';
import type { DataPlane } from '../model/dataplane';
import type { Maybe, Site } from '../model/types';
import { isUnknown } from '../model/types';
import { Cidr } from '../net/cidr';
import { cidrOf, PRIVATE_RANGES } from '../dataplane/match';
import type { VendorFlow } from '../policy/vendor-flows';

/** One question: a trace query over one or more ports. */
export interface ReachQuery {
  readonly site: string;
  readonly kind: 'obligation' | 'egress' | 'exposure';
  /** Same question, same key, on base and head. */
  readonly key: string;
  readonly flow: string;
  readonly requirement?: string;
  /** For the picture: the subnet name, or `internet`. */
  readonly from: string;
  /** For the picture: the host, address or target. */
  readonly to: string;
  /** For the picture: `TCP 3000-3010`. */
  readonly ports: string;
  /** How the internet gets in (exposure): `NIC public IP pip-jump`; empty otherwise. */
  readonly entry: string;
  readonly query: Omit<TraceQuery, 'port'>;
  readonly tracedPorts: number[];
  /** Whether a side's site has what the question starts from or goes to. */
  readonly present: (site: Site) => boolean;
}

/** A range wider than this is traced at its ends and middle only (the query says so). */
const MAX_TRACED_PORTS = 32;
/** Remote-administration and file-sharing ports always asked of each public IP. */
const ADMIN_PORTS = [22, 23, 445, 1433, 3389, 5900];
/** Ports probed from each workload subnet to an address no vendor names. */
const PROBE_PORTS = [22, 25, 80, 443, 3389];
/** TEST-NET-3 (RFC 5737): stands for any internet address. */
const PROBE_ADDRESS = '203.0.113.10/32';

/** Every port of `3000-3010` (ends and middle beyond {@link MAX_TRACED_PORTS}). */
export function portsOf(text: string): number[] {
  const [low, high = low] = text.split('-').map(Number);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high < low) return [];
  if (high - low + 1 <= MAX_TRACED_PORTS) return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  return [low, Math.floor((low + high) / 2), high];
}

const workloads = (site: Site) => (site.dataplane?.subnets ?? []).filter((s) => s.role === 'workload');
const hasSubnet = (name: string) => (site: Site) => workloads(site).some((s) => s.name === name);

/** Each required flow of the site's declared packs and of `extraPacks` (`--packs`), from each workload subnet. */
export function obligationQueries(
  site: Site,
  flowsOf: (pack: string) => VendorFlow[],
  extraPacks: readonly string[] = [],
): ReachQuery[] {
  const queries: ReachQuery[] = [];
  for (const pack of [...new Set([...site.packs, ...extraPacks])])
    for (const f of flowsOf(pack))
      for (const subnet of workloads(site)) {
        const flow = `${f.title} — ${f.protocol.toUpperCase()} ${f.port} to ${f.host} from ${subnet.name}`;
        queries.push({
          site: site.name,
          kind: 'obligation',
          key: `obligation ${f.requirement} ${f.host} ${f.protocol} ${f.port} ${subnet.name}`,
          flow,
          requirement: f.requirement,
          entry: '',
          query: {
            from: { kind: 'subnet', site: site.name, subnet: subnet.name },
            to: { kind: 'host', host: f.host.replace(/^\*\./, 'any.') },
            protocol: f.protocol,
          },
          tracedPorts: portsOf(f.port),
          from: subnet.name,
          to: f.host,
          ports: `${f.protocol.toUpperCase()} ${f.port}`,
          present: (s) => (s.packs.includes(pack) || extraPacks.includes(pack)) && hasSubnet(subnet.name)(s),
        });
      }
  return queries;
}

/** From each workload subnet to an address no vendor names, on a few common ports. */
export function probeQueries(site: Site): ReachQuery[] {
  return workloads(site).flatMap((subnet) =>
    PROBE_PORTS.map((port) => ({
      site: site.name,
      kind: 'egress' as const,
      key: `egress ${subnet.name} ${port}`,
      flow: `TCP ${port} to any internet address (probe ${PROBE_ADDRESS}) from ${subnet.name}`,
      entry: '',
      query: {
        from: { kind: 'subnet' as const, site: site.name, subnet: subnet.name },
        to: { kind: 'address' as const, address: Cidr.parse(PROBE_ADDRESS) },
        protocol: 'tcp' as const,
      },
      tracedPorts: [port],
      from: subnet.name,
      to: 'any internet address',
      ports: `TCP ${port}`,
      present: hasSubnet(subnet.name),
    })),
  );
}

/**
 * Each public IP of the site, on every port an inbound element names and the admin ports, from
 * the internet at large and from each public source range an inbound rule names (at its first
 * address): a source widened from `203.0.113.0/24` to `203.0.0.0/16` leaves the answer for "the
 * internet" unknown on both sides, but `203.0.0.0` goes from blocked to reachable — broadening.
 */
export function exposureQueries(site: Site): ReachQuery[] {
  const plane = site.dataplane;
  if (plane === undefined) return [];
  const ports = [...new Set([...ADMIN_PORTS, ...inboundPorts(plane)])].sort((a, b) => a - b);
  const sources: (Cidr | undefined)[] = [undefined, ...inboundSources(plane)];
  return plane.publicIps.flatMap((ip) =>
    sources.flatMap((source) =>
      ports.map((port) => {
        const entry = entryOf(plane, ip.address, ip.name);
        const target = targetOf(plane, ip.address, ip.name);
        const from = source === undefined ? 'internet' : source.toString();
        return {
          site: site.name,
          kind: 'exposure' as const,
          key: `exposure ${ip.address} ${port}${source === undefined ? '' : ` from ${from}`}`,
          flow: `TCP ${port} to ${target}${source === undefined ? '' : ` from ${from}`}`,
          entry,
          query: {
            from:
              source === undefined
                ? { kind: 'internet' as const }
                : {
                    kind: 'internet' as const,
                    source: Cidr.fromNumber(source.first, source.version === 4 ? 32 : 128, source.version),
                  },
            to: { kind: 'public-ip' as const, site: site.name, resource: ip.address },
            protocol: 'tcp' as const,
          },
          tracedPorts: [port],
          from,
          to: target,
          ports: `TCP ${port}`,
          present: (s: Site) => (s.dataplane?.publicIps ?? []).some((p) => p.address === ip.address),
        };
      }),
    ),
  );
}

/** Public source ranges an inbound question is also asked from, at most this many per site. */
const MAX_NAMED_SOURCES = 8;

/** The public source ranges DNAT rules and inbound NSG rules name (not `*`, tags or private ranges), in address order. */
function inboundSources(plane: DataPlane): Cidr[] {
  const texts: Maybe<string>[] = [
    ...plane.policies.flatMap((p) =>
      p.groups.flatMap((g) =>
        g.collections.filter((c) => c.kind === 'dnat').flatMap((c) => c.rules.flatMap((r) => r.sources)),
      ),
    ),
    ...plane.nsgs.flatMap((n) => n.rules.filter((r) => r.direction === 'Inbound').flatMap((r) => r.sources)),
  ];
  const ranges = new Map<string, Cidr>();
  for (const text of texts) {
    const range = isUnknown(text) ? undefined : cidrOf(text);
    if (range !== undefined && range.prefixLength > 0 && !PRIVATE.some((p) => p.overlaps(range)))
      ranges.set(range.toString(), range);
  }
  return [...ranges.values()].sort((a, b) => a.compareTo(b)).slice(0, MAX_NAMED_SOURCES);
}

/** What an inbound rule's private sources are: the ranges Azure does not route from the internet, and IPv6 ULA. */
const PRIVATE = [...PRIVATE_RANGES, Cidr.parse('fc00::/7')];

/** The ports DNAT, load balancer, app gateway and inbound NSG rules name (first port of a range). */
function inboundPorts(plane: DataPlane): number[] {
  const texts: Maybe<string>[] = [
    ...plane.policies.flatMap((p) =>
      p.groups.flatMap((g) =>
        g.collections.filter((c) => c.kind === 'dnat').flatMap((c) => c.rules.flatMap((r) => r.ports)),
      ),
    ),
    ...plane.loadBalancers.flatMap((lb) => lb.rules.map((r) => r.frontendPort)),
    ...plane.appGateways.flatMap((a) => a.listeners.map((l) => l.port)),
    ...plane.nsgs.flatMap((n) =>
      n.rules.filter((r) => r.direction === 'Inbound' && r.access === 'Allow').flatMap((r) => r.destinationPorts),
    ),
  ];
  return texts
    .filter((t): t is string => !isUnknown(t) && /^\d{1,5}(-\d{1,5})?$/.test(t))
    .map((t) => Number(t.split('-')[0]))
    .filter((p) => p > 0 && p < 65536);
}

/** How the internet reaches a public IP: a NIC, the firewall (DNAT), a load balancer or an app gateway. */
function entryOf(plane: DataPlane, address: string, name: string): string {
  if (plane.nics.some((n) => n.publicIps.includes(address))) return `NIC public IP ${name}`;
  if (plane.firewalls.some((f) => f.publicIps.includes(address))) return `firewall public IP ${name}`;
  if (plane.loadBalancers.some((lb) => lb.rules.some((r) => r.publicIp === address)))
    return `load balancer public IP ${name}`;
  if (plane.appGateways.some((a) => a.listeners.some((l) => l.publicIp === address)))
    return `application gateway public IP ${name}`;
  return `public IP ${name}`;
}

/** The NIC's private address behind a NIC public IP, else the public IP's own name. */
function targetOf(plane: DataPlane, address: string, name: string): string {
  const nic = plane.nics.find((n) => n.publicIps.includes(address));
  const ip = nic?.privateIps.find((p): p is string => !isUnknown(p));
  return ip ?? nic?.name ?? name;
}
