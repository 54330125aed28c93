// SPDX-License-Identifier: Apache-2.0
/**
 * HL7-ENCRYPTED by path: a clear-text MLLP flow is traced from the subnets it names to each of
 * its destinations; a path that goes out to the internet (firewall SNAT, NAT gateway, a public
 * IP, Azure's default outbound access) without a VPN tunnel is the finding. A path through a
 * tunnel, or delivered inside the estate, is not; a blocked path sends nothing.
 */
import type { Hop, TraceResult, TraceTo } from '../dataplane';
import type { EgressFlow, NetworkModel, Site } from '../model/types';
import { isUnknown } from '../model/types';
import { Cidr } from '../net/cidr';
import { Port } from '../net/port';
import { isAnyAddress, knownValues, toCidr } from './match';
import type { RuleResult } from './rule';
import { cannotEvaluate, violation } from './rule';
import type { FlowTrace } from './vendor-path';
import { flowTraces, subnetsNamedBy } from './vendor-path';

/** The hops by which a path leaves for the internet. */
const EXITS = new Set(['snat', 'nat-gateway', 'public-ip', 'internet']);
/** TCP 2575: the port IANA registers for HL7 over MLLP. */
export const HL7_PORT = 2575;
/** TEST-NET-3 (RFC 5737): stands for "any internet address" when a rule names any destination. */
const ANY_INTERNET = Cidr.parse('203.0.113.10/32');
/** What HL7-ENCRYPTED expects of a clear-text MLLP flow. */
export const MLLP_EXPECTED = 'MLLP over a VPN link, to an estate address, or MLLP over TLS (mllp-tls)';

/** How a traced packet ends: out to the internet, through a tunnel, or neither. */
function exitOf(result: TraceResult): 'internet' | 'vpn' | 'none' {
  if (result.hops.some((h) => h.step === 'vpn')) return 'vpn';
  return result.hops.some((h) => EXITS.has(h.step) && h.decision === 'allow') ? 'internet' : 'none';
}

/** The flow's destinations as trace targets, with their words; a wildcard host stands for one of its hosts. */
function targetsOf(flow: EgressFlow): { to: TraceTo; text: string }[] {
  const hosts = knownValues(flow.fqdns).map((h) => ({
    to: { kind: 'host' as const, host: h.replace(/^\*\./, 'any.') },
    text: h,
  }));
  const addresses = knownValues(flow.addresses).flatMap((a) => {
    const cidr = isAnyAddress(a) ? ANY_INTERNET : toCidr(a);
    return cidr === undefined ? [] : [{ to: { kind: 'address' as const, address: cidr }, text: a }];
  });
  return [...hosts, ...addresses];
}

/** The port traced: 2575 when the flow's ports take it, else the first known port. */
function portOf(flow: EgressFlow): Port | undefined {
  const ports = knownValues(flow.ports).map((p) => p.trim());
  const covers = ports.some((p) => {
    const [from, to = from] = p.split('-').map(Number);
    return p === '*' || (from <= HL7_PORT && HL7_PORT <= to);
  });
  if (covers) return Port.tcp(HL7_PORT);
  const first = ports.find((p) => /^\d{1,5}$/.test(p));
  return first === undefined ? undefined : Port.tcp(Number(first));
}

const leg = (t: FlowTrace) => `TCP ${t.port} from ${t.subnet.name}`;

/** The findings of one clear-text MLLP flow, by path: one violation naming where it leaves, else unknown, else none. */
export function mllpPath(model: NetworkModel, site: Site, flow: EgressFlow): RuleResult[] {
  const port = portOf(flow);
  const subnets = subnetsNamedBy(site, flow.sources);
  const leaks: string[] = [];
  let leak: { trace: FlowTrace; exit: Hop } | undefined;
  let unknown = [...flow.fqdns, ...flow.addresses, ...flow.ports].find(isUnknown)?.unknown;
  if (port === undefined) unknown ??= 'no port of the rule could be read';
  if (subnets.length === 0) unknown ??= `no workload subnet in ${site.name}'s data plane to trace from`;
  for (const { to, text } of targetsOf(flow)) {
    if (port === undefined) break;
    const traces = flowTraces(model, site, subnets, to, 'tcp', port);
    const out = traces.find((t) => exitOf(t.result) === 'internet');
    if (out !== undefined) {
      leaks.push(text);
      leak ??= { trace: out, exit: [...out.result.hops].reverse().find((h) => EXITS.has(h.step))! };
      continue;
    }
    const doubt = traces.find((t) => t.result.verdict === 'unknown' && exitOf(t.result) === 'none');
    const hop = doubt?.result.hops.find((h) => h.decision === 'unknown');
    if (doubt !== undefined) unknown ??= `path to ${text} (${leg(doubt)}): ${hop?.detail ?? 'undecided'}`;
  }
  if (leak !== undefined) {
    const { trace, exit } = leak;
    return [
      violation(
        flow.path,
        `rule ${flow.name} sends clear-text HL7 (MLLP) over the internet`,
        `MLLP to ${leaks.join(', ')} leaves the estate by ${exit.step} (${exit.address}) on ${leg(trace)}, not through a VPN tunnel`,
        MLLP_EXPECTED,
        { fix: 'route the flow over a VPN link, or switch the partner to LLP over TLS', ruleName: flow.name },
      ),
    ];
  }
  return unknown === undefined
    ? []
    : [cannotEvaluate(flow.path, `path of MLLP rule ${flow.name}`, unknown, MLLP_EXPECTED, { ruleName: flow.name })];
}
