// SPDX-License-Identifier: Apache-2.0
import type { AppProtocol } from '../../model/types';
import type { Rule } from '../rule';
import { violation } from '../rule';

export interface ApplicationRuleProtocolsParams {
  /** Application protocols an application rule can carry. */
  readonly allowed: AppProtocol[];
}

/** Application rules carry only the protocols Azure Firewall application rules support. */
export const applicationRuleProtocols: Rule<ApplicationRuleProtocolsParams> = {
  slug: 'application-rule-protocols',
  scope: 'site',
  description: 'Firewall application rules carry only HTTP, HTTPS or MSSQL; other protocols are network rules.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    return site.egress
      .filter((f) => f.ruleKind === 'application' && !params.allowed.includes(f.appProtocol))
      .map((f) =>
        violation(
          f.path,
          `application rule ${f.name} carries ${f.appProtocol}`,
          f.appProtocol,
          `one of ${params.allowed.join(', ')}`,
          { fix: 'declare the flow as a network rule (FQDNs there need DNS proxy)' },
        ),
      );
  },
};
