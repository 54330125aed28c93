// SPDX-License-Identifier: Apache-2.0
/** Reachability and hygiene apart: a vendor flow reachable only through an allow-any rule is the BY-HOSTNAME finding. */
import { RuleMemo } from '../../../lib/policy/rule-memo';
import type { EgressByHostnameParams } from '../../../lib/policy/rules/egress-by-hostname';
import { egressByHostname } from '../../../lib/policy/rules/egress-by-hostname';
import { requiredEgressFlows } from '../../../lib/policy/rules/required-egress-flows';
import type { RequiredEgressFlowsParams } from '../../../lib/policy/vendor-flows';
import { readFixture } from './dataplane-fixtures';
import { packParams } from './rule-tester';

function run(fixture: string, own: boolean): { hygiene: string[]; reach: number } {
  const model = readFixture(fixture, own);
  const memo = new RuleMemo();
  const hostname = packParams<EgressByHostnameParams>(egressByHostname, 'LUMOS-BY-HOSTNAME');
  const data = packParams<RequiredEgressFlowsParams>(requiredEgressFlows, 'LUMOS-EGRESS-DATA');
  const site = model.sites[0];
  const hygiene = egressByHostname
    .check({ model, site, sites: model.sites, params: hostname, memo })
    .map((r) => `${r.kind} ${r.problem}`);
  const reach = requiredEgressFlows.check({ model, site, sites: model.sites, params: data, memo }).length;
  return { hygiene, reach };
}

describe('egress-by-hostname by path', () => {
  test('Lumos reachable only through an allow-any rule: reachable (no EGRESS finding), but the BY-HOSTNAME finding', () => {
    expect(run('allow-any', true)).toEqual({
      hygiene: [
        'violation TCP 991 to authentigate.cherel.org.au is allowed only by a rule that does not name authentigate.cherel.org.au',
        'violation TCP 991 to csu.cherel.org.au is allowed only by a rule that does not name csu.cherel.org.au',
      ],
      reach: 0,
    });
  });

  test('rules naming the hosts: no finding', () => {
    expect(run('base', false)).toEqual({ hygiene: [], reach: 0 });
  });
});
