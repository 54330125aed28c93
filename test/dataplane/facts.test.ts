// SPDX-License-Identifier: Apache-2.0
/**
 * One fixture per Azure data-plane fact (test/fixtures/dataplane): the exact verdict and hops
 * of `trace`. Each hop is `step decision address rule`.
 */
import * as path from 'path';
import { parseFrom, parseTarget } from '../../lib/cli/trace';
import { trace } from '../../lib/dataplane';
import type { TraceResult } from '../../lib/dataplane';
import { readTerraformInput } from '../../lib/terraform';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dataplane');

/** Traces `from` → `to` (`HOST:PORT`) over TCP in a fixture (`NAME` for a cdk.tf.json, `NAME.plan` for a plan). */
export function traceFixture(fixture: string, from: string, to: string, protocol: 'tcp' | 'udp' = 'tcp'): TraceResult {
  const read = readTerraformInput(
    path.join(FIXTURES, fixture.endsWith('.plan') ? `${fixture}.json` : `${fixture}.cdk.tf.json`),
    { dataplane: true },
  );
  const target = parseTarget(to);
  return trace(read.model, { from: parseFrom(from), to: target.to, protocol, port: target.port });
}

const compact = (result: TraceResult) =>
  result.hops.map((h) => `${h.step} ${h.decision} ${h.address} ${h.rule}`.trim());

type Case = [fixture: string, from: string, to: string, verdict: string, hops: string[]];

const CASES: Case[] = [
  [
    'base',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'base',
    'clinic/practice',
    'www.cherel.org.au:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg application collection web (priority 500, group rcg-clinic priority 200, policy fwp-clinic) rule cherel',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'base',
    'clinic/practice',
    '10.20.1.30:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_virtual_network.vnet VNet vnet-clinic',
      'deliver allow azurerm_subnet.practice practice',
    ],
  ],
  [
    'base',
    'clinic/practice',
    '10.30.1.30:443',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azure Azure system route 10.0.0.0/8',
      'route deny azure Azure system route 10.0.0.0/8',
    ],
  ],
  [
    'network-deny-first',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy_rule_collection_group.rcg network collection deny-non-web (priority 150, group rcg-clinic priority 200, policy fwp-clinic) rule high-ports',
    ],
  ],
  [
    'network-before-application',
    'clinic/practice',
    'www.cherel.org.au:443',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy_rule_collection_group.rcg network collection deny-443 (priority 60000, group rcg-clinic priority 200, policy fwp-clinic) rule https',
    ],
  ],
  [
    'group-priority',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy_rule_collection_group.first network collection block-ftps (priority 1000, group rcg-platform priority 100, policy fwp-clinic) rule ftps',
    ],
  ],
  [
    'group-priority',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'parent-policy',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy_rule_collection_group.parent network collection parent-deny (priority 65000, group rcg-parent priority 65000, policy fwp-parent) rule no-3000',
    ],
  ],
  [
    'parent-policy',
    'clinic/practice',
    'csu.cherel.org.au:3001',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'threat-intel-deny',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'unknown',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel unknown azurerm_firewall_policy.policy Deny',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'threat-intel-deny',
    'clinic/practice',
    '10.20.1.30:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_virtual_network.vnet VNet vnet-clinic',
      'deliver allow azurerm_subnet.practice practice',
    ],
  ],
  [
    'network-wildcard',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy.policy',
    ],
  ],
  [
    'no-dns-proxy',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy.policy',
    ],
  ],
  [
    'web-category-deny',
    'clinic/practice',
    'www.cherel.org.au:443',
    'unknown',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall unknown azurerm_firewall_policy_rule_collection_group.rcg application collection block-categories (priority 300, group rcg-clinic priority 200, policy fwp-clinic) rule gambling',
    ],
  ],
  [
    'fqdn-tag-allow',
    'clinic/practice',
    'www.cherel.org.au:443',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy.policy',
    ],
  ],
  [
    'ip-groups',
    'clinic/practice',
    '203.0.113.9:22',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection vendor-ip (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule by-ip',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'ip-groups',
    'clinic/practice',
    '203.0.114.9:22',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall deny azurerm_firewall_policy.policy',
    ],
  ],
  [
    'snat-off',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'unknown',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat unknown private_ip_ranges',
    ],
  ],
  [
    'snat-off',
    'clinic/practice',
    'www.cherel.org.au:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg application collection web (priority 500, group rcg-clinic priority 200, policy fwp-clinic) rule cherel',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'nat-on-firewall-subnet',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'nat-gateway allow azurerm_nat_gateway.nat',
    ],
  ],
  [
    'other-appliance',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'unknown',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'route unknown azurerm_route_table.rt',
    ],
  ],
  [
    'no-route-private-subnet',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azure Azure system route 0.0.0.0/0',
      'internet deny azurerm_subnet.practice default_outbound_access_enabled',
    ],
  ],
  [
    'nat-gateway-direct',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azure Azure system route 0.0.0.0/0',
      'nat-gateway allow azurerm_nat_gateway.nat',
    ],
  ],
  [
    'longest-prefix',
    'clinic/practice',
    '203.0.113.5:991',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route.bypass rt-practice/vendor-direct',
      'internet deny azurerm_subnet.practice default_outbound_access_enabled',
    ],
  ],
  [
    'longest-prefix',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'unknown',
    ['source pass azurerm_subnet.practice practice', 'route unknown azurerm_subnet.practice'],
  ],
  [
    'nsg-outbound-deny',
    'clinic/practice',
    'csu.cherel.org.au:991',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'nsg-outbound deny azurerm_network_security_group.practice nsg-practice/deny-991 (priority 200)',
    ],
  ],
  [
    'nsg-outbound-deny',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'nsg-outbound allow azurerm_network_security_group.practice nsg-practice/AllowInternetOutBound (priority 65001)',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  [
    'nic-public-ip',
    'internet',
    'azurerm_public_ip.vm:3389',
    'allowed',
    [
      'source pass internet',
      'entry pass azurerm_public_ip.vm NIC public IP',
      'nsg-inbound allow azurerm_network_security_group.vm nsg-vm/rdp (priority 100)',
      'deliver allow azurerm_network_interface.vm nic-vm',
    ],
  ],
  [
    'nic-public-ip',
    'internet',
    'azurerm_public_ip.vm:22',
    'denied',
    [
      'source pass internet',
      'entry pass azurerm_public_ip.vm NIC public IP',
      'nsg-inbound deny azurerm_network_security_group.vm nsg-vm/DenyAllInBound (priority 65500)',
    ],
  ],
  [
    'dnat',
    '198.51.100.9',
    'azurerm_public_ip.fw:8443',
    'allowed',
    [
      'source pass internet',
      'dnat allow azurerm_firewall_policy_rule_collection_group.rcg dnat collection inbound (priority 100, group rcg-clinic priority 200, policy fwp-clinic) rule custo',
      'deliver allow azurerm_subnet.practice practice',
    ],
  ],
  [
    'dnat',
    '203.0.113.9',
    'azurerm_public_ip.fw:8443',
    'denied',
    ['source pass internet', 'dnat deny azurerm_firewall.fw'],
  ],
  [
    'dnat',
    'internet',
    'azurerm_public_ip.fw:8443',
    'unknown',
    [
      'source pass internet',
      'dnat unknown azurerm_firewall_policy_rule_collection_group.rcg dnat collection inbound (priority 100, group rcg-clinic priority 200, policy fwp-clinic) rule custo',
    ],
  ],
  [
    'vpn',
    'clinic/practice',
    '192.168.50.10:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_virtual_network_gateway_connection.onprem VPN cn-pathlab',
      'vpn pass azurerm_virtual_network_gateway_connection.onprem cn-pathlab',
      'vpn allow azurerm_virtual_network_gateway_connection.onprem cn-pathlab',
    ],
  ],
  [
    'peering',
    'clinic/practice',
    '10.40.1.5:443',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_virtual_network_peering.to_hub peering clinic-to-hub',
      'deliver allow azurerm_subnet.shared shared',
    ],
  ],
  [
    'peering-outside',
    'clinic/practice',
    '10.40.1.5:443',
    'unknown',
    ['source pass azurerm_subnet.practice practice', 'route unknown azurerm_subnet.practice'],
  ],
  [
    'subnet-roles',
    'clinic',
    '203.0.113.9:445',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'nsg-outbound deny azurerm_network_security_rule.deny_smb nsg-practice/deny-smb (priority 300)',
    ],
  ],
  [
    'subnet-roles',
    'internet',
    'azurerm_public_ip.agw:443',
    'allowed',
    ['source pass internet', 'entry allow azurerm_application_gateway.agw portal'],
  ],
  [
    'base.plan',
    'clinic/practice',
    'csu.cherel.org.au:3000',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/default',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps (priority 400, group rcg-clinic priority 200, policy fwp-clinic) rule csu',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ],
  ],
  ['base.plan', 'internet', '20.5.6.7:443', 'denied', ['source pass internet', 'dnat deny azurerm_firewall.fw']],
  [
    'east-west-firewall',
    'clinic/practice',
    '10.20.2.10:445',
    'allowed',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/admin-via-firewall',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection east-west (priority 450, group rcg-clinic priority 200, policy fwp-clinic) rule smb',
      'route pass azurerm_virtual_network.vnet VNet vnet-clinic',
      'nsg-inbound allow azurerm_network_security_group.admin nsg-admin/AllowVnetInBound (priority 65000)',
      'deliver allow azurerm_subnet.admin admin',
    ],
  ],
  [
    'east-west-firewall',
    'clinic/practice',
    '10.20.2.10:22',
    'denied',
    [
      'source pass azurerm_subnet.practice practice',
      'route pass azurerm_route_table.rt rt-practice/admin-via-firewall',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg network collection east-west (priority 450, group rcg-clinic priority 200, policy fwp-clinic) rule smb',
      'route pass azurerm_virtual_network.vnet VNet vnet-clinic',
      'nsg-inbound deny azurerm_network_security_group.admin nsg-admin/no-ssh (priority 100)',
    ],
  ],
];

describe('trace on one fixture per fact', () => {
  test.each(CASES)('%s: %s → %s is %s', (fixture, from, to, verdict, hops) => {
    const result = traceFixture(fixture, from, to);
    expect(compact(result)).toEqual(hops);
    expect(result.verdict).toBe(verdict);
  });
});

describe('what the hops say', () => {
  test('threat intelligence in Deny mode names the feed it cannot know', () => {
    const hop = traceFixture('threat-intel-deny', 'clinic/practice', 'csu.cherel.org.au:3000').hops[2];
    expect(hop.detail).toBe(
      "threat intelligence in Deny mode: whether csu.cherel.org.au is on Microsoft's feed is unknown",
    );
  });

  test('a Deny by web category is unknown for a vendor host, naming the category', () => {
    const hop = traceFixture('web-category-deny', 'clinic/practice', 'www.cherel.org.au:443').hops[3];
    expect(hop.detail).toContain('whether www.cherel.org.au is in web category Gambling');
  });

  test('an appliance that is not the firewall is not filtered by a firewall clinicnet knows', () => {
    const hop = traceFixture('other-appliance', 'clinic/practice', 'csu.cherel.org.au:991').hops[2];
    expect(hop.detail).toContain('next hop 10.99.0.4 is not the private IP of a firewall clinicnet knows');
  });

  test('a route that may hold a hostname makes the route unknown, naming it', () => {
    const hop = traceFixture('longest-prefix', 'clinic/practice', 'csu.cherel.org.au:991').hops[1];
    expect(hop.detail).toBe('whether csu.cherel.org.au is in 203.0.113.0/24 (route rt-practice/vendor-direct)');
  });

  test('a Standard public IP without an NSG is closed; with one it is what the NSG allows', () => {
    expect(traceFixture('nic-public-ip', 'internet', 'azurerm_public_ip.vm:3389').hops[1].detail).toBe(
      'pip-vm (Standard) on nic-vm, not through the firewall',
    );
  });

  test('a DNAT rule restricted to some sources is unknown from "any internet address"', () => {
    const hop = traceFixture('dnat', 'internet', 'azurerm_public_ip.fw:8443').hops[1];
    expect(hop.detail).toContain('whether the internet source is in 198.51.100.0/24');
  });

  test.each([
    [
      'network-wildcard',
      'csu.cherel.org.au:3000',
      'network rule csu (lumos-ftps) names it by a wildcard, which network rules do not support',
    ],
    [
      'no-dns-proxy',
      'csu.cherel.org.au:3000',
      'network rule csu (lumos-ftps) names it, but FQDNs in network rules need DNS proxy',
    ],
    [
      'fqdn-tag-allow',
      'www.cherel.org.au:443',
      'application rule wu (tags) uses FQDN tags, which hold Microsoft services, never a third-party host',
    ],
    ['base', 'www.cherel.org.au:991', 'application rule cherel (web) names it for Https:443 only'],
  ])('%s: default deny to %s says why a rule naming the host did not match', (fixture, to, note) => {
    const hops = traceFixture(fixture, 'clinic/practice', to).hops;
    expect(hops[hops.length - 1].detail).toContain(`no rule matched: default deny; ${note}`);
  });

  test('a Deny URL rule (TLS inspection) makes its host unknown, never another host', () => {
    const hops = traceFixture('url-deny', 'clinic/practice', 'www.cherel.org.au:443').hops;
    expect(hops[3].detail).toContain('whether the request path matches URL www.cherel.org.au/upload/*');
    expect(traceFixture('url-deny', 'clinic/practice', 'other.cherel.org.au:443').verdict).toBe('allowed');
  });

  test('UDP never reaches application rules', () => {
    expect(traceFixture('base', 'clinic/practice', 'www.cherel.org.au:443', 'udp').verdict).toBe('denied');
  });

  test('the same query twice gives the same object (memoized per model)', () => {
    const read = readTerraformInput(path.join(FIXTURES, 'base.cdk.tf.json'), { dataplane: true });
    const query = {
      from: parseFrom('clinic'),
      to: parseTarget('csu.cherel.org.au:991').to,
      protocol: 'tcp',
      port: 991,
    } as const;
    expect(trace(read.model, query)).toBe(trace(read.model, query));
  });
});
