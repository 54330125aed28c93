// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { isAnyAddress, isAnyPort, knownValues, parsePorts, unknownReasons } from '../match';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

/** No parameters: any-destination and any-port are fixed notions. */
export type NoAnyEgressParams = Record<string, never>;

/** No Allow rule opens every destination on every port. */
export const noAnyEgress: Rule<NoAnyEgressParams> = {
  slug: 'no-any-egress',
  scope: 'site',
  description: 'No firewall rule allows any destination on any port.',
  check: ({ site }) => {
    if (site === undefined) return [];
    const expected = 'named destinations and ports';
    return site.egress
      .filter((f) => f.action === 'Allow')
      .flatMap((f): RuleResult[] => {
        const anyDestination = knownValues(f.addresses).some(isAnyAddress) || knownValues(f.fqdns).includes('*');
        const anyPort = isAnyPort(parsePorts(f.ports, f.protocol === 'any' ? 'tcp' : f.protocol));
        if (anyDestination && anyPort) {
          return [violation(f.path, `rule ${f.name} allows any destination on any port`, `${f.protocol} ${knownValues(f.ports).join(',')} to ${[...knownValues(f.fqdns), ...knownValues(f.addresses)].join(', ')}`, expected, { fix: 'allow only the hostnames and ports the site needs' })];
        }
        // An unresolved destination may be "anywhere" and unresolved ports may be "every port".
        const destinationUnknown = f.addresses.some(isUnknown) || f.fqdns.some(isUnknown);
        const portsUnknown = f.ports.some(isUnknown);
        if (!(anyDestination || destinationUnknown) || !(anyPort || portsUnknown)) return [];
        const why = unknownReasons([...f.fqdns, ...f.addresses, ...f.ports]) ?? 'unresolved';
        return [cannotEvaluate(f.path, `destinations and ports of rule ${f.name}`, why, expected)];
      });
  },
};
