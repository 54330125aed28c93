// SPDX-License-Identifier: Apache-2.0
import { isIpAddress } from '../../net/cidr';
import { isUnknown } from '../../model/types';
import { insideAny } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';
import { hostListSchema } from '../host-schema';

export interface PublicDnsResolutionParams {
  /** Hostnames that must resolve through public DNS to public addresses. */
  readonly hosts: string[];
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

/** Schema of {@link PublicDnsResolutionParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<PublicDnsResolutionParams> = {
  description: 'Hostnames that must resolve publicly.',
  type: 'object',
  additionalProperties: false,
  properties: {
    hosts: hostListSchema('Hostnames that no private zone or resolver may shadow.'),
  },
  required: ['hosts'],
};

/** No private DNS zone shadows the hostnames, and the firewall DNS proxy forwards to public or Azure DNS. */
export const publicDnsResolution = siteRule<PublicDnsResolutionParams>({
  slug: 'public-dns-resolution',
  description:
    'No private DNS zone shadows the vendor hostnames and the firewall DNS proxy forwards to Azure DNS or public resolvers.',
  params: PARAMS,
  check: ({ site, params }) => {
    const results: RuleResult[] = [];
    for (const zone of site.dns.privateZones) {
      for (const host of params.hosts.filter((h) => h === zone || h.endsWith(`.${zone}`))) {
        results.push(
          violation(
            site.path,
            `private DNS zone ${zone} shadows ${host}`,
            `private zone ${zone}`,
            `${host} resolved by public DNS`,
            { fix: `unlink the private zone ${zone} from the site's networks` },
          ),
        );
      }
    }
    const at = site.firewall?.path ?? site.path;
    for (const server of site.dns.firewallServers) {
      if (isUnknown(server)) {
        results.push(cannotEvaluate(at, 'firewall DNS server', server.unknown, 'Azure DNS or a public resolver'));
      } else if (isIpAddress(server) && insideAny(server, PRIVATE_RANGES)) {
        results.push(
          violation(
            at,
            'firewall DNS proxy forwards to a private resolver',
            server,
            'Azure DNS (no custom servers) or a public resolver',
            { fix: `make sure ${params.hosts.join(', ')} resolve publicly, or remove the custom DNS servers` },
          ),
        );
      }
    }
    return results;
  },
});
