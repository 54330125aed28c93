// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { fqdnMatches, knownValues, unknownReasons } from '../match';
import type { ParamsSchema } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';
import { hostListSchema } from '../host-schema';

export interface TlsInspectionCaParams {
  /** Hostnames whose inspected traffic needs a CA the client trusts. */
  readonly hosts: string[];
}

/** Schema of {@link TlsInspectionCaParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<TlsInspectionCaParams> = {
  description: 'Hostnames whose inspection needs a trusted CA.',
  type: 'object',
  additionalProperties: false,
  properties: {
    hosts: hostListSchema('Hostnames.'),
  },
  required: ['hosts'],
};

/** When the firewall inspects TLS to the hostnames, the inspection CA is declared (so it can be distributed). */
export const tlsInspectionCa = siteRule<TlsInspectionCaParams>({
  slug: 'tls-inspection-ca',
  description: 'TLS inspection of the vendor hostnames uses a declared CA certificate that clients can trust.',
  params: PARAMS,
  check: ({ site, params }) => {
    if (!site.tlsInspection.enabled) return [];
    const terminating = site.egress.filter((f) => f.action === 'Allow' && f.terminateTls);
    const inspected = terminating.filter((f) =>
      knownValues(f.fqdns).some((h) => params.hosts.some((host) => fqdnMatches(h, host))),
    );
    const ca = site.tlsInspection.caCertificate;
    const at = site.tlsInspection.path ?? site.path;
    const expected = "an inspection CA certificate declared and installed in the clients' trusted roots";
    if (inspected.length === 0) {
      // Without a declared CA, an inspecting rule with unresolved destinations may be inspecting the vendor's hosts.
      const doubtful = ca === undefined ? terminating.find((f) => f.fqdns.some(isUnknown)) : undefined;
      if (doubtful === undefined) return [];
      return [
        cannotEvaluate(
          doubtful.path,
          `destinations of TLS-inspecting rule ${doubtful.name}`,
          unknownReasons(doubtful.fqdns) ?? 'unresolved',
          expected,
          { ruleName: doubtful.name, address: doubtful.address },
        ),
      ];
    }
    if (isUnknown(ca)) return [cannotEvaluate(at, 'TLS inspection CA certificate', ca.unknown, expected)];
    if (ca !== undefined) return [];
    return [
      violation(
        at,
        `TLS inspection of ${inspected.map((f) => f.name).join(', ')} has no declared CA`,
        'no CA certificate',
        expected,
        {
          fix: 'declare the inspection CA (Key Vault certificate) and distribute it to the trusted roots, or stop inspecting these hosts',
        },
      ),
    ];
  },
});
