// SPDX-License-Identifier: Apache-2.0
import { Port } from '../../net/port';
import type { AppProtocol, EgressFlow, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import { carries, fqdnMatches, knownValues, parsePorts, portsCover, specificAddresses } from '../match';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

/** One flow an obligation needs: TCP/UDP port or range to a hostname. */
export interface RequiredFlow {
  readonly host: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: string;
  /** How the flow is emitted by `site.allowVendor` (the check ignores it). */
  readonly app: AppProtocol;
}

/** A way to meet the obligation; the site must allow every flow of at least one method. */
export interface EgressMethod {
  readonly name: string;
  readonly flows: RequiredFlow[];
}

export interface RequiredEgressFlowsParams {
  /** Alternatives in the vendor's order of preference. */
  readonly methods: EgressMethod[];
}

type FlowStatus = { state: 'hostname' } | { state: 'address'; flow: EgressFlow } | { state: 'unknown'; why: string } | { state: 'missing' };

/** Every flow of at least one method is allowed by an Allow rule that names the hostname. */
export const requiredEgressFlows: Rule<RequiredEgressFlowsParams> = {
  slug: 'required-egress-flows',
  scope: 'site',
  description: 'Every flow of at least one accepted method is allowed by a firewall rule that names the vendor hostname and covers the port.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    const flows = siteFlows(site);
    const statuses = params.methods.map((m) => m.flows.map((f) => statusOf(f, flows)));
    if (statuses.some((flows) => flows.every((s) => s.state === 'hostname'))) return [];
    // Report against the method closest to complete; ties go to the vendor's preferred one.
    const score = (flows: FlowStatus[]) => flows.filter((s) => s.state === 'hostname').length;
    const best = statuses.reduce((b, flows, i) => (score(flows) > score(statuses[b]) ? i : b), 0);
    const method = params.methods[best];
    const alternatives = params.methods.length > 1 ? ` (method ${method.name}; alternatives: ${params.methods.map((m) => m.name).join(', ')})` : '';
    const at = site.firewall?.path ?? site.path;
    const incomplete = params.methods.length > 1 ? `method ${method.name} incomplete: ` : '';
    return method.flows.flatMap((flow, i): RuleResult[] => {
      const status = statuses[best][i];
      const wanted = `an Allow rule naming ${flow.host} on ${describe(flow)}${alternatives}`;
      switch (status.state) {
        case 'hostname':
          return [];
        case 'address':
          return [violation(status.flow.path, `${describe(flow)} to ${flow.host} is allowed only by IP address`, `rule ${status.flow.name} to ${specificAddresses(status.flow).join(', ')}`, wanted, { fix: `name ${flow.host} in the rule instead of its address (the address may change)` })];
        case 'unknown':
          return [cannotEvaluate(at, `flow ${describe(flow)} to ${flow.host}`, status.why, wanted)];
        case 'missing':
          return [violation(at, `${incomplete}no allowed flow ${describe(flow)} to ${flow.host}`, 'no matching Allow rule', wanted)];
      }
    });
  },
};

function describe(flow: RequiredFlow): string {
  return Port.parse(flow.port, flow.protocol).describe();
}

/** What statusOf asks of a rule, worked out once per evaluation of a site, not once per required flow. */
class FlowFacts {
  private readonly ports = new Map<string, Port[]>();
  private readonly hosts = new Map<string, boolean>();
  private knownFqdns: string[] | undefined;

  public constructor(public readonly flow: EgressFlow) {}

  public portsFor(protocol: 'tcp' | 'udp'): Port[] {
    let ports = this.ports.get(protocol);
    if (ports === undefined) this.ports.set(protocol, (ports = parsePorts(this.flow.ports, protocol)));
    return ports;
  }

  public names(host: string): boolean {
    let named = this.hosts.get(host);
    if (named === undefined) {
      this.knownFqdns ??= knownValues(this.flow.fqdns);
      this.hosts.set(host, (named = this.knownFqdns.some((h) => fqdnMatches(h, host))));
    }
    return named;
  }
}

/** A site's Allow rules by the transport they carry, with their facts. */
class SiteFlows {
  private readonly byProtocol = new Map<string, FlowFacts[]>();
  private readonly allowed: FlowFacts[];

  private readonly egress: readonly EgressFlow[];

  public constructor(egress: readonly EgressFlow[]) {
    this.egress = [...egress];
    this.allowed = egress.filter((f) => f.action === 'Allow').map((f) => new FlowFacts(f));
  }

  /** True while the site's rules are the ones these facts were worked out from (a model may be changed between evaluations). */
  public isFor(egress: readonly EgressFlow[]): boolean {
    return egress.length === this.egress.length && egress.every((f, i) => f === this.egress[i]);
  }

  public allowing(protocol: 'tcp' | 'udp'): FlowFacts[] {
    let flows = this.byProtocol.get(protocol);
    if (flows === undefined) this.byProtocol.set(protocol, (flows = this.allowed.filter((f) => carries(f.flow.protocol, protocol))));
    return flows;
  }
}

// Each pack has several required-egress entries per site: the site's facts are shared by them.
const siteFlowsCache = new WeakMap<Site, SiteFlows>();

function siteFlows(site: Site): SiteFlows {
  let flows = siteFlowsCache.get(site);
  if (flows === undefined || !flows.isFor(site.egress)) siteFlowsCache.set(site, (flows = new SiteFlows(site.egress)));
  return flows;
}

// Packs name the same few required ports for every site: parse each once.
const wantedPorts = new Map<string, Port>();

function wantedPort(required: RequiredFlow): Port {
  const key = `${required.protocol}|${required.port}`;
  let port = wantedPorts.get(key);
  if (port === undefined) wantedPorts.set(key, (port = Port.parse(required.port, required.protocol)));
  return port;
}

function statusOf(required: RequiredFlow, flows: SiteFlows): FlowStatus {
  const wanted = wantedPort(required);
  const candidates = flows.allowing(required.protocol);
  const covers = (f: FlowFacts) => portsCover(f.portsFor(required.protocol), wanted);
  const names = (f: FlowFacts) => f.names(required.host);
  // A rule from sources nobody can read proves nothing about the clinic's machines reaching the host.
  const sourcesKnown = (f: FlowFacts) => !f.flow.sources.some(isUnknown);
  if (candidates.some((f) => names(f) && covers(f) && sourcesKnown(f))) return { state: 'hostname' };
  const unknownSources = candidates.find((f) => names(f) && covers(f));
  if (unknownSources !== undefined) return { state: 'unknown', why: `rule ${unknownSources.flow.name} has unresolved sources` };
  const doubtful = candidates.find(
    (f) => (f.flow.fqdns.some(isUnknown) && (covers(f) || f.flow.ports.some(isUnknown))) || (f.flow.ports.some(isUnknown) && names(f)),
  );
  if (doubtful !== undefined) return { state: 'unknown', why: `rule ${doubtful.flow.name} has unresolved destinations or ports` };
  const byAddress = candidates.find((f) => !names(f) && specificAddresses(f.flow).length > 0 && covers(f));
  return byAddress === undefined ? { state: 'missing' } : { state: 'address', flow: byAddress.flow };
}
