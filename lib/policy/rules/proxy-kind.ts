// SPDX-License-Identifier: Apache-2.0
import type { ProxyKind } from '../../model/types';
import type { ParamsSchema } from '../rule';
import { siteRule, violation } from '../rule';

export interface ProxyKindParams {
  /** Proxy kinds the vendor's client does not support. */
  readonly forbidden: ProxyKind[];
}

/** Schema of {@link ProxyKindParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<ProxyKindParams> = {
  description: 'Prohibition: proxy kinds the client cannot use.',
  type: 'object',
  additionalProperties: false,
  properties: {
    forbidden: {
      description: 'Forbidden proxy kinds.',
      type: 'array',
      items: {
        description: 'A proxy kind.',
        type: 'string',
        enum: ['http', 'socks4', 'socks5'],
      },
      minItems: 1,
    },
  },
  required: ['forbidden'],
};

/** The site's proxy, when declared, is not of a kind the vendor's client rejects. */
export const proxyKind = siteRule<ProxyKindParams>({
  slug: 'proxy-kind',
  description: "The site's declared proxy is not of a kind the vendor's client cannot use.",
  params: PARAMS,
  check: ({ site, params }) => {
    const proxy = site.proxy;
    if (proxy === undefined || !params.forbidden.includes(proxy.kind)) return [];
    return [
      violation(
        proxy.path,
        `unsupported proxy kind ${proxy.kind}`,
        `${proxy.kind} proxy ${proxy.endpoint}`,
        `NAT or an HTTP/1.1 proxy (not ${params.forbidden.join(', ')})`,
      ),
    ];
  },
});
