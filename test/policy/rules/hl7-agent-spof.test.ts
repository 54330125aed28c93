// SPDX-License-Identifier: Apache-2.0
import { hl7AgentSpof } from '../../../lib/policy/rules/hl7-agent-spof';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(hl7AgentSpof);

describe('hl7-agent-spof', () => {
  test('exactly one agent is a single point of failure', () => {
    expect(rule.check(site({ vendor: { hl7: { agents: 1 } } }))[0]).toMatchObject({
      kind: 'violation',
      got: '1 agent',
    });
  });

  test('two agents, or none declared, pass (boundary)', () => {
    expect(rule.kinds(site({ vendor: { hl7: { agents: 2 } } }))).toEqual([]);
    expect(rule.kinds(site({ vendor: { hl7: {} } }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });
});
