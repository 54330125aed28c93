// SPDX-License-Identifier: Apache-2.0
import { applicationRuleProtocols } from '../../../lib/policy/rules/application-rule-protocols';
import type { Maybe } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { builtinPacks } from '../../../lib/policy/pack';
import { everyVendorFlow } from '../../../lib/policy/vendor-flows';
import { egress, packParams, ruleTester, site } from './rule-tester';

const rule = ruleTester(applicationRuleProtocols);

describe('application-rule-protocols', () => {
  test.each([['http'], ['https'], ['mssql']] as const)('an application rule carrying %s passes', (appProtocol) => {
    expect(rule.kinds(site({ egress: [egress({ ruleKind: 'application', appProtocol })] }))).toEqual([]);
  });

  test('an application rule carrying SFTP is a violation naming the protocol', () => {
    const [result] = rule.check(site({ egress: [egress({ ruleKind: 'application', appProtocol: 'sftp' })] }));
    expect(result).toMatchObject({ kind: 'violation', got: 'sftp', expected: 'one of http, https, mssql' });
  });

  test('a network rule may carry any protocol', () => {
    expect(rule.kinds(site({ egress: [egress({ ruleKind: 'network', appProtocol: 'sftp' })] }))).toEqual([]);
  });
});

describe("application-rule-protocols: a vendor's FTPS/SFTP ports labelled HTTPS", () => {
  test("the azure pack's vendor flows are exactly the built-in vendor packs' flows an application rule cannot carry", () => {
    const { allowed, vendorFlows } = packParams(applicationRuleProtocols);
    const key = (f: { host: string; protocol: string; port: string; app: string }) =>
      `${f.host} ${f.protocol} ${f.port} ${f.app}`;
    const fromPacks = everyVendorFlow(builtinPacks()).filter((f) => !allowed.includes(f.app));
    expect([...new Set(vendorFlows.map(key))].sort()).toEqual([...new Set(fromPacks.map(key))].sort());
    expect(vendorFlows.length).toBeGreaterThan(0);
  });

  /** An application rule to ImmTrac's host, labelled https, on `ports`. */
  const immtracRule = (ports: Maybe<string>[], fqdns = ['immtrac-ftp1.dshs.state.tx.us']) =>
    site({ egress: [egress({ name: 'immtrac', ruleKind: 'application', appProtocol: 'https', fqdns, ports })] });

  test('HTTPS 443 to the ImmTrac host passes (the pack says 443 there is HTTPS)', () => {
    expect(rule.kinds(immtracRule(['443']))).toEqual([]);
  });

  test('HTTPS on the implicit FTPS port 990 of the ImmTrac host is a violation naming the vendor port', () => {
    expect(rule.check(immtracRule(['443', '990']))).toEqual([
      expect.objectContaining({
        kind: 'violation',
        ruleName: 'immtrac',
        problem: 'application rule immtrac carries ftps-implicit ports of immtrac-ftp1.dshs.state.tx.us',
        got: 'https on TCP 990',
        expected: "a network rule: the vendor's pack says TCP 990 to immtrac-ftp1.dshs.state.tx.us is ftps-implicit",
      }),
    ]);
  });

  test('boundary: a port inside the passive range, and SFTP 22, are found; a wildcard entry covers the host', () => {
    const results = rule.check(immtracRule(['5010', '22'], ['*.dshs.state.tx.us']));
    expect(results.map((r) => r.got)).toEqual(['https on TCP 22', 'https on TCP 5010']);
    expect(rule.kinds(immtracRule(['5011']))).toEqual([]);
  });

  test("Lumos's FTPS ports labelled HTTPS are violations; the same ports to another host are not", () => {
    const lumos = (fqdn: string) =>
      site({
        egress: [egress({ ruleKind: 'application', appProtocol: 'https', fqdns: [fqdn], ports: ['991', '3005'] })],
      });
    expect(rule.check(lumos('csu.cherel.org.au')).map((r) => r.got)).toEqual(['https on TCP 991', 'https on TCP 3005']);
    expect(rule.kinds(lumos('portal.example.org'))).toEqual([]);
  });

  test('unknown ports of an application rule to a vendor FTPS host are unknown, never a pass', () => {
    const [result] = rule.check(immtracRule([unknown('var.port')]));
    expect(result).toMatchObject({ kind: 'unknown', got: 'unknown (var.port)' });
  });
});
