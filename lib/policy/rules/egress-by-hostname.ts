// SPDX-License-Identifier: Apache-2.0
import type { EgressFlow, NetworkModel, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import { Port } from '../../net/port';
import { parsedFqdn, parsedPortList, parsePorts, portsTouch, specificAddresses, unknownReasons } from '../match';
import type { ParamsSchema, RuleMemo, RuleResult } from '../rule';
import { pathVerdict } from '../vendor-path';
import { cannotEvaluate, siteRule, violation } from '../rule';
import { hostListSchema } from '../host-schema';

export interface EgressByHostnameParams {
  /** Vendor hostnames the rules must name. */
  readonly hosts: string[];
  /** Requirement ids whose flows must be by hostname. */
  readonly requirements: string[];
  /** Ports distinctive enough that an address rule on them is taken for a vendor flow. */
  readonly ports: string[];
}

/** Schema of {@link EgressByHostnameParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<EgressByHostnameParams> = {
  description: 'Prohibition: vendor flows named by IP address.',
  type: 'object',
  additionalProperties: false,
  properties: {
    hosts: hostListSchema('The vendor hostnames the rules must name.'),
    requirements: {
      description: 'Requirement ids whose flows must be by hostname.',
      type: 'array',
      items: {
        description: 'A requirement id from the catalog.',
        type: 'string',
        pattern: '^[A-Z0-9]+(-[A-Z0-9]+)+$',
      },
    },
    ports: {
      description: 'Ports distinctive of the vendor; an IP-address rule on them counts as a vendor flow.',
      type: 'array',
      items: {
        description: 'A port or range in Azure form: `443` or `3000-3010`.',
        type: 'string',
        pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      },
    },
  },
  required: ['hosts', 'requirements', 'ports'],
};

/** Rules serving the vendor's flows name the hostname, never a fixed IP address. */
export const egressByHostname = siteRule<EgressByHostnameParams>({
  slug: 'egress-by-hostname',
  description: "Firewall rules that serve the vendor's flows name its hostname, not a fixed IP address.",
  params: PARAMS,
  check: ({ model, site, params, memo }) => {
    const vendorPorts = parsedPortList(params.ports, memo);
    const expected = `destination hostnames ${params.hosts.join(', ')}`;
    const results: RuleResult[] = site.dataplane === undefined ? [] : onlyByAnyRule(model, site, params, memo);
    for (const flow of site.egress) {
      // A rule without addresses names no IP, known or unresolved: most rules name hostnames only.
      if (flow.action !== 'Allow' || flow.addresses.length === 0) continue;
      const vendorFlow =
        (flow.requirement !== undefined && params.requirements.includes(flow.requirement)) ||
        onPorts(flow, vendorPorts);
      const addresses = specificAddresses(flow);
      if (addresses.length > 0 && vendorFlow) {
        results.push(
          violation(
            flow.path,
            `rule ${flow.name} names IP addresses for a vendor flow`,
            addresses.join(', '),
            expected,
            {
              fix: `replace the addresses with ${params.hosts.join(' / ')} (use a network rule with FQDNs and DNS proxy for non-HTTP protocols)`,
              ruleName: flow.name,
              address: flow.address,
            },
          ),
        );
        continue;
      }
      // An unresolved address may be the vendor's IP; unresolved ports on an address rule may be the vendor's ports.
      const addressesUnknown = flow.addresses.some(isUnknown) && (vendorFlow || flow.ports.some(isUnknown));
      const portsUnknown = addresses.length > 0 && flow.ports.some(isUnknown);
      if (!addressesUnknown && !portsUnknown) continue;
      const why = unknownReasons([...flow.addresses, ...flow.ports]) ?? 'unresolved';
      results.push(
        cannotEvaluate(flow.path, `whether rule ${flow.name} names a vendor IP address`, why, expected, {
          ruleName: flow.name,
          address: flow.address,
        }),
      );
    }
    return results;
  },
});

/**
 * With the data plane: a vendor host reachable on its distinctive ports although no Allow rule
 * names it is reached only through a rule to any destination (or the vendor's address).
 */
function onlyByAnyRule(model: NetworkModel, site: Site, params: EgressByHostnameParams, memo: RuleMemo): RuleResult[] {
  const results: RuleResult[] = [];
  // The params do not pair hosts with ports: a host named by some Allow rule is served by name.
  const named = (host: string) =>
    site.egress.some((f) => f.action === 'Allow' && f.fqdns.some((n) => !isUnknown(n) && fqdnNames(n, host)));
  for (const host of params.hosts) {
    if (host.startsWith('*.') || named(host)) continue;
    for (const port of params.ports) {
      if (pathVerdict(model, site, memo, host, 'tcp', port).verdict !== 'allowed') continue;
      results.push(
        violation(
          site.firewall?.path ?? site.path,
          `TCP ${port} to ${host} is allowed only by a rule that does not name ${host}`,
          'allowed by a rule to any destination or to an address',
          `an Allow rule naming ${host}`,
          { fix: `allow ${host} by name and remove the rule to any destination` },
        ),
      );
      break;
    }
  }
  return results;
}

function fqdnNames(pattern: string, host: string): boolean {
  const fqdn = parsedFqdn(pattern);
  return fqdn !== null && fqdn.matches(host);
}

/** True when the flow opens one of the vendor's distinctive ports. */
function onPorts(flow: EgressFlow, vendorPorts: readonly Port[]): boolean {
  const ports = parsePorts(flow.ports, flow.protocol);
  return vendorPorts.some((p) => portsTouch(ports, p));
}
