// SPDX-License-Identifier: Apache-2.0
import type { EgressFlow, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { Port } from '../../net/port';
import {
  describeFlow,
  fqdnMatches,
  knownValues,
  parsePorts,
  portsCover,
  specificAddresses,
  unknownReasons,
} from '../match';
import { bypassed, handedToProxy } from '../proxied-flows';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: how the explicit proxy matches traffic is Azure's behaviour. */
export type AzureExplicitProxyParams = NoParams;

const EXPECTED = 'an application rule allowing each host and port the clients hand to the explicit proxy';

/** True when an allowing application rule names the destination and covers the port. */
function allowedByApplicationRule(site: Site, destination: string, port: Port): boolean {
  return site.egress.some(
    (rule) =>
      rule.ruleKind === 'application' &&
      rule.action === 'Allow' &&
      (rule.fqdns.some((entry) => !isUnknown(entry) && fqdnMatches(entry, destination)) ||
        rule.addresses.some((address) => address === destination)) &&
      portsCover(parsePorts(rule.ports, rule.protocol), port),
  );
}

function flowResults(site: Site, flow: EgressFlow): RuleResult[] {
  const extra = { address: flow.address, ruleName: flow.name };
  const reasons = unknownReasons([...flow.fqdns, ...flow.ports]);
  if (reasons !== undefined)
    return [cannotEvaluate(flow.path, `whether the proxy may carry ${describeFlow(flow)}`, reasons, EXPECTED, extra)];
  const destinations = [...knownValues(flow.fqdns).filter((host) => !bypassed(site, host)), ...specificAddresses(flow)];
  const ports = parsePorts(flow.ports, flow.protocol);
  const missing = destinations.flatMap((destination) =>
    ports
      .filter((port) => !allowedByApplicationRule(site, destination, port))
      .map((port) => `${destination}:${port.toString()}`),
  );
  if (missing.length === 0) return [];
  return [
    violation(
      flow.path,
      `${describeFlow(flow)} is handed to the explicit proxy but no application rule allows it (network rules never see proxied traffic)`,
      `no application rule for ${missing.join(', ')}`,
      EXPECTED,
      {
        ...extra,
        fix: 'allow the host and port with an application rule, or keep the flow off the proxy (bypass it, NAT egress)',
      },
    ),
  ];
}

/** With the firewall's explicit proxy, every flow handed to it is allowed by an application rule. */
export const azureExplicitProxy = siteRule<AzureExplicitProxyParams>({
  slug: 'azure-explicit-proxy',
  description:
    "Every flow a site's clients hand to the Azure Firewall explicit proxy is allowed by an application rule for its host and port (network rules never see proxied traffic).",
  params: NO_PARAMS,
  check: ({ site }) => {
    if (site.proxy?.azureExplicitProxy !== true) return [];
    return site.egress.filter((flow) => handedToProxy(site, flow)).flatMap((flow) => flowResults(site, flow));
  },
});
