// SPDX-License-Identifier: Apache-2.0
import { fqdnMatches, knownValues, unknownReasons } from '../match';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';
import { hostListSchema } from '../host-schema';

export interface TlsBypassParams {
  /** Hosts or wildcards whose TLS chain must stay intact. */
  readonly hosts: string[];
}

/** Schema of {@link TlsBypassParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<TlsBypassParams> = {
  description: 'Hosts whose TLS chain must stay intact.',
  type: 'object',
  additionalProperties: false,
  properties: {
    hosts: hostListSchema('Hosts or wildcards.'),
  },
  required: ['hosts'],
};

/** The hosts are never TLS-inspected, and are on the bypass list wherever inspection or a proxy exists. */
export const tlsBypass = siteRule<TlsBypassParams>({
  slug: 'tls-bypass',
  description:
    'The vendor hosts are never TLS-inspected and sit on the bypass list wherever the site inspects TLS or uses a proxy.',
  params: PARAMS,
  check: ({ site, params }) => {
    const results: RuleResult[] = [];
    const sample = (host: string) => (host.startsWith('*.') ? `x.${host.slice(2)}` : host);
    for (const flow of site.egress.filter((f) => f.terminateTls)) {
      const hit = params.hosts.find((host) =>
        knownValues(flow.fqdns).some((h) => h === host || fqdnMatches(host, h) || fqdnMatches(h, sample(host))),
      );
      if (hit !== undefined)
        results.push(
          violation(
            flow.path,
            `rule ${flow.name} inspects TLS to ${hit}`,
            'TLS termination on',
            `no TLS inspection of ${hit}`,
            { fix: 'turn off TLS termination on this rule', ruleName: flow.name, address: flow.address },
          ),
        );
      // An inspected rule whose destinations are unresolved may inspect the vendor's hosts.
      const why = hit === undefined ? unknownReasons(flow.fqdns) : undefined;
      if (why !== undefined)
        results.push(
          cannotEvaluate(
            flow.path,
            `destinations of TLS-inspecting rule ${flow.name}`,
            why,
            `no TLS inspection of ${params.hosts.join(', ')}`,
            { ruleName: flow.name, address: flow.address },
          ),
        );
    }
    if (site.tlsInspection.enabled || site.proxy !== undefined) {
      for (const host of params.hosts) {
        if (site.bypass.some((b) => b.host === host || fqdnMatches(b.host, sample(host)))) continue;
        const why = [
          site.tlsInspection.enabled ? 'TLS inspection' : '',
          site.proxy !== undefined ? `${site.proxy.kind} proxy` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        results.push(
          violation(
            site.tlsInspection.path ?? site.proxy?.path ?? site.path,
            `${host} missing from the bypass list`,
            `${why} with bypass [${site.bypass.map((b) => b.host).join(', ')}]`,
            `${host} on the bypass list`,
            { fix: `add ${host} to the site's bypass list` },
          ),
        );
      }
    }
    return results;
  },
});
