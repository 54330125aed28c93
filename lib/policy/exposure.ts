// SPDX-License-Identifier: Apache-2.0
/**
 * Every path in from the internet to one site, found on its data plane and then proven by the
 * evaluator: DNAT on a firewall public IP, a NIC's public IP, a public load balancer's rules and
 * an application gateway's listeners. Each candidate (public IP, protocol, port, source) is
 * traced from the internet; what the trace allows is an exposure, what it cannot decide is
 * unknown, never assumed closed.
 */
import type { DataPlanePublicIp, FirewallRule, Nic, Nsg } from '../model/dataplane';
import type { Maybe, NetworkModel, Site } from '../model/types';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { Hop, Verdict } from '../dataplane/types';
import { estateOf } from '../dataplane/estate';
import type { SitePlane } from '../dataplane/estate';
import { orderedCollections, policyChain } from '../dataplane/firewall';
import { trace } from '../dataplane';
import { cidrOf, isPrivate } from '../dataplane/match';
import type { RuleMemo } from './rule-memo';
import { memoSlot } from './rule-memo';

/** How a path enters the site. */
export type ExposureKind = 'dnat' | 'nic' | 'load-balancer' | 'app-gateway';

/** One inbound path the evaluator was asked about, with its answer. */
export interface Exposure {
  readonly kind: ExposureKind;
  /** The public IP resource the internet sends to. */
  readonly publicIp: DataPlanePublicIp;
  /** Terraform address of the element that opens the path (the DNAT rule's group, the NSG, the LB rule, the gateway). */
  readonly element: string;
  /** The rule or listener that opens it (empty when none: an open Basic IP). */
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  /** The port the internet sends to. */
  readonly port: number;
  /** The port the traffic arrives on inside, when the path translates it. @default the same port */
  readonly internalPort?: number;
  /** Where the traffic lands inside, as far as the input says: addresses or prefixes (empty when unknown). */
  readonly targets: string[];
  /** The internet sources the path admits, as text (`any`, or the rule's public ranges). */
  readonly sources: string;
  readonly verdict: Verdict;
  readonly hops: Hop[];
}

/** The sources a rule admits from the internet: all of it, some ranges, none (private only), or unknown. */
export type SourceScope =
  | { readonly kind: 'any'; readonly ranges?: Cidr[] }
  | { readonly kind: 'some'; readonly ranges: Cidr[] }
  | { readonly kind: 'private' }
  | { readonly kind: 'unknown'; readonly reason: string };

const ANY_SOURCE = new Set(['*', 'any', 'internet', '0.0.0.0/0']);
const IPV4_END = 2n ** 32n - 1n;

/** Whether IPv4 ranges together cover every address (0.0.0.0/1 + 128.0.0.0/1 is "any"). */
export function coversAllIpv4(ranges: readonly Cidr[]): boolean {
  const v4 = ranges.filter((r) => r.version === 4).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const r of v4) {
    if (r.first > next) return false;
    if (r.last + 1n > next) next = r.last + 1n;
    if (next > IPV4_END) return true;
  }
  return false;
}

/** What a DNAT or NSG rule's source list admits from the internet. */
export function sourceScope(sources: readonly Maybe<string>[]): SourceScope {
  const ranges: Cidr[] = [];
  let reason: string | undefined;
  for (const s of sources) {
    if (isUnknown(s)) {
      reason ??= s.unknown;
      continue;
    }
    if (ANY_SOURCE.has(s.trim().toLowerCase())) return { kind: 'any' };
    const cidr = cidrOf(s);
    if (cidr === undefined) reason ??= `the addresses of "${s}"`;
    else ranges.push(cidr);
  }
  // Ranges that add up to every address (0.0.0.0/1 + 128.0.0.0/1) are "any"; the trace starts from each.
  if (coversAllIpv4(ranges)) return { kind: 'any', ranges };
  const public_ = ranges.filter((r) => !isPrivate(r));
  if (public_.length > 0) return { kind: 'some', ranges: public_ };
  return reason === undefined ? { kind: 'private' } : { kind: 'unknown', reason };
}

/** A path to ask the evaluator about, before the answer. */
interface Probe {
  readonly kind: ExposureKind;
  readonly publicIp: DataPlanePublicIp;
  readonly element: string;
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly internalPort?: number;
  readonly targets: string[];
  readonly source: SourceScope;
}

/** Ports a pattern list makes worth asking about: each range's first port, and the `extra` ports inside it. */
function probePorts(patterns: readonly Maybe<string>[], extra: readonly number[]): number[] {
  const ports = new Set<number>();
  for (const p of patterns) {
    if (isUnknown(p)) continue;
    const text = p.trim();
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text);
    const [from, to] = text === '*' ? [0, 65535] : m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (Number.isNaN(from)) continue;
    if (text !== '*') ports.add(from);
    for (const e of extra) if (e >= from && e <= to) ports.add(e);
  }
  return [...ports].sort((a, b) => a - b);
}

function protocolsOf(patterns: readonly Maybe<string>[]): ('tcp' | 'udp')[] {
  const out = new Set<'tcp' | 'udp'>();
  for (const p of patterns) {
    const t = isUnknown(p) ? 'any' : p.trim().toLowerCase();
    if (t === 'tcp' || t === 'any' || t === '*') out.add('tcp');
    if (t === 'udp' || t === 'any' || t === '*') out.add('udp');
  }
  return [...out];
}

const portNumber = (p: Maybe<string> | undefined): number | undefined => {
  const n = p === undefined || isUnknown(p) ? NaN : Number(p.trim());
  return Number.isInteger(n) ? n : undefined;
};

/** DNAT rules of each firewall's policy chain (parent first), one probe per protocol and port. */
function dnatRuleProbes(
  plane: SitePlane,
  chainOf: (policy: string) => { rule: FirewallRule; element: string }[],
  extra: readonly number[],
): Probe[] {
  const probes: Probe[] = [];
  for (const fw of plane.plane.firewalls) {
    if (fw.policy === undefined || isUnknown(fw.policy)) continue;
    const rules = chainOf(fw.policy);
    for (const ipAddress of fw.publicIps) {
      const publicIp = plane.plane.publicIps.find((p) => !isUnknown(ipAddress) && p.address === ipAddress);
      if (publicIp === undefined) continue;
      for (const { rule, element } of rules)
        for (const protocol of protocolsOf(rule.protocols))
          for (const port of probePorts(rule.ports, extra)) {
            const internal = portNumber(rule.translated?.port);
            probes.push({
              kind: 'dnat',
              publicIp,
              element,
              name: rule.name,
              protocol,
              port,
              ...(internal === undefined ? {} : { internalPort: internal }),
              targets: known([rule.translated?.address]),
              source: sourceScope(rule.sources),
            });
          }
    }
  }
  return probes;
}

const known = (values: readonly (Maybe<string> | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === 'string');

/** A NIC's static private addresses, or else its subnet's prefixes. */
function nicTargets(plane: SitePlane, nic: Nic): string[] {
  const ips = known(nic.privateIps);
  if (ips.length > 0) return ips;
  const subnet = isUnknown(nic.subnet) ? undefined : plane.subnets.get(nic.subnet);
  return known(subnet?.prefixes ?? []);
}

/** NSG inbound Allow rules that may admit internet sources. */
function internetAllows(nsg: Nsg | undefined): Nsg['rules'] {
  return (nsg?.rules ?? []).filter(
    (r) =>
      (isUnknown(r.direction) || r.direction === 'Inbound') &&
      (isUnknown(r.access) || r.access === 'Allow') &&
      sourceScope(r.sources).kind !== 'private',
  );
}

/** A NIC's public IPs: the ports its NSGs open to the internet, and `extra` ports (an open Basic IP opens all). */
function nicProbes(plane: SitePlane, extra: readonly number[]): Probe[] {
  const probes: Probe[] = [];
  for (const nic of plane.plane.nics) {
    const subnet = isUnknown(nic.subnet) ? undefined : plane.subnets.get(nic.subnet);
    const nsgOf = (a: Maybe<string> | undefined) => (a === undefined || isUnknown(a) ? undefined : plane.nsgs.get(a));
    const allows = [...internetAllows(nsgOf(subnet?.nsg)), ...internetAllows(nsgOf(nic.nsg))];
    for (const ipAddress of nic.publicIps) {
      const publicIp = plane.plane.publicIps.find((p) => !isUnknown(ipAddress) && p.address === ipAddress);
      if (publicIp === undefined) continue;
      const seen = new Set<string>();
      const targets = nicTargets(plane, nic);
      const add = (element: string, name: string, protocol: 'tcp' | 'udp', port: number) => {
        const key = `${protocol} ${port}`;
        if (seen.has(key)) return;
        seen.add(key);
        probes.push({ kind: 'nic', publicIp, element, name, protocol, port, targets, source: { kind: 'any' } });
      };
      for (const rule of allows)
        for (const protocol of protocolsOf([rule.protocol]))
          for (const port of probePorts(rule.destinationPorts, extra)) add(rule.address, rule.name, protocol, port);
      for (const port of extra) add(nic.address, '', 'tcp', port);
    }
  }
  return probes;
}

function balancerProbes(plane: SitePlane): Probe[] {
  const byAddress = new Map(plane.plane.publicIps.map((p) => [p.address, p]));
  const probes: Probe[] = [];
  for (const lb of plane.plane.loadBalancers)
    for (const rule of lb.rules) {
      const publicIp = isUnknown(rule.publicIp) ? undefined : byAddress.get(rule.publicIp);
      const port = portNumber(rule.frontendPort ?? undefined);
      if (publicIp === undefined || port === undefined) continue;
      const internal = portNumber(rule.backendPort);
      for (const protocol of protocolsOf([rule.protocol]))
        probes.push({
          kind: 'load-balancer',
          publicIp,
          element: rule.address,
          name: rule.name,
          protocol,
          port,
          ...(internal === undefined ? {} : { internalPort: internal }),
          targets: rule.backendNics.flatMap((a) => {
            const nic = plane.nics.get(a);
            return nic === undefined ? [] : nicTargets(plane, nic);
          }),
          source: { kind: 'any' },
        });
    }
  for (const gateway of plane.plane.appGateways)
    for (const listener of gateway.listeners) {
      const publicIp = isUnknown(listener.publicIp) ? undefined : byAddress.get(listener.publicIp);
      const port = portNumber(listener.port);
      if (publicIp === undefined || port === undefined) continue;
      probes.push({
        kind: 'app-gateway',
        publicIp,
        element: gateway.address,
        name: listener.name,
        protocol: 'tcp',
        port,
        targets: known(gateway.backends),
        source: { kind: 'any' },
      });
    }
  return probes;
}

const sourcesText = (scope: SourceScope): string =>
  scope.kind === 'some'
    ? scope.ranges.map((r) => r.toString()).join(', ')
    : scope.kind === 'unknown'
      ? `unknown (${scope.reason})`
      : scope.kind;

/** Asks the evaluator about one probe: from any internet address, or from each public source the rule names. */
function prove(model: NetworkModel, site: Site, probe: Probe): Exposure | undefined {
  const base = {
    kind: probe.kind,
    publicIp: probe.publicIp,
    element: probe.element,
    name: probe.name,
    protocol: probe.protocol,
    port: probe.port,
    ...(probe.internalPort === undefined ? {} : { internalPort: probe.internalPort }),
    targets: probe.targets,
    sources: sourcesText(probe.source),
  };
  if (probe.source.kind === 'private') return undefined;
  const ranges = probe.source.kind === 'some' || probe.source.kind === 'any' ? probe.source.ranges : undefined;
  const sources: (Cidr | undefined)[] = ranges ?? [undefined];
  let unknownAnswer: Exposure | undefined;
  for (const source of sources) {
    const { verdict, hops } = trace(model, {
      from: source === undefined ? { kind: 'internet' } : { kind: 'internet', source },
      to: { kind: 'public-ip', site: site.name, resource: probe.publicIp.address },
      protocol: probe.protocol,
      port: probe.port,
    });
    if (verdict === 'allowed') return { ...base, verdict, hops };
    if (verdict === 'unknown') unknownAnswer ??= { ...base, verdict, hops };
  }
  return unknownAnswer;
}

/**
 * Ports asked about where a path opens every port (an open Basic public IP, an NSG allowing `*`):
 * one open port proves the path; these are the ones an attacker tries first.
 */
export const PROBE_PORTS: readonly number[] = [22, 80, 443, 3389];

const KIND_TEXT: Record<ExposureKind, string> = {
  dnat: 'DNAT rule',
  nic: 'NIC public IP',
  'load-balancer': 'load-balancer rule',
  'app-gateway': 'application gateway listener',
};

/** One line: protocol, ports (outside → inside), public IP, the opening rule, sources and the NSG rules passed. */
export function describeExposure(e: Exposure): string {
  const inside = e.internalPort !== undefined && e.internalPort !== e.port ? ` → ${e.internalPort}` : '';
  const nsgs = e.hops.filter((h) => h.step === 'nsg-inbound' && h.rule !== '').map((h) => `${h.rule} (${h.address})`);
  const by = `${KIND_TEXT[e.kind]}${e.name === '' ? '' : ` ${e.name}`}`;
  return `${e.protocol.toUpperCase()} ${e.port}${inside} on ${e.publicIp.name} by ${by} from ${e.sources}${nsgs.length > 0 ? `, NSG ${nsgs.join(', ')}` : ''}`;
}

const SLOT = memoSlot<Exposure[]>('exposures');

/**
 * The site's inbound paths that the evaluator finds open (`allowed`) or cannot decide (`unknown`)
 * from the internet, in a stable order. `ports` are also asked about wherever a path opens a
 * range or every port (the administrative ports, for instance). Memoized per evaluation.
 */
export function exposures(memo: RuleMemo, model: NetworkModel, site: Site, ports: readonly number[]): Exposure[] {
  return memo.get(SLOT, `${site.name}\u0000${ports.join(',')}`, () => computeExposures(model, site, ports));
}

function computeExposures(model: NetworkModel, site: Site, ports: readonly number[]): Exposure[] {
  const estate = estateOf(model);
  const plane = estate.sites.get(site.name);
  if (plane === undefined || site.dataplane === undefined) return [];
  const chainOf = (policy: string) => {
    const { ordered, floating } = orderedCollections(policyChain(estate, plane, policy), 'dnat');
    return [...ordered, ...floating].flatMap((p) => {
      const element = p.policy.groups.find((g) => g.name === p.group)?.address ?? p.policy.address;
      return p.collection.rules.map((rule) => ({ rule, element }));
    });
  };
  const probes = [...dnatRuleProbes(plane, chainOf, ports), ...nicProbes(plane, ports), ...balancerProbes(plane)];
  const found: Exposure[] = [];
  for (const probe of probes) {
    const exposure = prove(model, site, probe);
    if (exposure !== undefined) found.push(exposure);
  }
  return found;
}
