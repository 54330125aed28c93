// SPDX-License-Identifier: Apache-2.0
import type { TlsVersionString } from '../../../lib/model/types';
import { tlsMinimum } from '../../../lib/policy/rules/tls-minimum';
import { ruleTester, site } from './rule-tester';

// Baseline: TLS 1.2.
const rule = ruleTester(tlsMinimum);
const proxied = (minTlsVersion?: TlsVersionString) =>
  site({
    proxy: {
      kind: 'http',
      endpoint: 'proxy:3128',
      azureExplicitProxy: false,
      minTlsVersion,
      path: 'estate/clinic/proxy',
    },
  });

describe('tls-minimum', () => {
  test('the required version or later passes (boundary); none declared, nothing to judge', () => {
    expect(rule.kinds(proxied('1.2'))).toEqual([]);
    expect(rule.kinds(proxied('1.3'))).toEqual([]);
    expect(rule.kinds(proxied(undefined))).toEqual([]);
  });

  test('one version below is a violation', () => {
    expect(rule.check(proxied('1.1'))[0]).toMatchObject({
      kind: 'violation',
      path: 'estate/clinic/proxy',
      got: 'TLS 1.1',
    });
  });

  test('TLS inspection minimum is judged only while inspection is on', () => {
    const inspection = (enabled: boolean) =>
      site({ tlsInspection: { enabled, minTlsVersion: '1.0', path: 'estate/clinic/tls' } });
    expect(rule.kinds(inspection(true))).toEqual(['violation estate/clinic/tls']);
    expect(rule.kinds(inspection(false))).toEqual([]);
  });
});
