// SPDX-License-Identifier: Apache-2.0
import { TerraformVariable } from 'cdktf';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpPrefixAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-prefix-association';
import { PublicIpPrefix } from '@cdktf/provider-azurerm/lib/public-ip-prefix';
import { NatEgress, type NatEgressProps } from '../../lib/constructs';
import { Cidr } from '../../lib/net/cidr';
import { resourcesOf, synth, testClinic } from './util';
import { modelOf } from './read-back';

describe('NatEgress: a Standard NAT gateway with static IPs on the right subnets', () => {
  test('goes on the firewall subnet by default, with one static Standard public IP', () => {
    const { site } = testClinic();
    new NatEgress(site, 'internet', { idleTimeoutMinutes: 10 });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(NatGateway, { sku_name: 'Standard', idle_timeout_in_minutes: 10 });
    const associations = Object.values(resourcesOf(out, 'azurerm_subnet_nat_gateway_association'));
    expect(associations.map((a) => a.subnet_id)).toEqual(['${azurerm_subnet.subnet-AzureFirewallSubnet.id}']);
    const ips = Object.values(resourcesOf(out, 'azurerm_public_ip')).filter((ip) =>
      String(ip.name).startsWith('pip-ng-'),
    );
    expect(ips).toEqual([expect.objectContaining({ allocation_method: 'Static', sku: 'Standard' })]);
    expect(Object.keys(resourcesOf(out, 'azurerm_nat_gateway_public_ip_association'))).toHaveLength(1);
    expect(modelOf(site).natEgress).toEqual([
      expect.objectContaining({
        name: 'ng-clinic-internet',
        sku: 'Standard',
        idleTimeoutMinutes: 10,
        subnets: ['AzureFirewallSubnet'],
        publicIps: [expect.stringMatching(/^azurerm_public_ip\./)],
      }),
    ]);
  });

  test('goes on the workload subnets when the site has no firewall', () => {
    const { site } = testClinic({
      firewall: false,
      firewallSubnet: undefined,
      workloadSubnets: [
        { name: 'clinical', prefix: Cidr.parse('10.1.1.0/24') },
        { name: 'admin', prefix: Cidr.parse('10.1.2.0/24') },
      ],
    });
    new NatEgress(site, 'internet');
    const associations = Object.values(resourcesOf(synth(site), 'azurerm_subnet_nat_gateway_association'));
    expect(associations.map((a) => a.subnet_id).sort()).toEqual([
      '${azurerm_subnet.subnet-admin.id}',
      '${azurerm_subnet.subnet-clinical.id}',
    ]);
    expect(modelOf(site).natEgress[0]).toMatchObject({ idleTimeoutMinutes: 4, subnets: ['admin', 'clinical'] });
  });

  test('can use a public IP prefix instead of single IPs', () => {
    const { site } = testClinic();
    new NatEgress(site, 'internet', { publicIpPrefixLength: 30 });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(PublicIpPrefix, { prefix_length: 30, sku: 'Standard' });
    expect(out).toHaveResource(NatGatewayPublicIpPrefixAssociation);
    expect(modelOf(site).natEgress[0]).toMatchObject({
      publicIps: [],
      publicIpPrefixes: [expect.stringMatching(/^azurerm_public_ip_prefix\./)],
    });
  });

  test('an idle timeout and prefix length from variables are emitted as references, not judged', () => {
    const { site } = testClinic();
    const idle = new TerraformVariable(site, 'nat_idle', { type: 'number' });
    const length = new TerraformVariable(site, 'nat_prefix_length', { type: 'number' });
    new NatEgress(site, 'internet', { idleTimeoutMinutes: idle.numberValue, publicIpPrefixLength: length.numberValue });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(NatGateway, { idle_timeout_in_minutes: '${var.nat_idle}' });
    expect(out).toHaveResourceWithProperties(PublicIpPrefix, { prefix_length: '${var.nat_prefix_length}' });
    expect(modelOf(site).natEgress[0].idleTimeoutMinutes).toEqual({ unknown: 'var.nat_idle' });
  });

  const bad: [string, NatEgressProps, RegExp][] = [
    [
      'an idle timeout under 4 minutes',
      { idleTimeoutMinutes: 1 },
      /\[NAT-INVALID\] invalid NAT egress on site clinic — got idleTimeoutMinutes 1, expected a whole number from 4 to 120/,
    ],
    ['an idle timeout over 120 minutes', { idleTimeoutMinutes: 121 }, /got idleTimeoutMinutes 121/],
    [
      'GatewaySubnet',
      { subnets: ['GatewaySubnet'] },
      /got subnet GatewaySubnet, expected any subnet but GatewaySubnet/,
    ],
    [
      'an unknown subnet',
      { subnets: ['admin'] },
      /got subnet "admin", expected one of AzureFirewallSubnet, GatewaySubnet, clinical/,
    ],
    ['17 public IPs', { publicIpCount: 17 }, /got publicIpCount 17/],
    ['a /27 prefix', { publicIpPrefixLength: 27 }, /got publicIpPrefixLength 27/],
    ['no address at all', { publicIpCount: 0 }, /got no public IP and no prefix/],
  ];
  test.each(bad)('rejects %s', (_, props, message) => {
    const { site } = testClinic();
    expect(() => new NatEgress(site, 'internet', props)).toThrow(message);
    expect(site.node.tryFindChild('internet')).toBeUndefined();
  });

  test('rejects a second NAT gateway on the same subnet', () => {
    const { site } = testClinic();
    new NatEgress(site, 'internet');
    expect(() => new NatEgress(site, 'more')).toThrow(
      /got subnet AzureFirewallSubnet already behind a NAT gateway, expected at most one NAT gateway per subnet/,
    );
  });
});
