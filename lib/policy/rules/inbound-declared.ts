// SPDX-License-Identifier: Apache-2.0
import { shown } from '../match';
import type { NoParams } from '../rule';
import { NO_PARAMS, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's inbound forwards. */
export type InboundDeclaredParams = NoParams;

/** Every inbound path from the internet is a declared port forward with a reason. */
export const inboundDeclared = siteRule<InboundDeclaredParams>({
  slug: 'inbound-declared',
  description: 'Every inbound path from the internet is a declared port forward with a stated reason.',
  params: NO_PARAMS,
  check: ({ site }) => {
    return site.inbound
      .filter((f) => f.reason === undefined || f.reason.trim().length === 0)
      .map((f) =>
        violation(
          f.path,
          `port forward ${f.name} has no reason`,
          `${f.protocol} ${shown(f.externalPort)} with no reason`,
          'a reason for every inbound forward',
          { fix: 'state why the forward exists (reason), or remove it', ruleName: f.name, address: f.address },
        ),
      );
  },
});
