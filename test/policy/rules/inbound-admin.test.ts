// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { inboundAdmin } from '../../../lib/policy/rules/inbound-admin';
import { dataplaneSite, editRule, withPlane } from './dataplane-site';
import { ruleTester, site } from './rule-tester';

const rule = ruleTester(inboundAdmin);

describe('inbound-admin', () => {
  test('compliant: no public entry, or no data plane read, is nothing to report', () => {
    expect(rule.kinds(dataplaneSite('base.cdk.tf.json'))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test('a NIC public IP whose NSG allows RDP from * is an error naming the NSG rule', () => {
    const [result] = rule.check(dataplaneSite('nic-public-ip.cdk.tf.json'));
    expect(result).toMatchObject({
      kind: 'violation',
      path: 'azurerm_network_security_group.vm',
      ruleName: 'rdp',
      problem: 'administrative port 3389 reachable from the internet',
    });
    expect(result.got).toBe(
      'TCP 3389 on pip-vm by NIC public IP rdp from any, NSG nsg-vm/rdp (priority 100) (azurerm_network_security_group.vm)',
    );
  });

  test('the same NIC behind an NSG that allows only HTTPS is compliant', () => {
    const https = withPlane(dataplaneSite('nic-public-ip.cdk.tf.json'), (plane) => {
      plane.nsgs[0].rules[0] = { ...plane.nsgs[0].rules[0], destinationPorts: ['443'] };
      return plane;
    });
    expect(rule.kinds(https)).toEqual([]);
  });

  test('DNAT to 3389 behind another outside port, from 0.0.0.0/1 + 128.0.0.0/1 (= any), is an error; a reason does not help', () => {
    const results = rule.check(dataplaneSite('inbound-admin-dnat.cdk.tf.json'));
    expect(results.map((r) => `${r.kind} ${r.ruleName ?? ''} ${r.got}`)).toEqual([
      'violation rdp-support TCP 50000 → 3389 on pip-fw by DNAT rule rdp-support from any',
    ]);
    expect(results[0].path).toBe('azurerm_firewall_policy_rule_collection_group.rcg');
  });

  test('a DNAT whose sources are all private is not internet inbound; opening them to the internet is', () => {
    const open = withPlane(
      dataplaneSite('inbound-admin-dnat.cdk.tf.json'),
      editRule('ssh-from-hq', { sources: ['Internet'] }),
    );
    expect(rule.check(open).map((r) => r.ruleName)).toEqual(['rdp-support', 'ssh-from-hq']);
  });

  test('a DNAT limited to some public senders still exposes the port to them', () => {
    const some = withPlane(
      dataplaneSite('inbound-admin-dnat.cdk.tf.json'),
      editRule('rdp-support', { sources: ['198.51.100.0/24'] }),
    );
    const [result] = rule.check(some);
    expect(result).toMatchObject({ kind: 'violation', ruleName: 'rdp-support' });
    expect(result.got).toContain('from 198.51.100.0/24');
  });

  test('unknown: sources that cannot be known before apply are reported, never assumed closed', () => {
    const vague = withPlane(
      dataplaneSite('inbound-admin-dnat.cdk.tf.json'),
      editRule('rdp-support', { sources: [unknown('var.support_sources')] }),
    );
    const [result] = rule.check(vague);
    expect(result.kind).toBe('unknown');
    expect(result.got).toContain('var.support_sources');
  });

  test('a Basic public IP with no NSG is open on every port: every admin port is reported once', () => {
    const basic = withPlane(dataplaneSite('nic-public-ip.cdk.tf.json'), (plane) => ({
      ...plane,
      nsgs: [],
      nics: plane.nics.map((n) => ({ ...n, nsg: undefined })),
      publicIps: plane.publicIps.map((p) => (p.name === 'pip-vm' ? { ...p, sku: 'Basic' } : p)),
    }));
    expect(rule.check(basic).map((r) => r.got.split(' on ')[0])).toEqual([
      'TCP 22',
      'TCP 135',
      'TCP 445',
      'TCP 1433',
      'TCP 3389',
      'TCP 5900',
      'TCP 5985',
      'TCP 5986',
    ]);
  });
});
