// SPDX-License-Identifier: Apache-2.0
import type { Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { Exposure } from '../exposure';
import { describeExposure, exposures, PROBE_PORTS, sourceScope } from '../exposure';
import { shown } from '../match';
import type { NoParams, RuleResult } from '../rule';
import type { GatewayPlacement } from '../onepacs-gateway';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';
import { gatewayPlacement, isGatewayAddress } from '../onepacs-gateway';

/** No parameters: the rule reads the site's forwards, its data plane when read, and OnePacs placement. */
export type NoInboundToGatewayParams = NoParams;

const EXPECTED = 'no inbound forward to the imaging gateway';

function forwardResults(site: Site, placement: GatewayPlacement): RuleResult[] {
  // A forward whose senders are all private is not inbound from the internet.
  const internet = site.inbound.filter((f) => sourceScope(f.sources).kind !== 'private');
  return internet.flatMap((f): RuleResult[] => {
    const rule = { ruleName: f.name, address: f.address };
    if (isUnknown(f.internalAddress))
      return [
        cannotEvaluate(f.path, `internal address of forward ${f.name}`, f.internalAddress.unknown, EXPECTED, {
          ...rule,
          field: 'InboundForward.internalAddress',
          action: 'Allow',
        }),
      ];
    const hit = isGatewayAddress(placement, f.internalAddress);
    if (hit === undefined)
      return [cannotEvaluate(f.path, `forward ${f.name}`, 'the gateway subnet prefix is unresolved', EXPECTED, rule)];
    if (!hit) return [];
    return [
      violation(
        f.path,
        `forward ${f.name} exposes the imaging gateway to the internet`,
        `${shown(f.externalPort)} → ${f.internalAddress}:${shown(f.internalPort)}`,
        EXPECTED,
        { fix: 'remove the forward; the gateway only makes outbound connections', ...rule },
      ),
    ];
  });
}

/** Data-plane paths other than DNAT (those are the forwards above) that land on the gateway. */
function pathResults(e: Exposure, placement: GatewayPlacement): RuleResult[] {
  if (e.kind === 'dnat') return [];
  const hits = e.targets.map((t) => isGatewayAddress(placement, t));
  if (!hits.includes(true)) {
    if (hits.length > 0 && !hits.includes(undefined)) return [];
    const why =
      hits.length === 0 ? 'where the path lands is not in the input' : 'the gateway subnet prefix is unresolved';
    return [cannotEvaluate(e.element, `internet path ${describeExposure(e)}`, why, EXPECTED, { address: e.element })];
  }
  if (e.verdict === 'unknown') {
    const why = e.hops.find((h) => h.decision === 'unknown')?.detail ?? 'the evaluator could not decide';
    return [cannotEvaluate(e.element, `internet path ${describeExposure(e)}`, why, EXPECTED, { address: e.element })];
  }
  return [
    violation(e.element, 'an internet path reaches the imaging gateway', describeExposure(e), EXPECTED, {
      address: e.element,
      ...(e.name === '' ? {} : { ruleName: e.name }),
      fix: 'remove the public IP, load-balancer rule or listener in front of the gateway; it only makes outbound connections',
    }),
  ];
}

/** No path from the internet reaches the OnePacs gateway or its subnet. */
export const noInboundToGateway = siteRule<NoInboundToGatewayParams>({
  slug: 'no-inbound-to-gateway',
  description:
    'No path from the internet (port forward, NIC public IP, public load balancer, application gateway) reaches the OnePacs gateway or its subnet.',
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    const paths = site.dataplane === undefined ? [] : exposures(memo, model, site, PROBE_PORTS);
    if (site.inbound.length === 0 && paths.length === 0) return [];
    const placement = gatewayPlacement(site);
    if (placement.address === undefined && placement.subnet === undefined) {
      return [
        cannotEvaluate(
          site.path,
          'inbound exposure of the OnePacs gateway',
          'the gateway address and subnet are not declared',
          EXPECTED,
        ),
      ];
    }
    const seen = new Set<string>();
    const fromPaths = paths.flatMap((e) => {
      const key = `${e.element} ${e.name} ${e.publicIp.address}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return pathResults(e, placement);
    });
    return [...forwardResults(site, placement), ...fromPaths];
  },
});
