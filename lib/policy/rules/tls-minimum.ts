// SPDX-License-Identifier: Apache-2.0
import { TlsVersion } from '../../net/tls-version';
import type { TlsVersionString } from '../../model/types';
import type { ParamsSchema, RuleResult } from '../rule';
import { siteRule, violation } from '../rule';

export interface TlsMinimumParams {
  /** Lowest acceptable TLS version. */
  readonly minimum: TlsVersionString;
}

/** Schema of {@link TlsMinimumParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<TlsMinimumParams> = {
  description: 'Lowest TLS version on the path.',
  type: 'object',
  additionalProperties: false,
  properties: {
    minimum: {
      description: 'A TLS version.',
      type: 'string',
      enum: ['1.0', '1.1', '1.2', '1.3'],
    },
  },
  required: ['minimum'],
};

/** Every declared TLS minimum on the path (proxy, TLS inspection) is at least the required version. */
export const tlsMinimum = siteRule<TlsMinimumParams>({
  slug: 'tls-minimum',
  description: 'Every TLS minimum declared on the path (proxy, TLS inspection) is at least the required version.',
  params: PARAMS,
  check: ({ site, params }) => {
    const minimum = TlsVersion.of(params.minimum);
    const declared: { what: string; path: string; version?: TlsVersionString }[] = [
      { what: 'proxy', path: site.proxy?.path ?? site.path, version: site.proxy?.minTlsVersion },
      {
        what: 'TLS inspection',
        path: site.tlsInspection.path ?? site.path,
        version: site.tlsInspection.enabled ? site.tlsInspection.minTlsVersion : undefined,
      },
    ];
    return declared
      .filter((d) => d.version !== undefined && !TlsVersion.of(d.version).isAtLeast(minimum))
      .map((d): RuleResult =>
        violation(
          d.path,
          `${d.what} accepts TLS below ${minimum.toString()}`,
          TlsVersion.of(d.version as TlsVersionString).toString(),
          `${minimum.toString()} or later`,
          { fix: `set the ${d.what} minimum TLS version to ${params.minimum}` },
        ),
      );
  },
});
