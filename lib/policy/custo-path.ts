// SPDX-License-Identifier: Apache-2.0
/**
 * The custo sender → centre path, proven by `trace`: a sending practice reaches its evaluation
 * centre's diagnostics SSL port through the VPN tunnel (mode `vpn`), or through the centre's
 * DNAT on its public IP (mode `port-forward`: the sender's egress to that IP, and the centre's
 * forward from the internet). Asked only when the data plane is read; without it CUSTO-MODE
 * stays a check of the declarations.
 */
import type { Hop, TraceTo } from '../dataplane';
import type { DataPlaneSubnet } from '../model/dataplane';
import type { EgressFlow, NetworkModel, Site } from '../model/types';
import type { Cidr } from '../net/cidr';
import { Port } from '../net/port';
import { exposures } from './exposure';
import { knownValues, parsePorts, portsCover, toCidr } from './match';
import type { RuleMemo } from './rule-memo';
import { memoSlot } from './rule-memo';
import type { RuleResult } from './rule';
import { cannotEvaluate, violation } from './rule';
import type { FlowTrace } from './vendor-path';
import { flowTraces, subnetsNamedBy, vendorSubnets } from './vendor-path';

/** The diagnostics SSL port custo installs use unless configured otherwise. */
const DEFAULT_SSL_PORT = 8443;

/** One destination asked about: a trace target and its words. */
interface Target {
  readonly to: TraceTo;
  readonly text: string;
}

/** What the traces of one target say: reached (through the tunnel when `tunnel`), or the trace that decided. */
type Leg = { readonly reached: true } | { readonly reached: false; readonly trace?: FlowTrace; readonly hop?: Hop };

const SITES_BY_NAME = memoSlot<ReadonlyMap<string, Site>>('custo-path: sites by name');

/** The estate's sites by name, the first of a name winning (as a search in model order finds it). */
function sitesByName(model: NetworkModel): ReadonlyMap<string, Site> {
  const byName = new Map<string, Site>();
  for (const site of model.sites) if (!byName.has(site.name)) byName.set(site.name, site);
  return byName;
}

/** The findings of a custo sender's path to its centre (empty when proven, or when there is nothing to trace). */
export function custoSenderPath(model: NetworkModel, site: Site, memo: RuleMemo): RuleResult[] {
  const custo = site.vendor.custo;
  if (site.dataplane === undefined || custo?.role !== 'sender' || custo.centre === undefined) return [];
  const centre = memo.get(SITES_BY_NAME, model, sitesByName).get(custo.centre);
  const port = custo.sslPort ?? centre?.vendor.custo?.sslPort ?? DEFAULT_SSL_PORT;
  const expected = `TCP ${port} from ${site.name} to ${custo.centre}'s custo server ${
    custo.mode === 'vpn' ? 'through the VPN tunnel' : "through the centre's port forward"
  }`;
  if (centre?.dataplane === undefined)
    return [
      cannotEvaluate(
        site.path,
        `path to the evaluation centre ${custo.centre}`,
        `its site${centre === undefined ? ' is not in the input' : "'s data plane was not read"}`,
        expected,
      ),
    ];
  if (custo.mode === 'vpn') return judge(site, expected, tunnelLegs(model, site, centre, memo, port));
  if (custo.mode !== 'port-forward') return [];
  return forwardPath(model, site, centre, memo, vendorSubnets(site, memo), port, expected);
}

/**
 * Tunnel mode: every centre address the sender's rules name on the port, from the subnets those
 * rules name; else one of the centre's workload subnets, from the subnets needing the vendor.
 */
function tunnelLegs(
  model: NetworkModel,
  site: Site,
  centre: Site,
  memo: RuleMemo,
  port: number,
): { legs: { target: Target; leg: Leg }[]; all: boolean } {
  const spaces = centre.vnets.flatMap((v) => knownValues(v.addressSpaces)).flatMap((a) => toCidr(a) ?? []);
  const named = namedFlows(site, spaces, port);
  const addresses = [...new Map(named.flatMap((n) => n.addresses).map((a) => [a.toString(), a])).values()];
  const subnets =
    named.length > 0
      ? subnetsNamedBy(
          site,
          named.flatMap((n) => n.flow.sources),
        )
      : vendorSubnets(site, memo);
  const targets =
    addresses.length > 0
      ? addresses
      : (centre.dataplane?.subnets ?? [])
          .filter((s) => s.role === 'workload')
          .flatMap((s) => knownValues(s.prefixes).flatMap((p) => toCidr(p) ?? []));
  const legs = targets.map((address) => {
    const target: Target = { to: { kind: 'address', address }, text: address.toString() };
    return { target, leg: legOf(flowTraces(model, site, subnets, target.to, 'tcp', Port.tcp(port)), true) };
  });
  return { legs, all: addresses.length > 0 };
}

/** The sender's Allow rules on the port to addresses inside the centre's spaces, with those addresses. */
function namedFlows(site: Site, spaces: readonly Cidr[], port: number): { flow: EgressFlow; addresses: Cidr[] }[] {
  const wanted = Port.tcp(port);
  const found: { flow: EgressFlow; addresses: Cidr[] }[] = [];
  for (const flow of site.egress) {
    if (flow.action !== 'Allow' || !portsCover(parsePorts(flow.ports, 'tcp'), wanted)) continue;
    const addresses = knownValues(flow.addresses)
      .flatMap((text) => toCidr(text) ?? [])
      .filter((address) => spaces.some((s) => s.contains(address)));
    if (addresses.length > 0) found.push({ flow, addresses });
  }
  return found;
}

/** Reached when every trace is allowed (through the tunnel, when asked); else the first denied, else the first unknown. */
function legOf(traces: readonly FlowTrace[], tunnel: boolean): Leg {
  const missed = (t: FlowTrace) =>
    t.result.verdict !== 'allowed' || (tunnel && !t.result.hops.some((h) => h.step === 'vpn'));
  const denied = traces.find((t) => missed(t) && t.result.verdict !== 'unknown');
  const doubt = traces.find((t) => t.result.verdict === 'unknown');
  const trace = denied ?? doubt;
  if (trace === undefined) return traces.length === 0 ? { reached: false } : { reached: true };
  const decision = trace === denied ? 'deny' : 'unknown';
  const hop = [...trace.result.hops].reverse().find((h) => h.decision === decision);
  return { reached: false, trace, ...(hop === undefined ? {} : { hop }) };
}

/** Port-forward mode: the centre forwards the port from the internet, and the sender's egress reaches that public IP. */
function forwardPath(
  model: NetworkModel,
  site: Site,
  centre: Site,
  memo: RuleMemo,
  subnets: readonly DataPlaneSubnet[],
  port: number,
  expected: string,
): RuleResult[] {
  const forwards = exposures(memo, model, centre, [port]).filter((e) => e.kind === 'dnat' && e.port === port);
  const open = forwards.find((e) => e.verdict === 'allowed') ?? forwards[0];
  if (open === undefined)
    return [
      violation(
        site.path,
        `custo sender cannot reach ${centre.name}: the centre forwards nothing on TCP ${port}`,
        `no DNAT of TCP ${port} on ${centre.name}'s public IPs`,
        expected,
      ),
    ];
  if (open.verdict !== 'allowed') {
    const why = open.hops.find((h) => h.decision === 'unknown')?.detail ?? 'the evaluator could not decide';
    return [cannotEvaluate(site.path, `${centre.name}'s forward of TCP ${port}`, why, expected)];
  }
  const to: TraceTo = { kind: 'public-ip', site: centre.name, resource: open.publicIp.address };
  const target = { to, text: `${centre.name}/${open.publicIp.address}` };
  const leg = legOf(flowTraces(model, site, subnets, to, 'tcp', Port.tcp(port)), false);
  return judge(site, expected, { legs: [{ target, leg }], all: true });
}

/** One finding from the legs: all must be reached (or, with `all` false, any); unknown beats denied only when nothing is denied. */
function judge(site: Site, expected: string, { legs, all }: { legs: { target: Target; leg: Leg }[]; all: boolean }) {
  if (legs.length === 0)
    return [cannotEvaluate(site.path, 'path to the evaluation centre', 'no address to trace to', expected)];
  const misses = legs.filter((l) => !l.leg.reached);
  if (all ? misses.length === 0 : misses.length < legs.length) return [];
  const denied = misses.find((m) => !m.leg.reached && m.leg.trace?.result.verdict !== 'unknown');
  const first = denied ?? misses[0];
  const leg = first.leg;
  const trace = leg.reached ? undefined : leg.trace;
  const hop = leg.reached ? undefined : leg.hop;
  const from = trace === undefined ? site.name : `${trace.subnet.name} (TCP ${trace.port})`;
  const decided =
    hop === undefined ? 'no path' : `${hop.step} ${hop.address}${hop.rule === '' ? '' : ` ${hop.rule}`}: ${hop.detail}`;
  if (denied === undefined)
    return [cannotEvaluate(hop?.address || site.path, `path from ${from} to ${first.target.text}`, decided, expected)];
  const how = trace?.result.verdict === 'allowed' ? 'reached other than through the VPN tunnel' : 'blocked';
  return [
    violation(
      hop?.address || site.path,
      `custo sender cannot reach its evaluation centre: ${first.target.text} from ${from} is ${how}`,
      trace?.result.verdict === 'allowed' ? trace.result.hops.map((h) => h.step).join(' → ') : decided,
      expected,
      hop?.rule ? { ruleName: hop.rule } : {},
    ),
  ];
}
