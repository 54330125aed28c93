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
    const ports = new PortCache();
    const statuses = params.methods.map((m) => m.flows.map((f) => statusOf(site, f, ports)));
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

/** Each rule's ports parsed once per check of a site, not once per required flow. */
class PortCache {
  private readonly parsed = new Map<EgressFlow, Map<string, Port[]>>();

  public of(flow: EgressFlow, protocol: 'tcp' | 'udp'): Port[] {
    let byProtocol = this.parsed.get(flow);
    if (byProtocol === undefined) this.parsed.set(flow, (byProtocol = new Map()));
    let ports = byProtocol.get(protocol);
    if (ports === undefined) byProtocol.set(protocol, (ports = parsePorts(flow.ports, protocol)));
    return ports;
  }
}

function statusOf(site: Site, required: RequiredFlow, ports: PortCache): FlowStatus {
  const wanted = Port.parse(required.port, required.protocol);
  const candidates = site.egress.filter((f) => f.action === 'Allow' && carries(f.protocol, required.protocol));
  const covers = (f: EgressFlow) => portsCover(ports.of(f, required.protocol), wanted);
  const names = (f: EgressFlow) => knownValues(f.fqdns).some((h) => fqdnMatches(h, required.host));
  // A rule from sources nobody can read proves nothing about the clinic's machines reaching the host.
  const sourcesKnown = (f: EgressFlow) => !f.sources.some(isUnknown);
  if (candidates.some((f) => names(f) && covers(f) && sourcesKnown(f))) return { state: 'hostname' };
  const unknownSources = candidates.find((f) => names(f) && covers(f));
  if (unknownSources !== undefined) return { state: 'unknown', why: `rule ${unknownSources.name} has unresolved sources` };
  const doubtful = candidates.find(
    (f) => (f.fqdns.some(isUnknown) && (covers(f) || f.ports.some(isUnknown))) || (f.ports.some(isUnknown) && names(f)),
  );
  if (doubtful !== undefined) return { state: 'unknown', why: `rule ${doubtful.name} has unresolved destinations or ports` };
  const byAddress = candidates.find((f) => !names(f) && specificAddresses(f).length > 0 && covers(f));
  return byAddress === undefined ? { state: 'missing' } : { state: 'address', flow: byAddress };
}
