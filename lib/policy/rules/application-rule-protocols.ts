// SPDX-License-Identifier: Apache-2.0
import { APP_PROTOCOLS, isUnknown } from '../../model/types';
import type { AppProtocol, EgressFlow } from '../../model/types';
import { Port } from '../../net/port';
import { fqdnMatches, knownValues, parsePorts, portsTouch } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';
import { REQUIRED_FLOW_SCHEMA, type RequiredFlow } from '../vendor-flows';

export interface ApplicationRuleProtocolsParams {
  /** Application protocols an application rule can carry. */
  readonly allowed: AppProtocol[];
  /**
   * Vendor flows whose protocol is not in `allowed` (FTPS, SFTP), as the vendor packs'
   * `required-egress-flows` entries state them: an application rule to that host on that port
   * carries them whatever it is labelled. A test holds this list to the built-in packs.
   */
  readonly vendorFlows: RequiredFlow[];
}

/** Schema of {@link ApplicationRuleProtocolsParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<ApplicationRuleProtocolsParams> = {
  description: 'Protocols application rules carry.',
  type: 'object',
  additionalProperties: false,
  properties: {
    allowed: {
      description: 'Allowed application protocols.',
      type: 'array',
      items: {
        description: 'An application protocol of the network model.',
        type: 'string',
        enum: [...APP_PROTOCOLS],
      },
      minItems: 1,
    },
    vendorFlows: {
      description:
        "Vendor flows (host, port, protocol) that application rules cannot carry, copied from the vendor packs' required-egress-flows entries.",
      type: 'array',
      items: REQUIRED_FLOW_SCHEMA,
    },
  },
  required: ['allowed', 'vendorFlows'],
};

const FIX = 'declare the flow as a network rule (FQDNs there need DNS proxy)';

/** The listed vendor flows to `flow`'s hosts whose protocol an application rule cannot carry. */
function foreignVendorFlows(flow: EgressFlow, params: ApplicationRuleProtocolsParams): RequiredFlow[] {
  const hosts = knownValues(flow.fqdns);
  return params.vendorFlows.filter(
    (v) => !params.allowed.includes(v.app) && hosts.some((h) => fqdnMatches(h, v.host) || fqdnMatches(v.host, h)),
  );
}

/**
 * An application rule to a vendor host on a port the vendor's pack says is FTPS or SFTP: the label
 * says HTTPS, the traffic is not (the proxy would break it). Unknown ports to such a host are unknown.
 */
function vendorPortResults(flow: EgressFlow, params: ApplicationRuleProtocolsParams): RuleResult[] {
  const foreign = foreignVendorFlows(flow, params);
  if (foreign.length === 0) return [];
  const where = { ruleName: flow.name, address: flow.address };
  const ports = parsePorts(flow.ports);
  const results = foreign
    .map((v) => ({ v, hit: ports.filter((p) => portsTouch([p], Port.parse(v.port, v.protocol))) }))
    .filter(({ hit }) => hit.length > 0)
    .map(({ v, hit }) =>
      violation(
        flow.path,
        `application rule ${flow.name} carries ${v.app} ports of ${v.host}`,
        `${flow.appProtocol} on TCP ${hit.map(String).join(', ')}`,
        `a network rule: the vendor's pack says ${v.protocol.toUpperCase()} ${v.port} to ${v.host} is ${v.app}`,
        { ...where, fix: FIX },
      ),
    );
  const unknownPorts = flow.ports.filter(isUnknown);
  if (results.length === 0 && unknownPorts.length > 0)
    results.push(
      cannotEvaluate(
        flow.path,
        `ports of application rule ${flow.name} to ${foreign[0].host}`,
        unknownPorts.map((u) => u.unknown).join(', '),
        `none of the ${foreign.map((v) => `${v.app} port ${v.port}`).join(', ')} the vendor packs name`,
        where,
      ),
    );
  return results;
}

/** Application rules carry only the protocols Azure Firewall application rules support. */
export const applicationRuleProtocols = siteRule<ApplicationRuleProtocolsParams>({
  slug: 'application-rule-protocols',
  description:
    'Firewall application rules carry only HTTP, HTTPS or MSSQL, and never a port that a vendor pack says is another protocol (FTPS, SFTP) on that host; other protocols are network rules.',
  params: PARAMS,
  check: ({ site, params }) =>
    site.egress
      .filter((f) => f.ruleKind === 'application')
      .flatMap((f) =>
        params.allowed.includes(f.appProtocol)
          ? vendorPortResults(f, params)
          : [
              violation(
                f.path,
                `application rule ${f.name} carries ${f.appProtocol}`,
                f.appProtocol,
                `one of ${params.allowed.join(', ')}`,
                { fix: FIX, ruleName: f.name, address: f.address },
              ),
            ],
      ),
});
