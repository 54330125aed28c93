// SPDX-License-Identifier: Apache-2.0
import type { Site } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { custoInboundPort } from '../../../lib/policy/rules/custo-inbound-port';
import { forward, ruleTester, site } from './rule-tester';

const rule = ruleTester(custoInboundPort);
const centre = (inbound: Site['inbound'], sslPort?: number) =>
  site({ inbound, vendor: { custo: { role: 'centre', mode: 'port-forward', sslPort } } });

describe('custo-inbound-port', () => {
  test('a forward of an SSL port to the same port passes', () => {
    expect(rule.kinds(centre([forward({ externalPort: '18443', internalPort: '18443' })]))).toEqual([]);
  });

  test('a forward mapping the SSL port to another port is a violation', () => {
    const [result] = rule.check(centre([forward({ externalPort: '8443', internalPort: '443' })]));
    expect(result).toMatchObject({ kind: 'violation', got: '8443 → 443' });
  });

  test("the site's own SSL port replaces the pack's list", () => {
    expect(rule.kinds(centre([forward({ externalPort: '8443', internalPort: '8443' })], 28443))).toEqual([
      'violation estate/clinic',
    ]);
    expect(rule.kinds(centre([forward({ externalPort: '28443', internalPort: '28443' })], 28443))).toEqual([]);
  });

  test('no forward at all is a violation on the site; an unresolved port is unknown', () => {
    expect(rule.kinds(centre([]))).toEqual(['violation estate/clinic']);
    expect(rule.kinds(centre([forward({ externalPort: '8443', internalPort: unknown('var.port') })]))).toEqual([
      'unknown estate/clinic/firewall/fwd',
    ]);
  });

  test('a UDP forward does not count; senders and VPN centres are not judged', () => {
    expect(rule.kinds(centre([forward({ protocol: 'udp' })]))).toEqual(['violation estate/clinic']);
    expect(rule.kinds(site({ vendor: { custo: { role: 'centre', mode: 'vpn' } } }))).toEqual([]);
    expect(rule.kinds(site({ vendor: { custo: { role: 'sender', mode: 'port-forward' } } }))).toEqual([]);
  });
});
