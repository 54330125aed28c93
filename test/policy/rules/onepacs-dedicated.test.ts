// SPDX-License-Identifier: Apache-2.0
import { onepacsDedicated } from '../../../lib/policy/rules/onepacs-dedicated';
import { egress, forward, ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(onepacsDedicated);
const imaging = subnet({ name: 'imaging', role: 'imaging-gateway', addressPrefixes: ['10.1.2.0/28'] });
const onepacs = (patch: Parameters<typeof site>[0]) =>
  site({ vnets: [vnet([subnet(), imaging])], vendor: { onepacs: { gatewayAddress: '10.1.2.4' } }, ...patch });

describe('onepacs-dedicated', () => {
  test("the gateway subnet's own flows pass, and so do other subnets' flows", () => {
    expect(rule.kinds(onepacs({ egress: [egress({ sources: ['10.1.2.4'], requirement: 'ONEPACS-EGRESS' })] }))).toEqual(
      [],
    );
    expect(
      rule.kinds(onepacs({ egress: [egress({ sources: ['10.1.1.0/24'], requirement: 'LUMOS-EGRESS-443' })] })),
    ).toEqual([]);
  });

  test("another workload's flow from the gateway subnet is a violation", () => {
    const [result] = rule.check(
      onepacs({ egress: [egress({ sources: ['10.1.2.5'], requirement: 'LUMOS-EGRESS-443' })] }),
    );
    expect(result).toMatchObject({ kind: 'violation', got: 'LUMOS-EGRESS-443' });
  });

  test('a forward to another host of the gateway subnet is a violation; to the gateway itself it is not', () => {
    expect(rule.kinds(onepacs({ inbound: [forward({ internalAddress: '10.1.2.9' })] }))).toEqual([
      'violation estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(onepacs({ inbound: [forward({ internalAddress: '10.1.2.4' })] }))).toEqual([]);
  });

  test('no gateway subnet, nothing to judge', () => {
    expect(rule.kinds(site({ egress: [egress({ sources: ['10.1.2.5'], requirement: 'X-Y' })] }))).toEqual([]);
  });
});
