// SPDX-License-Identifier: Apache-2.0
import type { Fqdn } from '../../net/fqdn';
import { Port } from '../../net/port';
import type { EgressFlow } from '../../model/types';
import { isUnknown } from '../../model/types';
import { carries, parsedFqdn, parsePorts, portsCover, specificAddresses } from '../match';
import type { RuleMemo, RuleResult } from '../rule';
import { cannotEvaluate, memoSlot, siteRule, violation } from '../rule';
import { proxySchemeFor } from '../proxied-flows';
import { pathVerdict } from '../vendor-path';
import type { NetworkModel, Site } from '../../model/types';
import type { RequiredEgressFlowsParams, RequiredFlow } from '../vendor-flows';
import { REQUIRED_EGRESS_FLOWS_PARAMS } from '../vendor-flows';

type FlowStatus =
  | { state: 'hostname' }
  | { state: 'address'; flow: EgressFlow }
  | { state: 'unknown'; why: string; path?: string }
  | { state: 'missing'; blocked?: string; by?: string; got?: string; path?: string };

/** Every flow of at least one method is allowed by an Allow rule that names the hostname. */
export const requiredEgressFlows = siteRule<RequiredEgressFlowsParams>({
  slug: 'required-egress-flows',
  description:
    'Every flow of at least one accepted method is allowed by a firewall rule that names the vendor hostname and covers the port.',
  params: REQUIRED_EGRESS_FLOWS_PARAMS,
  check: ({ model, site, params, memo }) => {
    // Each pack has several required-egress entries per site: the site's facts are shared by them.
    const flows = memo.get(SITE_FLOWS, site, (s) => new SiteFlows(s.egress));
    // With the data plane read, the obligation is proven by path; without it, by the rule texts.
    const status = (f: RequiredFlow): FlowStatus =>
      site.dataplane === undefined ? statusOf(f, flows, memo) : pathStatus(model, site, f, flows, memo);
    // Methods in order, ending at the first complete one: most sites meet the preferred method.
    const statuses: FlowStatus[][] = [];
    for (const m of params.methods) {
      const method = m.flows.map(status);
      if (method.every((s) => s.state === 'hostname')) return [];
      statuses.push(method);
    }
    // Report against the method closest to complete; ties go to the vendor's preferred one.
    const score = (flows: FlowStatus[]) => flows.filter((s) => s.state === 'hostname').length;
    const best = statuses.reduce((b, flows, i) => (score(flows) > score(statuses[b]) ? i : b), 0);
    const method = params.methods[best];
    const alternatives =
      params.methods.length > 1
        ? ` (method ${method.name}; alternatives: ${params.methods.map((m) => m.name).join(', ')})`
        : '';
    const at = site.firewall?.path ?? site.path;
    const incomplete = params.methods.length > 1 ? `method ${method.name} incomplete: ` : '';
    return method.flows.flatMap((flow, i): RuleResult[] => {
      const status = statuses[best][i];
      const wanted = `an Allow rule naming ${flow.host} on ${describe(flow)}${alternatives}`;
      switch (status.state) {
        case 'hostname':
          return [];
        case 'address':
          return [
            violation(
              status.flow.path,
              `${describe(flow)} to ${flow.host} is allowed only by IP address`,
              `rule ${status.flow.name} to ${specificAddresses(status.flow).join(', ')}`,
              wanted,
              { fix: `name ${flow.host} in the rule instead of its address (the address may change)` },
            ),
          ];
        case 'unknown':
          return [cannotEvaluate(status.path ?? at, `flow ${describe(flow)} to ${flow.host}`, status.why, wanted)];
        case 'missing':
          if (status.blocked !== undefined)
            return [
              violation(
                status.path ?? at,
                `${incomplete}${describe(flow)} to ${flow.host} from ${status.blocked}`,
                status.got ?? 'denied',
                wanted,
                status.by === undefined ? {} : { ruleName: status.by },
              ),
            ];
          return [
            violation(
              at,
              `${incomplete}no allowed flow ${describe(flow)} to ${flow.host}`,
              status.got ?? 'no matching Allow rule',
              wanted,
            ),
          ];
      }
    });
  },
});

function describe(flow: RequiredFlow): string {
  return Port.parse(flow.port, flow.protocol).describe();
}

/**
 * What statusOf asks of a rule, read from it once per evaluation of a site, not once per
 * required flow: each required-egress entry walks the site's rules again, and reading these
 * small objects is cheaper than the model's scattered ones.
 */
class FlowFacts {
  /** The known destination hostnames, parsed (null: not a hostname); few distinct ones estate-wide. */
  private readonly fqdns: (Fqdn | null)[] = [];
  /** A rule from sources nobody can read proves nothing about the clinic's machines reaching the host. */
  public readonly sourcesKnown: boolean;
  private tcp: Port[] | undefined;
  private udp: Port[] | undefined;

  public constructor(public readonly flow: EgressFlow) {
    for (const fqdn of flow.fqdns) if (!isUnknown(fqdn)) this.fqdns.push(parsedFqdn(fqdn));
    this.sourcesKnown = !flow.sources.some(isUnknown);
  }

  public portsFor(protocol: 'tcp' | 'udp'): Port[] {
    if (protocol === 'tcp') return (this.tcp ??= parsePorts(this.flow.ports, 'tcp'));
    if (protocol === 'udp') return (this.udp ??= parsePorts(this.flow.ports, 'udp'));
    // Pack files name only tcp and udp (the schema says so); a pack built in code may not.
    return parsePorts(this.flow.ports, protocol);
  }

  /** True when a known destination hostname of the rule names `host`. */
  public names(host: string): boolean {
    for (const fqdn of this.fqdns) if (fqdn !== null && fqdn.matches(host)) return true;
    return false;
  }
}

/** A site's Allow rules by the transport they carry, with their facts. */
class SiteFlows {
  private tcp: FlowFacts[] | undefined;
  private udp: FlowFacts[] | undefined;

  private readonly egress: readonly EgressFlow[];

  public constructor(egress: readonly EgressFlow[]) {
    this.egress = [...egress];
  }

  public allowing(protocol: 'tcp' | 'udp'): FlowFacts[] {
    if (protocol === 'tcp') return (this.tcp ??= allowed(this.egress, 'tcp'));
    if (protocol === 'udp') return (this.udp ??= allowed(this.egress, 'udp'));
    // Pack files name only tcp and udp (the schema says so); a pack built in code may not.
    return allowed(this.egress, protocol);
  }
}

/** The Allow rules that carry `protocol`, in rule order, each with room for its facts. */
function allowed(egress: readonly EgressFlow[], protocol: 'tcp' | 'udp'): FlowFacts[] {
  const facts: FlowFacts[] = [];
  for (const flow of egress)
    if (flow.action === 'Allow' && carries(flow.protocol, protocol)) facts.push(new FlowFacts(flow));
  return facts;
}

const SITE_FLOWS = memoSlot<SiteFlows>('required-egress-flows: site flows');
// Packs name the same few required ports for every site: parse each once per evaluation.
const WANTED_PORTS = memoSlot<Port>('required-egress-flows: wanted ports');

/** Shared: statuses are only read. */
const BY_HOSTNAME: FlowStatus = { state: 'hostname' };

function statusOf(required: RequiredFlow, flows: SiteFlows, memo: RuleMemo): FlowStatus {
  const wanted = memo.get(WANTED_PORTS, `${required.protocol}|${required.port}`, () =>
    Port.parse(required.port, required.protocol),
  );
  const candidates = flows.allowing(required.protocol);
  const covers = (f: FlowFacts) => portsCover(f.portsFor(required.protocol), wanted);
  let unknownSources: FlowFacts | undefined;
  for (const f of candidates) {
    if (!f.names(required.host) || !covers(f)) continue;
    if (f.sourcesKnown) return BY_HOSTNAME;
    unknownSources ??= f;
  }
  if (unknownSources !== undefined)
    return { state: 'unknown', why: `rule ${unknownSources.flow.name} has unresolved sources` };
  const doubtful = candidates.find(
    (f) =>
      (f.flow.fqdns.some(isUnknown) && (covers(f) || f.flow.ports.some(isUnknown))) ||
      (f.flow.ports.some(isUnknown) && f.names(required.host)),
  );
  if (doubtful !== undefined)
    return { state: 'unknown', why: `rule ${doubtful.flow.name} has unresolved destinations or ports` };
  const byAddress = candidates.find(
    (f) => !f.names(required.host) && specificAddresses(f.flow).length > 0 && covers(f),
  );
  return byAddress === undefined ? { state: 'missing' } : { state: 'address', flow: byAddress.flow };
}

/**
 * The flow proven by path: allowed from every subnet needing the vendor, or the hop that
 * blocked it. A flow reachable only through a rule naming the vendor's address stays the
 * `address` finding (the trace cannot know that address is the vendor's host).
 */
function pathStatus(
  model: NetworkModel,
  site: Site,
  required: RequiredFlow,
  flows: SiteFlows,
  memo: RuleMemo,
): FlowStatus {
  const viaProxy = proxySchemeFor(site, required.host, required.app);
  const path = pathVerdict(model, site, memo, required.host, required.protocol, required.port, viaProxy);
  if (path.verdict === 'allowed') return BY_HOSTNAME;
  const text = statusOf(required, flows, memo);
  if (text.state === 'address') return text;
  const hop = path.hop;
  const where = path.subnet === undefined ? site.name : path.subnet.name;
  if (path.verdict === 'unknown') {
    const why = hop === undefined ? 'no workload subnet in the data plane' : hop.detail;
    return { state: 'unknown', why: `from ${where}: ${why}`, ...(hop?.address ? { path: hop.address } : {}) };
  }
  if (hop === undefined || hop.rule === '') {
    // Nothing allowed it: the plain "missing" finding, with why a rule naming the host did not match.
    const got = hop === undefined || text.state === 'missing' ? undefined : `from ${where}: ${hop.detail}`;
    return got === undefined ? { state: 'missing' } : { state: 'missing', got };
  }
  const before = text.state === 'hostname' ? allowNaming(required, flows) : undefined;
  const after = before === undefined ? '' : `, processed before ${before.collection} (${before.priority})`;
  return {
    state: 'missing',
    blocked: `${where} is denied by ${hop.rule}${after}`,
    by: hop.rule,
    got: `denied at ${hop.step}: ${hop.detail}`,
    path: hop.address,
  };
}

/** The first Allow rule that names the host on the port: the one a Deny ahead of it overrides. */
function allowNaming(required: RequiredFlow, flows: SiteFlows): EgressFlow | undefined {
  const wanted = Port.parse(required.port, required.protocol);
  return flows
    .allowing(required.protocol)
    .find((f) => f.names(required.host) && portsCover(f.portsFor(required.protocol), wanted))?.flow;
}
