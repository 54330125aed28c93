// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { inboundDeclared } from '../../../lib/policy/rules/inbound-declared';
import { dataplaneSite, withPlane } from './dataplane-site';
import { forward, ruleTester, site } from './rule-tester';

const rule = ruleTester(inboundDeclared);

describe('inbound-declared', () => {
  test('a forward with a reason passes; no forwards, nothing to say', () => {
    expect(rule.kinds(site({ inbound: [forward({ reason: 'custo evaluation centre' })] }))).toEqual([]);
    expect(rule.kinds(site())).toEqual([]);
  });

  test('a forward without a reason is a violation', () => {
    const [result] = rule.check(site({ inbound: [forward({ reason: undefined })] }));
    expect(result).toMatchObject({
      kind: 'violation',
      path: 'estate/clinic/firewall/fwd',
      got: 'tcp 8443 with no reason',
    });
  });

  test.each([[''], ['   '], ['\t\n']])('a reason of only whitespace (%j) is no reason', (reason) => {
    expect(rule.kinds(site({ inbound: [forward({ reason })] }))).toEqual(['violation estate/clinic/firewall/fwd']);
  });

  test('an unresolved external port is shown as unknown in the message, the forward still judged by its reason', () => {
    const [result] = rule.check(site({ inbound: [forward({ reason: undefined, externalPort: unknown('var.port') })] }));
    expect(result.got).toBe('tcp unknown (var.port) with no reason');
    expect(rule.kinds(site({ inbound: [forward({ externalPort: unknown('var.port') })] }))).toEqual([]);
  });

  test('a forward whose sources are all private is not internet inbound, reason or not', () => {
    expect(
      rule.kinds(site({ inbound: [forward({ reason: undefined, sources: ['10.0.0.0/8', '192.168.1.0/24'] })] })),
    ).toEqual([]);
    expect(rule.kinds(site({ inbound: [forward({ reason: undefined, sources: ['10.0.0.0/8', '8.8.8.8'] })] }))).toEqual(
      ['violation estate/clinic/firewall/fwd'],
    );
  });

  test('data plane: a NIC public IP open to the internet is an undeclared inbound path, with its NSG rule', () => {
    const results = rule.check(dataplaneSite('nic-public-ip.cdk.tf.json'));
    expect(results.map((r) => `${r.kind} ${r.path} ${r.got}`)).toEqual([
      'violation azurerm_network_security_group.vm TCP 3389 on pip-vm by NIC public IP rdp from any, NSG nsg-vm/rdp (priority 100) (azurerm_network_security_group.vm)',
    ]);
  });

  test('data plane: DNAT rules read as forwards are judged by their reason, and a plain description is one', () => {
    // Each DNAT rule of the fixture has a description, which plain Terraform uses as the forward's reason.
    expect(rule.check(dataplaneSite('inbound-admin-dnat.cdk.tf.json')).map((r) => r.problem)).toEqual([]);
    expect(rule.kinds(dataplaneSite('base.cdk.tf.json'))).toEqual([]);
  });

  test('data plane: an application gateway listener and a load-balancer rule are inbound paths', () => {
    const kinds = rule
      .check(dataplaneSite('inbound-paths.cdk.tf.json'))
      .map((r) => `${r.kind} ${r.got.split(' from ')[0]}`);
    expect(kinds).toEqual([
      'violation TCP 50001 → 22 on pip-lb by load-balancer rule ssh',
      'violation TCP 443 on pip-agw by application gateway listener portal',
    ]);
  });

  test('data plane unknown: an NSG rule whose action is unknown leaves the path undecided, reported as unknown', () => {
    const vague = withPlane(dataplaneSite('nic-public-ip.cdk.tf.json'), (plane) => ({
      ...plane,
      nsgs: plane.nsgs.map((n) => ({
        ...n,
        rules: n.rules.map((r) => ({ ...r, access: unknown('var.rdp_access') })),
      })),
    }));
    const [result] = rule.check(vague);
    expect(result.kind).toBe('unknown');
    expect(result.got).toBe('unknown (the action of nsg-vm/rdp (priority 100) is unknown)');
    expect(result.path).toBe('azurerm_network_security_group.vm');
  });
});
