// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { noInboundToGateway } from '../../../lib/policy/rules/no-inbound-to-gateway';
import { forward, ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(noInboundToGateway);
const imaging = subnet({ name: 'imaging', role: 'imaging-gateway', addressPrefixes: ['10.1.2.0/28'] });
const onepacs = (inbound: ReturnType<typeof forward>[], prefixes = imaging.addressPrefixes) =>
  site({
    inbound,
    vnets: [vnet([subnet(), { ...imaging, addressPrefixes: prefixes }])],
    vendor: { onepacs: { gatewayAddress: '10.1.2.4', gatewaySubnet: 'imaging' } },
  });

describe('no-inbound-to-gateway', () => {
  test('forwards elsewhere pass; no forwards, nothing to judge', () => {
    expect(rule.kinds(onepacs([forward({ internalAddress: '10.1.1.10' })]))).toEqual([]);
    expect(rule.kinds(onepacs([]))).toEqual([]);
  });

  test('a forward to the gateway, or into its subnet, is a violation', () => {
    expect(rule.kinds(onepacs([forward({ internalAddress: '10.1.2.4' })]))).toEqual([
      'violation estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(onepacs([forward({ internalAddress: '10.1.2.9' })]))).toEqual([
      'violation estate/clinic/firewall/fwd',
    ]);
  });

  test('unresolved targets or an unplaced gateway are unknown', () => {
    expect(rule.kinds(onepacs([forward({ internalAddress: unknown('var.ip') })]))).toEqual([
      'unknown estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(onepacs([forward({ internalAddress: '10.1.1.10' })], [unknown('var.prefix')]))).toEqual([
      'unknown estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(site({ inbound: [forward()] }))).toEqual(['unknown estate/clinic']);
  });
});
