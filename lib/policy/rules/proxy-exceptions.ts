// SPDX-License-Identifier: Apache-2.0
import type { NoParams } from '../rule';
import { NO_PARAMS, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's proxy and bypass list. */
export type ProxyExceptionsParams = NoParams;

/** A site with a machine-wide proxy lists its proxy exceptions (the bypass list). */
export const proxyExceptions = siteRule<ProxyExceptionsParams>({
  slug: 'proxy-exceptions',
  description: 'A site whose clients use a machine-wide proxy declares the exceptions that must bypass it.',
  params: NO_PARAMS,
  check: ({ site }) => {
    if (site.proxy === undefined || site.bypass.length > 0) return [];
    return [
      violation(
        site.proxy.path,
        'machine-wide proxy with no exceptions',
        `proxy ${site.proxy.endpoint}, empty bypass list`,
        'the hosts that must not be proxied on the bypass list',
        { fix: 'declare the bypass entries and enter them in Internet Options > LAN settings > Advanced > Exceptions' },
      ),
    ];
  },
});
