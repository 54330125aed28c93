// SPDX-License-Identifier: Apache-2.0
/**
 * required-egress-flows proven by path (issue 13): the data-plane fixtures read with
 * `{ dataplane: true }`, the Lumos pack's obligations asked of `trace`.
 */
import type { Site } from '../../../lib/model/types';
import type { RuleResult } from '../../../lib/policy/rule';
import { RuleMemo } from '../../../lib/policy/rule-memo';
import { requiredEgressFlows } from '../../../lib/policy/rules/required-egress-flows';
import type { RequiredEgressFlowsParams } from '../../../lib/policy/vendor-flows';
import { readFixture } from './dataplane-fixtures';
import { packParams } from './rule-tester';

/** The rule over every site of a fixture with the params of one Lumos pack entry. */
function check(fixture: string, requirement: string, own = false): RuleResult[] {
  const model = readFixture(fixture, own);
  const params = packParams<RequiredEgressFlowsParams>(requiredEgressFlows, requirement);
  const memo = new RuleMemo();
  return model.sites.flatMap((site) => requiredEgressFlows.check({ model, site, sites: model.sites, params, memo }));
}

const DATA = 'LUMOS-EGRESS-DATA';
const CONTROL = 'LUMOS-EGRESS-991';

describe('required-egress-flows by path', () => {
  test('the base fixture meets Lumos FTPS data and control', () => {
    expect(check('base', DATA)).toEqual([]);
    expect(check('base', CONTROL)).toEqual([]);
  });

  test('a Deny collection at priority 150 ahead of the Allow at 400 blocks Lumos FTPS, naming both', () => {
    const [result, ...rest] = check('network-deny-first', DATA);
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      kind: 'violation',
      path: 'azurerm_firewall_policy_rule_collection_group.rcg',
      problem:
        'TCP 3000-3010 to csu.cherel.org.au from practice is denied by network collection deny-non-web (priority 150, group rcg-clinic priority 200, policy fwp-clinic) rule high-ports, processed before lumos-ftps (400)',
    });
    // 991 is below the Deny's range: still met.
    expect(check('network-deny-first', CONTROL)).toEqual([]);
  });

  test('a Deny in a rule collection group of higher priority blocks the flow', () => {
    const [result] = check('group-priority', CONTROL);
    expect(result.kind).toBe('violation');
    expect(result.problem).toContain('denied by network collection block-ftps (priority 1000, group rcg-platform');
  });

  test("a parent policy's Deny is seen (processed before the child's Allow)", () => {
    const results = check('parent-policy', DATA);
    expect(results.map((r) => r.kind)).toEqual(['violation']);
    expect(results[0].problem).toContain('policy fwp-parent');
  });

  test('a child policy whose parent carries the flows passes; the parent is no site of its own', () => {
    expect(readFixture('parent-allows', true).sites.map((s) => s.name)).toEqual(['clinic']);
    expect(readFixture('parent-policy').sites.map((s) => s.name)).toEqual(['clinic']);
    expect(check('parent-allows', DATA, true)).toEqual([]);
    expect(check('parent-allows', CONTROL, true)).toEqual([]);
  });

  test('an application Deny ahead of the application Allow blocks HTTPS to the vendor', () => {
    const [result] = check('application-deny-first', 'LUMOS-EGRESS-443', true);
    expect(result.kind).toBe('violation');
    expect(result.problem).toContain('denied by application collection block-cherel (priority 450');
    expect(result.problem).toContain('processed before web (500)');
    expect(check('base', 'LUMOS-EGRESS-443')).toEqual([]);
  });

  test('a network Deny beats an application Allow (network rules are processed first)', () => {
    const [result] = check('network-before-application', 'LUMOS-EGRESS-443');
    expect(result.kind).toBe('violation');
    expect(result.problem).toContain('denied by network collection deny-443 (priority 60000');
  });

  test('an FQDN tag never meets a vendor obligation: missing, not unknown', () => {
    const [result] = check('fqdn-tag-allow', 'LUMOS-EGRESS-443');
    expect(result).toMatchObject({
      kind: 'violation',
      problem: 'no allowed flow TCP 443 to authentigate.cherel.org.au',
    });
  });

  test('an outbound NSG rule denying TCP 991 leaves Lumos control not met', () => {
    const [result] = check('nsg-outbound-deny', CONTROL);
    expect(result).toMatchObject({ kind: 'violation', path: 'azurerm_network_security_group.practice' });
    expect(result.problem).toContain('deny-991');
    expect(check('nsg-outbound-deny', DATA)).toEqual([]);
  });

  test('a wildcard in a network rule is no match: the flow is missing, and why is said', () => {
    const [result] = check('network-wildcard', DATA);
    expect(result).toMatchObject({ kind: 'violation', problem: 'no allowed flow TCP 3000-3010 to csu.cherel.org.au' });
    expect(result.got).toContain('wildcard');
  });

  test('threat intelligence in Deny mode makes a vendor host unknown, naming the feed', () => {
    const [result] = check('threat-intel-deny', DATA);
    expect(result.kind).toBe('unknown');
    expect(result.got).toContain('threat intelligence');
  });

  test('a route to an appliance that is not the firewall: the flow is not proven (unknown)', () => {
    const [result] = check('other-appliance', DATA);
    expect(result.kind).toBe('unknown');
    expect(result.got).toContain('10.99.0.4');
  });
});

describe('required-egress-flows through the explicit proxy', () => {
  const HTTPS = 'LUMOS-EGRESS-443';
  const proxied = (mutate: (site: Site) => Site): RuleResult[] => {
    const model = readFixture('explicit-proxy');
    const changed = { ...model, sites: model.sites.map(mutate) };
    const params = packParams<RequiredEgressFlowsParams>(requiredEgressFlows, HTTPS);
    const memo = new RuleMemo();
    return changed.sites.flatMap((site) =>
      requiredEgressFlows.check({ model: changed, site, sites: changed.sites, params, memo }),
    );
  };

  test('an HTTPS flow handed to the proxy is met by the application rule, though the NSG denies the internet', () => {
    expect(check('explicit-proxy', HTTPS)).toEqual([]);
    // FTPS never goes through the proxy: the direct packet, denied by the NSG, decides.
    expect(check('explicit-proxy', CONTROL).map((r) => r.problem)).toEqual([
      'TCP 991 to csu.cherel.org.au from practice is denied by nsg-practice/deny-internet (priority 100), processed before lumos-ftps (400)',
    ]);
  });

  test('a host on the bypass list, or a flow kept off the proxy, is held to the direct path', () => {
    const bypassed = proxied((site) => ({
      ...site,
      bypass: [{ host: '*.cherel.org.au', reason: 'vendor portal', path: 'p' }],
    }));
    expect(bypassed.map((r) => r.problem)).toEqual([
      'TCP 443 to authentigate.cherel.org.au from practice is denied by nsg-practice/deny-internet (priority 100), processed before web (500)',
    ]);
    const kept = proxied((site) => ({ ...site, egress: site.egress.map((flow) => ({ ...flow, viaProxy: false })) }));
    expect(kept).toHaveLength(1);
  });
});
