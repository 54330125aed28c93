// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { noInboundToGateway } from '../../../lib/policy/rules/no-inbound-to-gateway';
import { dataplaneSite, withPlane } from './dataplane-site';
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

  test('a forward from private senders only is not internet inbound', () => {
    expect(rule.kinds(onepacs([forward({ internalAddress: '10.1.2.4', sources: ['10.0.0.0/8'] })]))).toEqual([]);
  });

  describe('data plane', () => {
    /** nic-public-ip (RDP open on NIC 10.20.1.10) with the OnePacs gateway declared at `address`. */
    const gatewayAt = (address: string) => {
      const s = dataplaneSite('nic-public-ip.cdk.tf.json');
      return { ...s, vendor: { onepacs: { gatewayAddress: address } } };
    };

    test('a NIC public IP open to the internet on the gateway is a violation naming its NSG rule', () => {
      const [result] = rule.check(gatewayAt('10.20.1.10'));
      expect(result).toMatchObject({
        kind: 'violation',
        path: 'azurerm_network_security_group.vm',
        problem: 'an internet path reaches the imaging gateway',
      });
      expect(result.got).toContain('TCP 3389 on pip-vm by NIC public IP rdp from any');
    });

    test('the same path to another machine is compliant', () => {
      expect(rule.kinds(gatewayAt('10.20.1.11'))).toEqual([]);
    });

    test('a load-balancer rule to the gateway is a violation too', () => {
      const site = {
        ...dataplaneSite('inbound-paths.cdk.tf.json'),
        vendor: { onepacs: { gatewayAddress: '10.20.1.10' } },
      };
      expect(rule.check(site).map((r) => `${r.kind} ${r.path}`)).toEqual(['violation azurerm_lb_nat_rule.ssh']);
    });

    test('unknown: a gateway NIC with a dynamic address in an unresolved subnet', () => {
      const vague = withPlane(gatewayAt('10.20.1.10'), (plane) => ({
        ...plane,
        nics: plane.nics.map((n) => ({ ...n, privateIps: [unknown('dynamic')] })),
        subnets: plane.subnets.map((s) => ({ ...s, prefixes: [unknown('var.prefix')] })),
      }));
      expect(rule.kinds(vague)).toEqual(['unknown azurerm_network_security_group.vm']);
    });
  });
});
