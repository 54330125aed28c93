// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { tlsInspectionCa } from '../../../lib/policy/rules/tls-inspection-ca';
import { egress, ruleTester, site } from './rule-tester';

// Lumos: authentigate.cherel.org.au, csu.cherel.org.au.
const rule = ruleTester(tlsInspectionCa);
const inspecting = (caCertificate?: string | ReturnType<typeof unknown>, fqdn = 'csu.cherel.org.au') =>
  site({
    tlsInspection: { enabled: true, caCertificate, path: 'estate/clinic/tls' },
    egress: [egress({ fqdns: [fqdn], terminateTls: true })],
  });

describe('tls-inspection-ca', () => {
  test('inspection of a vendor host with a declared CA passes; of other hosts, no CA needed', () => {
    expect(rule.kinds(inspecting('kv-cert'))).toEqual([]);
    expect(rule.kinds(inspecting(undefined, 'example.org'))).toEqual([]);
  });

  test('inspection of a vendor host without a CA is a violation; with an unresolved CA, unknown', () => {
    expect(rule.kinds(inspecting(undefined))).toEqual(['violation estate/clinic/tls']);
    expect(rule.kinds(inspecting(unknown('var.ca')))).toEqual(['unknown estate/clinic/tls']);
  });

  test('inspection off: nothing to judge', () => {
    expect(rule.kinds(site({ egress: [egress({ fqdns: ['csu.cherel.org.au'], terminateTls: true })] }))).toEqual([]);
  });
});
