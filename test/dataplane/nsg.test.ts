// SPDX-License-Identifier: Apache-2.0
/** NSG evaluation: priority order, default rules, unknowns that could change the decision. */
import type { Nsg, NsgRule } from '../../lib/model/dataplane';
import { Cidr } from '../../lib/net/cidr';
import { evaluateNsg } from '../../lib/dataplane/nsg';
import type { Packet } from '../../lib/dataplane/nsg';

const vnet = [Cidr.parse('10.20.0.0/16')];
const packet: Packet = {
  source: { kind: 'range', range: Cidr.parse('10.20.1.0/24') },
  destination: { kind: 'range', range: Cidr.parse('203.0.113.5/32') },
  protocol: 'tcp',
  port: 991,
};
const rule = (over: Partial<NsgRule>): NsgRule => ({
  name: 'r',
  address: 'azurerm_network_security_rule.r',
  priority: 200,
  direction: 'Outbound',
  access: 'Deny',
  protocol: 'Tcp',
  sources: ['*'],
  destinations: ['*'],
  sourcePorts: ['*'],
  destinationPorts: ['991'],
  ...over,
});
const nsg = (...rules: NsgRule[]): Nsg => ({ name: 'nsg', address: 'azurerm_network_security_group.nsg', rules });
const decide = (n: Nsg) => {
  const o = evaluateNsg(n, 'Outbound', packet, vnet);
  return [o.decision, o.by?.label];
};

describe('evaluateNsg', () => {
  test('the lowest priority number decides; inbound rules play no part outbound', () => {
    expect(
      decide(
        nsg(
          rule({ name: 'late-allow', priority: 300, access: 'Allow' }),
          rule({ name: 'deny', priority: 200 }),
          rule({ name: 'in', priority: 100, access: 'Allow', direction: 'Inbound' }),
        ),
      ),
    ).toEqual(['deny', 'nsg/deny (priority 200)']);
  });

  test('no own rule matches: AllowInternetOutBound to a public address', () => {
    expect(decide(nsg(rule({ destinationPorts: ['22'] })))).toEqual([
      'allow',
      'nsg/AllowInternetOutBound (priority 65001)',
    ]);
  });

  test('a rule for some source ports may or may not match an ephemeral client port', () => {
    const [decision] = decide(nsg(rule({ sourcePorts: ['1024-65535'] })));
    expect(decision).toBe('unknown');
  });

  test('an unknown priority matters only when the rule would decide differently', () => {
    expect(decide(nsg(rule({ priority: { unknown: 'var.p' }, access: 'Allow' })))[0]).toBe('allow');
    expect(decide(nsg(rule({ priority: { unknown: 'var.p' } })))[0]).toBe('unknown');
  });

  test('a rule that may match and decides like the rest does not make the answer unknown', () => {
    const maybe = rule({ name: 'maybe', destinations: [{ unknown: 'var.dst' }], access: 'Allow', priority: 100 });
    expect(decide(nsg(maybe))[0]).toBe('allow');
    expect(decide(nsg({ ...maybe, access: 'Deny' }))).toEqual(['unknown', 'nsg/maybe (priority 100)']);
  });
});
