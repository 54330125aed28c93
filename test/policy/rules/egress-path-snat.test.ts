// SPDX-License-Identifier: Apache-2.0
/** egress-path with the data plane: the firewall's own SNAT is a NAT path (issue 13). */
import { RuleMemo } from '../../../lib/policy/rule-memo';
import type { EgressPathParams } from '../../../lib/policy/rules/egress-path';
import { egressPath } from '../../../lib/policy/rules/egress-path';
import { packParams } from './rule-tester';
import { readFixture } from './dataplane-fixtures';

function kinds(fixture: string): string[] {
  const model = readFixture(fixture);
  const params = packParams<EgressPathParams>(egressPath, 'LUMOS-NAT-OR-PROXY');
  const memo = new RuleMemo();
  return model.sites.flatMap((site) =>
    egressPath.check({ model, site, sites: model.sites, params, memo }).map((r) => `${r.kind} ${r.problem}`),
  );
}

describe('egress-path by the data plane', () => {
  test('workload routed through a firewall with a public IP: SNAT is the NAT path, no finding', () => {
    expect(kinds('base')).toEqual([]);
  });

  test('routed to an appliance that is not the firewall: no NAT path is proven', () => {
    expect(kinds('other-appliance')).toEqual(['violation no egress path for the vendor client']);
  });
});
