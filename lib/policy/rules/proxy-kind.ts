// SPDX-License-Identifier: Apache-2.0
import type { ProxyKind } from '../../model/types';
import type { Rule } from '../rule';
import { violation } from '../rule';

export interface ProxyKindParams {
  /** Proxy kinds the vendor's client does not support. */
  readonly forbidden: ProxyKind[];
}

/** The site's proxy, when declared, is not of a kind the vendor's client rejects. */
export const proxyKind: Rule<ProxyKindParams> = {
  slug: 'proxy-kind',
  scope: 'site',
  description: "The site's declared proxy is not of a kind the vendor's client cannot use.",
  check: ({ site, params }) => {
    const proxy = site?.proxy;
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
};
