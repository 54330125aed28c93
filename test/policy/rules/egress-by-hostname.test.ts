// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { egressByHostname } from '../../../lib/policy/rules/egress-by-hostname';
import { egress, ruleTester, site } from './rule-tester';

// IMMTRAC: host immtrac-ftp1.dshs.state.tx.us, requirement IMMTRAC-METHOD, ports 990 and 5000-5010.
const rule = ruleTester(egressByHostname);

describe('egress-by-hostname', () => {
  test('a vendor flow by hostname passes', () => {
    expect(
      rule.kinds(
        site({ egress: [egress({ requirement: 'IMMTRAC-METHOD', fqdns: ['immtrac-ftp1.dshs.state.tx.us'] })] }),
      ),
    ).toEqual([]);
  });

  test('a flow serving the requirement by IP address is a violation', () => {
    const flow = egress({ requirement: 'IMMTRAC-METHOD', fqdns: [], addresses: ['198.51.100.7'] });
    expect(rule.check(site({ egress: [flow] }))[0]).toMatchObject({ kind: 'violation', got: '198.51.100.7' });
  });

  test("an address rule on a vendor port counts as a vendor flow; the range's edges count (boundary)", () => {
    const onPort = (port: string) => egress({ fqdns: [], addresses: ['198.51.100.7'], ports: [port] });
    expect(rule.kinds(site({ egress: [onPort('5010')] }))).toEqual(['violation estate/clinic/firewall/rule']);
    expect(rule.kinds(site({ egress: [onPort('5011')] }))).toEqual([]);
    expect(rule.kinds(site({ egress: [onPort('990')] }))).toEqual(['violation estate/clinic/firewall/rule']);
  });

  test('an unresolved address on a vendor flow is unknown; Deny rules are not judged', () => {
    const doubtful = egress({ requirement: 'IMMTRAC-METHOD', fqdns: [], addresses: [unknown('var.ip')] });
    expect(rule.kinds(site({ egress: [doubtful] }))).toEqual(['unknown estate/clinic/firewall/rule']);
    const denied = egress({ action: 'Deny', requirement: 'IMMTRAC-METHOD', fqdns: [], addresses: ['198.51.100.7'] });
    expect(rule.kinds(site({ egress: [denied] }))).toEqual([]);
  });
});
