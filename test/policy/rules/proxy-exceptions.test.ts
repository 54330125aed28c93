// SPDX-License-Identifier: Apache-2.0
import { proxyExceptions } from '../../../lib/policy/rules/proxy-exceptions';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(proxyExceptions);
const proxy = { kind: 'http' as const, endpoint: 'proxy:3128', azureExplicitProxy: false, path: 'estate/clinic/proxy' };

describe('proxy-exceptions', () => {
  test('a proxy with bypass entries passes; no proxy, nothing to judge', () => {
    const bypass = [{ host: 'csu.cherel.org.au', reason: 'lumos', path: 'estate/clinic/bypass' }];
    expect(rule.kinds(site({ proxy, bypass }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test('a proxy with an empty bypass list is a violation', () => {
    expect(rule.check(site({ proxy }))[0]).toMatchObject({
      kind: 'violation',
      path: 'estate/clinic/proxy',
      got: 'proxy proxy:3128, empty bypass list',
    });
  });
});
