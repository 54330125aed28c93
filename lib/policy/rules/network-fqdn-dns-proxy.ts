// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { Rule } from '../rule';
import { cannotEvaluate, violation } from '../rule';

/** No parameters: the rule reads network rules and the firewall policy. */
export type NetworkFqdnDnsProxyParams = Record<string, never>;

/** Network rules that name FQDNs sit behind a firewall policy with DNS proxy enabled. */
export const networkFqdnDnsProxy: Rule<NetworkFqdnDnsProxyParams> = {
  slug: 'network-fqdn-dns-proxy',
  scope: 'site',
  description: 'Firewall network rules that name FQDNs are backed by DNS proxy on the firewall policy.',
  check: ({ site }) => {
    if (site === undefined) return [];
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
};
