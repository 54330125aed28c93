// SPDX-License-Identifier: Apache-2.0
import { insideAny, knownValues, unknownReasons } from '../match';
import type { NoParams } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's OnePacs settings and subnets. */
export type OnepacsStaticIpParams = NoParams;

/** The OnePacs gateway has a declared fixed private address inside its subnet. */
export const onepacsStaticIp = siteRule<OnepacsStaticIpParams>({
  slug: 'onepacs-static-ip',
  description: 'The OnePacs gateway has a reserved, fixed private address inside the subnet it lives in.',
  params: NO_PARAMS,
  check: ({ site }) => {
    const onepacs = site.vendor.onepacs;
    const expected = 'a fixed gateway address inside the gateway subnet';
    if (onepacs?.gatewayAddress === undefined)
      return [
        violation(site.path, 'OnePacs gateway has no fixed address', 'no gateway address declared', expected, {
          fix: 'reserve a static private IP for the gateway and declare it',
        }),
      ];
    if (onepacs.gatewaySubnet === undefined) return [];
    const subnet = site.vnets.flatMap((v) => v.subnets).find((s) => s.name === onepacs.gatewaySubnet);
    const prefixes = subnet === undefined ? [] : knownValues(subnet.addressPrefixes);
    if (subnet !== undefined && insideAny(onepacs.gatewayAddress, prefixes)) return [];
    const why = subnet === undefined ? undefined : unknownReasons(subnet.addressPrefixes);
    if (subnet !== undefined && why !== undefined)
      return [cannotEvaluate(subnet.path, `prefix of subnet ${subnet.name}`, why, expected)];
    return [
      violation(
        subnet?.path ?? site.path,
        'OnePacs gateway address is outside its subnet',
        `${onepacs.gatewayAddress} in ${onepacs.gatewaySubnet} (${prefixes.join(', ') || 'subnet not found'})`,
        expected,
      ),
    ];
  },
});
