// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { requiredEgressFlows } from '../../../lib/policy/rules/required-egress-flows';
import type { RequiredEgressFlowsParams } from '../../../lib/policy/vendor-flows';
import { egress, ruleTester, site } from './rule-tester';

const data = ruleTester(requiredEgressFlows, {
  methods: [
    {
      name: 'FTPS data',
      flows: [{ host: 'csu.cherel.org.au', protocol: 'tcp', port: '3000-3010', app: 'ftps-implicit' }],
    },
  ],
});
const alternatives: RequiredEgressFlowsParams = {
  methods: [
    { name: 'HTTPS', flows: [{ host: 'ftp.example.org', protocol: 'tcp', port: '443', app: 'https' }] },
    {
      name: 'FTPS',
      flows: [
        { host: 'ftp.example.org', protocol: 'tcp', port: '990', app: 'ftps-implicit' },
        { host: 'ftp.example.org', protocol: 'tcp', port: '5000-5010', app: 'ftps-implicit' },
      ],
    },
  ],
};
const csu = (patch: Parameters<typeof egress>[0]) =>
  egress({ fqdns: ['csu.cherel.org.au'], ports: ['3000-3010'], ...patch });

describe('required-egress-flows', () => {
  test('an Allow rule naming the host and covering the range passes, also as two adjacent ranges', () => {
    expect(data.kinds(site({ egress: [csu({})] }))).toEqual([]);
    expect(data.kinds(site({ egress: [csu({ ports: ['3006-3010', '3000-3005'] })] }))).toEqual([]);
  });

  test('a rule one port short of the range is missing the flow (boundary)', () => {
    const [result] = data.check(site({ egress: [csu({ ports: ['3000-3009'] })] }));
    expect(result).toMatchObject({ kind: 'violation', problem: 'no allowed flow TCP 3000-3010 to csu.cherel.org.au' });
  });

  test('the flow allowed only by IP address is a violation naming the rule', () => {
    const [result] = data.check(site({ egress: [csu({ fqdns: [], addresses: ['203.0.113.9'] })] }));
    expect(result).toMatchObject({ kind: 'violation', got: 'rule rule to 203.0.113.9' });
  });

  test('a Deny rule or a UDP rule does not allow it; a wildcard hostname does', () => {
    expect(data.kinds(site({ egress: [csu({ action: 'Deny' })] }))).toEqual(['violation estate/clinic']);
    expect(data.kinds(site({ egress: [csu({ protocol: 'udp' })] }))).toEqual(['violation estate/clinic']);
    expect(data.kinds(site({ egress: [csu({ fqdns: ['*.cherel.org.au'] })] }))).toEqual([]);
  });

  test('unresolved sources, destinations or ports are unknown', () => {
    expect(data.kinds(site({ egress: [csu({ sources: [unknown('var.src')] })] }))).toEqual(['unknown estate/clinic']);
    expect(data.kinds(site({ egress: [csu({ fqdns: [unknown('var.host')] })] }))).toEqual(['unknown estate/clinic']);
    expect(data.kinds(site({ egress: [csu({ ports: [unknown('var.ports')] })] }))).toEqual(['unknown estate/clinic']);
  });

  test('one complete method is enough; otherwise the method closest to complete is reported', () => {
    const rule = ruleTester(requiredEgressFlows, alternatives);
    const ftps = (ports: string[]) =>
      ports.map((p) => egress({ name: `r${p}`, fqdns: ['ftp.example.org'], ports: [p] }));
    expect(rule.kinds(site({ egress: ftps(['990', '5000-5010']) }))).toEqual([]);
    const results = rule.check(site({ egress: ftps(['990']) }));
    expect(results.map((r) => r.problem)).toEqual([
      'method FTPS incomplete: no allowed flow TCP 5000-5010 to ftp.example.org',
    ]);
    expect(rule.check(site())[0].problem).toBe('method HTTPS incomplete: no allowed flow TCP 443 to ftp.example.org');
  });

  test('several entries over the same site in one evaluation each see its rules', () => {
    const both = site({ egress: [csu({})] });
    expect(data.check(both, both)).toEqual([]);
  });
});
