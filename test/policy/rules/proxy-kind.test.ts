// SPDX-License-Identifier: Apache-2.0
import type { ProxyKind } from '../../../lib/model/types';
import { proxyKind } from '../../../lib/policy/rules/proxy-kind';
import { ruleTester, site } from './rule-tester';

// Lumos forbids socks4 and socks5.
const rule = ruleTester(proxyKind);
const proxy = (kind: ProxyKind) => ({
  kind,
  endpoint: 'proxy:1080',
  azureExplicitProxy: false,
  path: 'estate/clinic/proxy',
});

describe('proxy-kind', () => {
  test('an HTTP proxy, or none, passes', () => {
    expect(rule.kinds(site({ proxy: proxy('http') }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test.each([['socks4'], ['socks5']] as const)('a %s proxy is a violation', (kind) => {
    expect(rule.check(site({ proxy: proxy(kind) }))[0]).toMatchObject({
      kind: 'violation',
      got: `${kind} proxy proxy:1080`,
    });
  });
});
