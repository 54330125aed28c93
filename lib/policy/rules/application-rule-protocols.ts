// SPDX-License-Identifier: Apache-2.0
import { APP_PROTOCOLS } from '../../model/types';
import type { AppProtocol } from '../../model/types';
import type { ParamsSchema } from '../rule';
import { siteRule, violation } from '../rule';

export interface ApplicationRuleProtocolsParams {
  /** Application protocols an application rule can carry. */
  readonly allowed: AppProtocol[];
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
  },
  required: ['allowed'],
};

/** Application rules carry only the protocols Azure Firewall application rules support. */
export const applicationRuleProtocols = siteRule<ApplicationRuleProtocolsParams>({
  slug: 'application-rule-protocols',
  description: 'Firewall application rules carry only HTTP, HTTPS or MSSQL; other protocols are network rules.',
  params: PARAMS,
  check: ({ site, params }) => {
    return site.egress
      .filter((f) => f.ruleKind === 'application' && !params.allowed.includes(f.appProtocol))
      .map((f) =>
        violation(
          f.path,
          `application rule ${f.name} carries ${f.appProtocol}`,
          f.appProtocol,
          `one of ${params.allowed.join(', ')}`,
          {
            fix: 'declare the flow as a network rule (FQDNs there need DNS proxy)',
            ruleName: f.name,
            address: f.address,
          },
        ),
      );
  },
});
