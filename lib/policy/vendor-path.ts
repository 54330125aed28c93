// SPDX-License-Identifier: Apache-2.0
/**
 * Vendor obligations proven by path: a required host and port must be `allowed` by `trace`
 * from every workload subnet that needs the vendor. Rules share the traces through the
 * evaluation's memo (and `trace` memoizes per model), so many packs asking the same question
 * of one site pay for it once.
 */
import type { Hop, ProxyScheme, TraceResult, TraceTo, Verdict } from '../dataplane';
import { trace } from '../dataplane';
import { portClasses } from '../dataplane/port-classes';
import type { DataPlaneSubnet } from '../model/dataplane';
import type { Maybe, NetworkModel, Site } from '../model/types';
import { isUnknown } from '../model/types';
import { memoByText } from '../core/memo';
import { Cidr } from '../net/cidr';
import { Port } from '../net/port';
import type { RuleMemo } from './rule-memo';
import { memoSlot } from './rule-memo';

/** Port classes of a range traced at most; beyond, the first and last class and evenly spaced ones between. */
const MAX_TRACED_PORTS = 32;

/** What the path says of one required flow (host, protocol, port or range) from the subnets needing it. */
export interface PathVerdict {
  readonly verdict: Verdict;
  /** The subnet whose trace decided (the first denied, else the first unknown). @default absent when allowed */
  readonly subnet?: DataPlaneSubnet;
  /** The port of that trace. @default absent when allowed */
  readonly port?: number;
  /** The hop that decided (deny or unknown). @default absent when allowed */
  readonly hop?: Hop;
}

/** The workload subnets of a site's data plane that a vendor's flows leave from. */
export function vendorSubnets(site: Site, memo: RuleMemo): DataPlaneSubnet[] {
  return memo.get(WORKLOADS, site, workloadsOf);
}

const WORKLOADS = memoSlot<DataPlaneSubnet[]>('vendor-path: workload subnets');
const VERDICTS = memoSlot<Map<string, PathVerdict>>('vendor-path: verdicts');

/**
 * Workload subnets named as sources by the site's firewall rules (what `allowVendor` emits);
 * with none named (plain Terraform with rules from `*`), every workload subnet.
 */
function workloadsOf(site: Site): DataPlaneSubnet[] {
  return subnetsNamedBy(
    site,
    site.egress.flatMap((flow) => flow.sources),
  );
}

/**
 * The workload subnets of the site's data plane inside one of `sources` (a /0, a service tag
 * or `*` names no particular subnet); with none inside, every workload subnet.
 */
export function subnetsNamedBy(site: Site, sources: readonly Maybe<string>[]): DataPlaneSubnet[] {
  const workloads = (site.dataplane?.subnets ?? []).filter((s) => s.role === 'workload');
  const ranges: Cidr[] = [];
  for (const s of sources) {
    const c = isUnknown(s) ? undefined : cidrOrUndefined(s);
    if (c !== undefined && c.prefixLength > 0) ranges.push(c);
  }
  const named = workloads.filter((w) =>
    w.prefixes.some((p) => {
      const c = isUnknown(p) ? undefined : cidrOrUndefined(p);
      return c !== undefined && ranges.some((s) => s.contains(c));
    }),
  );
  return named.length > 0 ? named : workloads;
}

/** A CIDR's text as parsed, or undefined; memoized: every site repeats the same few, and a throw is slow. */
const cidrOrUndefined = memoByText((text: string): Cidr | undefined => {
  try {
    return Cidr.parse(text);
  } catch {
    return undefined;
  }
});

/**
 * The traced ports of a range: the first port of each class the estate's port patterns tell
 * apart (`portClasses`), so `3000-3010` against rules naming only that range is one trace; with
 * more classes than {@link MAX_TRACED_PORTS}, the first, the last and evenly spaced ones between.
 */
export function tracedPorts(model: NetworkModel, port: Port): number[] {
  const classes = portClasses(model, port.from, port.to);
  if (classes.length <= MAX_TRACED_PORTS) return classes;
  const step = (classes.length - 1) / (MAX_TRACED_PORTS - 1);
  return [...new Set(Array.from({ length: MAX_TRACED_PORTS }, (_, i) => classes[Math.round(i * step)]))];
}

/** The hop that decided a trace that is not allowed: its last deny, else its last unknown. */
function decidingHop(result: TraceResult): Hop | undefined {
  const wanted = result.verdict === 'denied' ? 'deny' : 'unknown';
  for (let i = result.hops.length - 1; i >= 0; i--) if (result.hops[i].decision === wanted) return result.hops[i];
  return undefined;
}

/**
 * Whether `host` on every port of `portText` is allowed from every subnet needing the vendor
 * (as requests handed to the explicit proxy, with `viaProxy`): denied when any trace is denied,
 * else unknown when any is unknown, else allowed.
 */
export function pathVerdict(
  model: NetworkModel,
  site: Site,
  memo: RuleMemo,
  host: string,
  protocol: 'tcp' | 'udp',
  portText: string,
  viaProxy?: ProxyScheme,
): PathVerdict {
  return pathVerdictTo(model, site, memo, { kind: 'host', host }, protocol, portText, undefined, viaProxy);
}

/**
 * {@link pathVerdict} to any trace target (an address, a public IP of a site), from `subnets`
 * (default: the subnets needing the site's vendors). Memoized per site, target and ports.
 */
export function pathVerdictTo(
  model: NetworkModel,
  site: Site,
  memo: RuleMemo,
  to: TraceTo,
  protocol: 'tcp' | 'udp',
  portText: string,
  subnets: readonly DataPlaneSubnet[] = vendorSubnets(site, memo),
  viaProxy?: ProxyScheme,
): PathVerdict {
  const verdicts = memo.get(VERDICTS, site, () => new Map<string, PathVerdict>());
  const target = to.kind === 'host' ? to.host : to.kind === 'address' ? to.address.toString() : JSON.stringify(to);
  const key = `${protocol} ${portText} ${target} ${viaProxy ?? 'direct'} ${subnets.map((s) => s.address).join(' ')}`;
  let found = verdicts.get(key);
  if (found === undefined) {
    found = verdictOf(flowTraces(model, site, subnets, to, protocol, Port.parse(portText, protocol), viaProxy));
    verdicts.set(key, found);
  }
  return found;
}

/** One traced packet of a flow: the subnet it left from, its port, and what `trace` answered. */
export interface FlowTrace {
  readonly subnet: DataPlaneSubnet;
  readonly port: number;
  readonly result: TraceResult;
}

/**
 * Every trace of a flow: from each of `subnets`, on each traced port of `port` (`trace` memoizes
 * them), as direct packets or as requests handed to the explicit proxy (`viaProxy`).
 */
export function flowTraces(
  model: NetworkModel,
  site: Site,
  subnets: readonly DataPlaneSubnet[],
  to: TraceTo,
  protocol: 'tcp' | 'udp',
  port: Port,
  viaProxy?: ProxyScheme,
): FlowTrace[] {
  const traces: FlowTrace[] = [];
  const ports = tracedPorts(model, port);
  for (const subnet of subnets)
    for (const p of ports) {
      const from = { kind: 'subnet', site: site.name, subnet: subnet.address } as const;
      const query = { from, to, protocol, port: p, ...(viaProxy !== undefined && { viaProxy }) };
      traces.push({ subnet, port: p, result: trace(model, query) });
    }
  return traces;
}

/** Denied when any trace is denied (the first), else unknown when any is (the first), else allowed. */
function verdictOf(traces: readonly FlowTrace[]): PathVerdict {
  if (traces.length === 0) return { verdict: 'unknown' };
  const decisive =
    traces.find((t) => t.result.verdict === 'denied') ?? traces.find((t) => t.result.verdict === 'unknown');
  if (decisive === undefined) return { verdict: 'allowed' };
  const hop = decidingHop(decisive.result);
  return { verdict: decisive.result.verdict, subnet: decisive.subnet, port: decisive.port, ...(hop ? { hop } : {}) };
}
