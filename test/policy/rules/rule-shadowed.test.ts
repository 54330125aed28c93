// SPDX-License-Identifier: Apache-2.0
import type { DataPlane } from '../../../lib/model/dataplane';
import { unknown } from '../../../lib/model/types';
import { ruleShadowed } from '../../../lib/policy/rules/rule-shadowed';
import { dataplaneSite, editRule, withPlane } from './dataplane-site';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(ruleShadowed);
/** network-deny-first: Deny high-ports (TCP 1024-65535 from * to *) at 150, Allow csu (3000-3010, 991) at 400, app rule cherel at 500. */
const denyFirst = () => dataplaneSite('network-deny-first.cdk.tf.json');
const lines = (s: ReturnType<typeof site>) =>
  rule.check(s).map((r) => `${r.severity ?? '-'} ${r.path} ${r.ruleName ?? ''}: ${r.got}`);

/** The Deny collection made an Allow. */
const denyToAllow = (plane: DataPlane): DataPlane => ({
  ...plane,
  policies: plane.policies.map((p) => ({
    ...p,
    groups: p.groups.map((g) => ({
      ...g,
      collections: g.collections.map((c) => (c.name === 'deny-non-web' ? { ...c, action: 'Allow' as const } : c)),
    })),
  })),
});

describe('rule-shadowed', () => {
  test('compliant: a rule only partly covered (991 lies below the Deny) is not reported; no data plane, nothing', () => {
    expect(lines(denyFirst())).toEqual([]);
    expect(lines(dataplaneSite('base.cdk.tf.json'))).toEqual([]);
    expect(lines(site())).toEqual([]);
  });

  test('a rule wholly inside an earlier Deny is a warning naming both rules', () => {
    const dead = withPlane(denyFirst(), editRule('csu', { ports: ['3000-3010'] }));
    expect(lines(dead)).toEqual([
      'warning azurerm_firewall_policy_rule_collection_group.rcg csu: all its traffic is decided first by network rule high-ports (collection deny-non-web, group rcg-clinic, policy fwp-clinic) (Deny)',
    ]);
  });

  test('an application rule behind a network Allow to any destination on its port is info (network rules run first)', () => {
    const redundant = withPlane(denyFirst(), (plane) =>
      editRule('high-ports', { ports: ['443', '3000-3010'] })(denyToAllow(plane)),
    );
    expect(lines(redundant)).toEqual([
      'info azurerm_firewall_policy_rule_collection_group.rcg cherel: all its traffic is decided first by network rule high-ports (collection deny-non-web, group rcg-clinic, policy fwp-clinic) (Allow)',
    ]);
  });

  test('unknown values never prove containment: no finding, never a guess', () => {
    const vague = withPlane(denyFirst(), (plane) =>
      editRule('high-ports', { sources: [unknown('var.sources')] })(editRule('csu', { ports: ['3000-3010'] })(plane)),
    );
    expect(lines(vague)).toEqual([]);
    const vaguePorts = withPlane(denyFirst(), editRule('csu', { ports: ['3000-3010', unknown('var.port')] }));
    expect(lines(vaguePorts)).toEqual([]);
  });
});
