// SPDX-License-Identifier: Apache-2.0
import { isAnyAddress, knownValues } from '../match';
import { isUnknown } from '../../model/types';
import type { Rule } from '../rule';
import { violation } from '../rule';

export interface InboundSourcesRestrictedParams {
  /** Internal ports whose forwards should admit only listed senders. */
  readonly ports: string[];
}

/** Forwards to the given ports admit a list of sender addresses, not any source. */
export const inboundSourcesRestricted: Rule<InboundSourcesRestrictedParams> = {
  slug: 'inbound-sources-restricted',
  scope: 'site',
  description: 'Port forwards to the vendor service admit a declared list of sender addresses, not the whole internet.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    return site.inbound
      .filter((f) => !isUnknown(f.internalPort) && params.ports.includes(f.internalPort))
      .filter((f) => f.sources.length === 0 || knownValues(f.sources).some(isAnyAddress))
      .map((f) =>
        violation(f.path, `forward ${f.name} is open to any source`, knownValues(f.sources).join(', ') || 'no source list', 'the public addresses of the sending practices', {
          fix: 'list the senders\' public addresses as the forward\'s sources, or use a VPN',
        }),
      );
  },
};
