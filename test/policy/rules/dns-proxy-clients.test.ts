// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import type { Maybe } from '../../../lib/model/types';
import { dnsProxyClients } from '../../../lib/policy/rules/dns-proxy-clients';
import { dataplaneSite, editRule, withPlane } from './dataplane-site';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(dnsProxyClients);
const lines = (s: ReturnType<typeof site>) => rule.check(s).map((r) => `${r.kind} ${r.path} ${r.got}`);
/** nic-public-ip (a network rule names csu.cherel.org.au; firewall 10.20.0.4) with these VNet DNS servers. */
const withDns = (servers: Maybe<string>[]) =>
  withPlane(dataplaneSite('nic-public-ip.cdk.tf.json'), (plane) => ({
    ...plane,
    vnets: plane.vnets.map((v) => ({ ...v, dnsServers: servers })),
  }));

describe('dns-proxy-clients', () => {
  test('compliant: the VNet uses the firewall, set by a separate azurerm_virtual_network_dns_servers resource', () => {
    expect(lines(dataplaneSite('subnet-roles.cdk.tf.json'))).toEqual([]);
    expect(lines(withDns(['10.20.0.4']))).toEqual([]);
  });

  test('no network rule names an FQDN, or no data plane read: nothing to judge', () => {
    const noFqdn = withPlane(
      dataplaneSite('nic-public-ip.cdk.tf.json'),
      editRule('csu', { fqdns: [], destinations: ['203.0.113.9'] }),
    );
    expect(lines(noFqdn)).toEqual([]);
    expect(lines(site())).toEqual([]);
  });

  test('Azure-provided DNS, another server, or the firewall beside another server are violations', () => {
    expect(lines(dataplaneSite('nic-public-ip.cdk.tf.json'))).toEqual([
      'violation azurerm_virtual_network.vnet Azure-provided DNS',
    ]);
    expect(lines(withDns(['168.63.129.16']))).toEqual(['violation azurerm_virtual_network.vnet 168.63.129.16']);
    expect(lines(withDns(['10.20.0.4', '8.8.8.8']))).toEqual([
      'violation azurerm_virtual_network.vnet 10.20.0.4, 8.8.8.8',
    ]);
  });

  test('unknown DNS servers or firewall address are unknown', () => {
    expect(lines(withDns([unknown('var.dns')]))).toEqual(['unknown azurerm_virtual_network.vnet unknown (var.dns)']);
    const vagueFirewall = withPlane(dataplaneSite('nic-public-ip.cdk.tf.json'), (plane) => ({
      ...plane,
      firewalls: plane.firewalls.map((f) => ({ ...f, privateIp: unknown('subnet prefix') })),
    }));
    expect(rule.kinds(vagueFirewall)).toEqual(['unknown azurerm_firewall.fw']);
  });
});
