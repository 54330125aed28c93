// SPDX-License-Identifier: Apache-2.0
import { TlsVersion } from '../../net/tls-version';
import type { TlsVersionString } from '../../model/types';
import type { Rule, RuleResult } from '../rule';
import { violation } from '../rule';

export interface TlsMinimumParams {
  /** Lowest acceptable TLS version. */
  readonly minimum: TlsVersionString;
}

/** Every declared TLS minimum on the path (proxy, TLS inspection) is at least the required version. */
export const tlsMinimum: Rule<TlsMinimumParams> = {
  slug: 'tls-minimum',
  scope: 'site',
  description: 'Every TLS minimum declared on the path (proxy, TLS inspection) is at least the required version.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
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
          `${d.what} accepts TLS below ${minimum}`,
          `${TlsVersion.of(d.version as TlsVersionString)}`,
          `${minimum} or later`,
          { fix: `set the ${d.what} minimum TLS version to ${params.minimum}` },
        ),
      );
  },
};
