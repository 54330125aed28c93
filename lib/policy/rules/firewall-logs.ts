// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import type { NoParams } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the firewall and the site's log sinks. */
export type FirewallLogsParams = NoParams;

/** A site's firewall sends its diagnostic logs to a sink. */
export const firewallLogs = siteRule<FirewallLogsParams>({
  slug: 'firewall-logs',
  description: "The site's firewall sends its diagnostic logs to a log sink.",
  params: NO_PARAMS,
  check: ({ site }) => {
    const firewall = site.firewall;
    if (firewall === undefined) return [];
    const expected = `a diagnostic setting on ${firewall.name} with a log destination`;
    if (site.logSinks.some((sink) => sink.source === firewall.address || sink.source === firewall.path)) return [];
    const doubtful = site.logSinks.find((sink) => isUnknown(sink.source));
    if (doubtful !== undefined && isUnknown(doubtful.source))
      return [cannotEvaluate(doubtful.path, `source of log sink ${doubtful.name}`, doubtful.source.unknown, expected)];
    return [
      violation(firewall.path, `firewall ${firewall.name} sends no logs`, 'no diagnostic setting', expected, {
        fix: 'add a diagnostic setting to a Log Analytics workspace',
      }),
    ];
  },
});
