// SPDX-License-Identifier: Apache-2.0
/**
 * Vendor obligations proven by path: a required host and port must be `allowed` by `trace`
 * from every workload subnet that needs the vendor. Rules share the traces through the
 * evaluation's memo (and `trace` memoizes per model), so many packs asking the same question
 * of one site pay for it once.
 */
import type { Hop, TraceResult, Verdict } from '../dataplane';
import { trace } from '../dataplane';
import { portClasses } from '../dataplane/port-classes';
import type { DataPlaneSubnet } from '../model/dataplane';
import type { NetworkModel, Site } from '../model/types';
import { isUnknown } from '../model/types';
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
  const workloads = (site.dataplane?.subnets ?? []).filter((s) => s.role === 'workload');
  const sources: Cidr[] = [];
  for (const flow of site.egress)
    for (const s of flow.sources) {
      if (isUnknown(s)) continue;
      try {
        const c = Cidr.parse(s);
        if (c.prefixLength > 0) sources.push(c);
      } catch {
        // a service tag or `*`: names no particular subnet
      }
    }
  const named = workloads.filter((w) =>
    w.prefixes.some((p) => {
      if (isUnknown(p)) return false;
      try {
        const c = Cidr.parse(p);
        return sources.some((s) => s.contains(c));
      } catch {
        return false;
      }
    }),
  );
  return named.length > 0 ? named : workloads;
}

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
 * Whether `host` on every port of `portText` is allowed from every subnet needing the vendor:
 * denied when any trace is denied, else unknown when any is unknown, else allowed.
 */
export function pathVerdict(
  model: NetworkModel,
  site: Site,
  memo: RuleMemo,
  host: string,
  protocol: 'tcp' | 'udp',
  portText: string,
): PathVerdict {
  const verdicts = memo.get(VERDICTS, site, () => new Map<string, PathVerdict>());
  const key = `${protocol} ${portText} ${host}`;
  let found = verdicts.get(key);
  if (found === undefined) {
    found = traceFlow(model, site, vendorSubnets(site, memo), host, protocol, Port.parse(portText, protocol));
    verdicts.set(key, found);
  }
  return found;
}

function traceFlow(
  model: NetworkModel,
  site: Site,
  subnets: readonly DataPlaneSubnet[],
  host: string,
  protocol: 'tcp' | 'udp',
  port: Port,
): PathVerdict {
  let unknown: PathVerdict | undefined;
  if (subnets.length === 0) return { verdict: 'unknown' };
  for (const subnet of subnets) {
    for (const p of tracedPorts(model, port)) {
      const result = trace(model, {
        from: { kind: 'subnet', site: site.name, subnet: subnet.address },
        to: { kind: 'host', host },
        protocol,
        port: p,
      });
      if (result.verdict === 'allowed') continue;
      const hop = decidingHop(result);
      const verdict: PathVerdict = { verdict: result.verdict, subnet, port: p, ...(hop ? { hop } : {}) };
      if (result.verdict === 'denied') return verdict;
      unknown ??= verdict;
    }
  }
  return unknown ?? { verdict: 'allowed' };
}
