// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { shown } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';
import { gatewayPlacement, isGatewayAddress } from '../onepacs-gateway';

/** No parameters: the rule reads the site's forwards and OnePacs placement. */
export type NoInboundToGatewayParams = NoParams;

/** No inbound forward from the internet reaches the OnePacs gateway or its subnet. */
export const noInboundToGateway = siteRule<NoInboundToGatewayParams>({
  slug: 'no-inbound-to-gateway',
  description: 'No port forward from the internet reaches the OnePacs gateway or its subnet.',
  params: NO_PARAMS,
  check: ({ site }) => {
    if (site.inbound.length === 0) return [];
    const placement = gatewayPlacement(site);
    const expected = 'no inbound forward to the imaging gateway';
    if (placement.address === undefined && placement.subnet === undefined) {
      return [
        cannotEvaluate(
          site.path,
          'inbound exposure of the OnePacs gateway',
          'the gateway address and subnet are not declared',
          expected,
        ),
      ];
    }
    return site.inbound.flatMap((f): RuleResult[] => {
      const rule = { ruleName: f.name, address: f.address };
      if (isUnknown(f.internalAddress))
        return [
          cannotEvaluate(f.path, `internal address of forward ${f.name}`, f.internalAddress.unknown, expected, {
            ...rule,
            field: 'InboundForward.internalAddress',
            action: 'Allow',
          }),
        ];
      const hit = isGatewayAddress(placement, f.internalAddress);
      if (hit === undefined)
        return [cannotEvaluate(f.path, `forward ${f.name}`, 'the gateway subnet prefix is unresolved', expected, rule)];
      if (!hit) return [];
      return [
        violation(
          f.path,
          `forward ${f.name} exposes the imaging gateway to the internet`,
          `${shown(f.externalPort)} → ${f.internalAddress}:${shown(f.internalPort)}`,
          expected,
          { fix: 'remove the forward; the gateway only makes outbound connections', ...rule },
        ),
      ];
    });
  },
});
