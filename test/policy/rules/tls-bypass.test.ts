// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { tlsBypass } from '../../../lib/policy/rules/tls-bypass';
import { egress, ruleTester, site } from './rule-tester';

// custo: *.customed.de.
const rule = ruleTester(tlsBypass);
const inspection = { enabled: true, path: 'estate/clinic/tls' };
const bypass = (host: string) => [{ host, reason: 'custo', path: 'estate/clinic/bypass' }];

describe('tls-bypass', () => {
  test('no inspection and no proxy: nothing to bypass', () => {
    expect(rule.kinds(site({ egress: [egress({ fqdns: ['kybe.customed.de'] })] }))).toEqual([]);
  });

  test('inspection with the host on the bypass list passes; without it, a violation', () => {
    expect(rule.kinds(site({ tlsInspection: inspection, bypass: bypass('*.customed.de') }))).toEqual([]);
    expect(rule.kinds(site({ tlsInspection: inspection }))).toEqual(['violation estate/clinic/tls']);
  });

  test('a rule inspecting TLS to a vendor host is a violation; to another host it is not', () => {
    const inspecting = (fqdn: string) =>
      site({ bypass: bypass('*.customed.de'), egress: [egress({ fqdns: [fqdn], terminateTls: true })] });
    expect(rule.kinds(inspecting('kybe.customed.de'))).toEqual(['violation estate/clinic/firewall/rule']);
    expect(rule.kinds(inspecting('example.org'))).toEqual([]);
  });

  test('an inspecting rule with unresolved destinations is unknown', () => {
    expect(rule.kinds(site({ egress: [egress({ fqdns: [unknown('var.host')], terminateTls: true })] }))).toEqual([
      'unknown estate/clinic/firewall/rule',
    ]);
  });
});
