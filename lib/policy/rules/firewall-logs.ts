// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { NoParams } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the firewall and the site's log sinks. */
export type FirewallLogsParams = NoParams;

/**
 * Log categories that carry the firewall's rule decisions: the `allLogs` group, the
 * resource-specific AZFW* tables, or the legacy Azure Diagnostics categories. Metrics, or
 * only other categories (threat intel, DNS proxy), do not record which rule let what through.
 */
const RULE_LOG_CATEGORIES = new Set(
  [
    'allLogs',
    'AZFWNetworkRule',
    'AZFWApplicationRule',
    'AZFWNatRule',
    'AzureFirewallNetworkRule',
    'AzureFirewallApplicationRule',
  ].map((c) => c.toLowerCase()),
);

/** A site's firewall sends its rule logs to a sink. */
export const firewallLogs = siteRule<FirewallLogsParams>({
  slug: 'firewall-logs',
  description:
    "The site's firewall sends its rule logs (category group allLogs, or the network, application and NAT rule categories) to a log sink.",
  params: NO_PARAMS,
  check: ({ site }) => {
    const firewall = site.firewall;
    if (firewall === undefined) return [];
    const expected = `a diagnostic setting on ${firewall.name} sending allLogs or the firewall rule log categories`;
    const own = site.logSinks.filter((sink) => sink.source === firewall.address || sink.source === firewall.path);
    if (own.some((sink) => sink.categories.some((c) => RULE_LOG_CATEGORIES.has(c.toLowerCase())))) return [];
    const doubtful = site.logSinks.find((sink) => isUnknown(sink.source));
    if (doubtful !== undefined && isUnknown(doubtful.source))
      return [cannotEvaluate(doubtful.path, `source of log sink ${doubtful.name}`, doubtful.source.unknown, expected)];
    if (own.length > 0) {
      const sink = own[0];
      const sent = own.flatMap((s) => s.categories);
      return [
        violation(
          sink.path,
          `firewall ${firewall.name} sends no rule logs`,
          sent.length === 0 ? `${sink.name}: metrics only` : `${sink.name}: ${sent.join(', ')}`,
          expected,
          {
            fix: 'add enabled_log { category_group = "allLogs" } (or AZFWNetworkRule, AZFWApplicationRule, AZFWNatRule) to the diagnostic setting',
          },
        ),
      ];
    }
    return [
      violation(firewall.path, `firewall ${firewall.name} sends no logs`, 'no diagnostic setting', expected, {
        fix: 'add a diagnostic setting to a Log Analytics workspace',
      }),
    ];
  },
});
