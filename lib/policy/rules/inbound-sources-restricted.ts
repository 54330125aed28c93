// SPDX-License-Identifier: Apache-2.0
import { isAnyAddress, knownValues, unknownReasons } from '../match';
import { isUnknown } from '../../model/types';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

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
    const expected = 'the public addresses of the sending practices';
    return site.inbound.flatMap((f): RuleResult[] => {
      if (isUnknown(f.internalPort))
        return [
          cannotEvaluate(
            f.path,
            `internal port of forward ${f.name}`,
            f.internalPort.unknown,
            `${expected} when it forwards to ${params.ports.join(' or ')}`,
          ),
        ];
      if (!params.ports.includes(f.internalPort)) return [];
      if (f.sources.length === 0 || knownValues(f.sources).some(isAnyAddress)) {
        return [
          violation(
            f.path,
            `forward ${f.name} is open to any source`,
            knownValues(f.sources).join(', ') || 'no source list',
            expected,
            { fix: "list the senders' public addresses as the forward's sources, or use a VPN" },
          ),
        ];
      }
      const why = unknownReasons(f.sources);
      return why === undefined ? [] : [cannotEvaluate(f.path, `sources of forward ${f.name}`, why, expected)];
    });
  },
};
