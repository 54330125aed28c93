// SPDX-License-Identifier: Apache-2.0
import { isAnyAddress, isAnyPort, knownValues, parsePorts } from '../match';
import type { Rule } from '../rule';
import { violation } from '../rule';

/** No parameters: any-destination and any-port are fixed notions. */
export type NoAnyEgressParams = Record<string, never>;

/** No Allow rule opens every destination on every port. */
export const noAnyEgress: Rule<NoAnyEgressParams> = {
  slug: 'no-any-egress',
  scope: 'site',
  description: 'No firewall rule allows any destination on any port.',
  check: ({ site }) => {
    if (site === undefined) return [];
    return site.egress
      .filter((f) => f.action === 'Allow')
      .filter((f) => knownValues(f.addresses).some(isAnyAddress) || knownValues(f.fqdns).includes('*'))
      .filter((f) => isAnyPort(parsePorts(f.ports, f.protocol === 'any' ? 'tcp' : f.protocol)))
      .map((f) => violation(f.path, `rule ${f.name} allows any destination on any port`, `${f.protocol} ${knownValues(f.ports).join(',')} to ${[...knownValues(f.fqdns), ...knownValues(f.addresses)].join(', ')}`, 'named destinations and ports', { fix: 'allow only the hostnames and ports the site needs' }));
  },
};
