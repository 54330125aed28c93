// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { publicDnsResolution } from '../../../lib/policy/rules/public-dns-resolution';
import { ruleTester, site } from './rule-tester';

// Lumos: authentigate.cherel.org.au, csu.cherel.org.au.
const rule = ruleTester(publicDnsResolution);
const dns = (privateZones: string[], firewallServers: string[] = []) =>
  site({ dns: { privateZones, firewallServers } });

describe('public-dns-resolution', () => {
  test('unrelated private zones and public resolvers pass', () => {
    expect(rule.kinds(dns(['clinic.local', 'org.au.example'], ['8.8.8.8']))).toEqual([]);
  });

  test('a private zone that is a parent of a host shadows it; a sibling name does not (boundary)', () => {
    expect(rule.check(dns(['cherel.org.au'])).map((r) => r.problem)).toEqual([
      'private DNS zone cherel.org.au shadows authentigate.cherel.org.au',
      'private DNS zone cherel.org.au shadows csu.cherel.org.au',
    ]);
    expect(rule.kinds(dns(['herel.org.au']))).toEqual([]);
  });

  test('a private resolver is a violation; an unresolved one is unknown', () => {
    expect(rule.kinds(dns([], ['10.0.0.4']))).toEqual(['violation estate/clinic']);
    expect(rule.kinds(site({ dns: { privateZones: [], firewallServers: [unknown('var.dns')] } }))).toEqual([
      'unknown estate/clinic',
    ]);
  });
});
