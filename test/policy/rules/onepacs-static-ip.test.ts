// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { onepacsStaticIp } from '../../../lib/policy/rules/onepacs-static-ip';
import { ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(onepacsStaticIp);
const imaging = (prefix: ReturnType<typeof unknown> | string = '10.1.2.0/28') =>
  vnet([
    subnet({ name: 'imaging', path: 'estate/clinic/vnet/imaging', role: 'imaging-gateway', addressPrefixes: [prefix] }),
  ]);

describe('onepacs-static-ip', () => {
  test('an address inside the named subnet passes, up to its last address (boundary)', () => {
    const at = (gatewayAddress: string) =>
      site({ vnets: [imaging()], vendor: { onepacs: { gatewayAddress, gatewaySubnet: 'imaging' } } });
    expect(rule.kinds(at('10.1.2.4'))).toEqual([]);
    expect(rule.kinds(at('10.1.2.15'))).toEqual([]);
    expect(rule.kinds(at('10.1.2.16'))).toEqual(['violation estate/clinic/vnet/imaging']);
  });

  test('no declared address is a violation; no declared subnet leaves the address unjudged', () => {
    expect(rule.check(site())[0]).toMatchObject({ kind: 'violation', got: 'no gateway address declared' });
    expect(rule.kinds(site({ vendor: { onepacs: { gatewayAddress: '10.9.9.9' } } }))).toEqual([]);
  });

  test('a subnet that does not exist is a violation; an unresolved prefix is unknown', () => {
    expect(rule.kinds(site({ vendor: { onepacs: { gatewayAddress: '10.1.2.4', gatewaySubnet: 'nope' } } }))).toEqual([
      'violation estate/clinic',
    ]);
    const doubtful = site({
      vnets: [imaging(unknown('var.prefix'))],
      vendor: { onepacs: { gatewayAddress: '10.1.2.4', gatewaySubnet: 'imaging' } },
    });
    expect(rule.kinds(doubtful)).toEqual(['unknown estate/clinic/vnet/imaging']);
  });
});
