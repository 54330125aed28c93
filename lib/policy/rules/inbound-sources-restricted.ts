// SPDX-License-Identifier: Apache-2.0
import { sourceScope } from '../exposure';
import { knownValues, unknownReasons } from '../match';
import { isUnknown } from '../../model/types';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface InboundSourcesRestrictedParams {
  /** Internal ports whose forwards should admit only listed senders. */
  readonly ports: string[];
}

/** Schema of {@link InboundSourcesRestrictedParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<InboundSourcesRestrictedParams> = {
  description: 'Forwards that should admit only listed senders.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: {
      description: 'Internal ports of those forwards.',
      type: 'array',
      items: {
        description: 'A port or range in Azure form: `443` or `3000-3010`.',
        type: 'string',
        pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      },
      minItems: 1,
    },
  },
  required: ['ports'],
};

/** Forwards to the given ports admit a list of sender addresses, not any source. */
export const inboundSourcesRestricted = siteRule<InboundSourcesRestrictedParams>({
  slug: 'inbound-sources-restricted',
  description: 'Port forwards to the vendor service admit a declared list of sender addresses, not the whole internet.',
  params: PARAMS,
  check: ({ site, params }) => {
    const expected = 'the public addresses of the sending practices';
    return site.inbound.flatMap((f): RuleResult[] => {
      if (isUnknown(f.internalPort))
        return [
          cannotEvaluate(
            f.path,
            `internal port of forward ${f.name}`,
            f.internalPort.unknown,
            `${expected} when it forwards to ${params.ports.join(' or ')}`,
            { ruleName: f.name, address: f.address },
          ),
        ];
      if (!params.ports.includes(f.internalPort)) return [];
      const scope = sourceScope(f.sources);
      // A forward whose senders are all private is not open to the internet; ranges that add up to
      // every address (0.0.0.0/1 + 128.0.0.0/1) are "any" however they are written.
      if (scope.kind === 'private' && f.sources.length > 0) return [];
      if (f.sources.length === 0 || scope.kind === 'any') {
        return [
          violation(
            f.path,
            `forward ${f.name} is open to any source`,
            knownValues(f.sources).join(', ') || 'no source list',
            expected,
            {
              fix: "list the senders' public addresses as the forward's sources, or use a VPN",
              ruleName: f.name,
              address: f.address,
            },
          ),
        ];
      }
      const why = unknownReasons(f.sources);
      // Unresolved sources of a DNAT rule may be the whole internet: an unknown that widens exposure.
      const rule = { ruleName: f.name, address: f.address, field: 'InboundForward.sources', action: 'Allow' } as const;
      return why === undefined ? [] : [cannotEvaluate(f.path, `sources of forward ${f.name}`, why, expected, rule)];
    });
  },
});
