// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { NoParams } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads network rules and the firewall policy. */
export type NetworkFqdnDnsProxyParams = NoParams;

/** Network rules that name FQDNs sit behind a firewall policy with DNS proxy enabled. */
export const networkFqdnDnsProxy = siteRule<NetworkFqdnDnsProxyParams>({
  slug: 'network-fqdn-dns-proxy',
  description: 'Firewall network rules that name FQDNs are backed by DNS proxy on the firewall policy.',
  params: NO_PARAMS,
  check: ({ site }) => {
    const withFqdns = site.egress.filter((f) => f.ruleKind === 'network' && f.fqdns.length > 0);
    if (withFqdns.length === 0) return [];
    const expected = 'dns.proxy_enabled = true on the firewall policy';
    const proxy = site.firewall?.dnsProxy;
    const at = site.firewall?.path ?? site.path;
    if (isUnknown(proxy))
      return [cannotEvaluate(at, 'DNS proxy setting of the firewall policy', proxy.unknown, expected)];
    if (proxy === true) return [];
    return [
      violation(
        at,
        'network rules name FQDNs but DNS proxy is off',
        `DNS proxy ${proxy === false ? 'disabled' : 'not configured'}; FQDN network rules ${withFqdns.map((f) => f.name).join(', ')}`,
        expected,
        { fix: 'enable DNS proxy on the firewall policy' },
      ),
    ];
  },
});
