// SPDX-License-Identifier: Apache-2.0
import { custoMode } from '../../../lib/policy/rules/custo-mode';
import { ruleTester, site, vpnLink } from './rule-tester';

const rule = ruleTester(custoMode);

describe('custo-mode', () => {
  test('port forwarding passes; VPN with a link to the centre passes', () => {
    expect(rule.kinds(site({ vendor: { custo: { role: 'centre', mode: 'port-forward' } } }))).toEqual([]);
    const linked = vpnLink({ remote: { name: 'c', address: 'x', prefixes: [], site: 'centre' } });
    expect(
      rule.kinds(site({ vpnLinks: [linked], vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'centre' } } })),
    ).toEqual([]);
  });

  test('no custo settings, or no mode, is a violation', () => {
    expect(rule.check(site())[0]).toMatchObject({ kind: 'violation', got: 'no custo settings' });
    expect(rule.check(site({ vendor: { custo: { role: 'sender' } } }))[0]).toMatchObject({
      got: 'role sender, no mode',
    });
  });

  test('a VPN sender whose links go elsewhere than its centre is a violation', () => {
    const elsewhere = vpnLink({ remote: { name: 'o', address: 'x', prefixes: [], site: 'other' } });
    const [result] = rule.check(
      site({ vpnLinks: [elsewhere], vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'centre' } } }),
    );
    expect(result).toMatchObject({ kind: 'violation', problem: 'custo mode vpn but no VPN link to centre' });
  });

  test('a VPN centre needs some link', () => {
    expect(rule.kinds(site({ vendor: { custo: { role: 'centre', mode: 'vpn' } } }))).toEqual([
      'violation estate/clinic',
    ]);
    expect(rule.kinds(site({ vpnLinks: [vpnLink()], vendor: { custo: { role: 'centre', mode: 'vpn' } } }))).toEqual([]);
  });
});
