// SPDX-License-Identifier: Apache-2.0
import type { Rule } from '../rule';
import { violation } from '../rule';

/** No parameters: the rule reads the site's proxy and bypass list. */
export type ProxyExceptionsParams = Record<string, never>;

/** A site with a machine-wide proxy lists its proxy exceptions (the bypass list). */
export const proxyExceptions: Rule<ProxyExceptionsParams> = {
  slug: 'proxy-exceptions',
  scope: 'site',
  description: 'A site whose clients use a machine-wide proxy declares the exceptions that must bypass it.',
  check: ({ site }) => {
    if (site?.proxy === undefined || site.bypass.length > 0) return [];
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
};
