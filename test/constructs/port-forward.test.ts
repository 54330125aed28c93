// SPDX-License-Identifier: Apache-2.0
import { PortForward, type PortForwardProps } from '../../lib/constructs';
import { decodeAnnotations } from '../../lib/model/encoding';
import { Cidr } from '../../lib/net/cidr';
import { Port } from '../../lib/net/port';
import { collectionOf, onlyRuleCollectionGroup, synth, testClinic } from './util';
import { modelOf } from './read-back';

const custo: PortForwardProps = {
  externalPort: Port.tcp(8443),
  internalAddress: '10.1.1.20',
  sources: [Cidr.parse('198.51.100.0/28')],
  reason: 'custo diagnostic senders upload recordings',
  requirement: 'CUSTO-INBOUND-PORT',
};

describe('PortForward: DNAT on the firewall', () => {
  test('emits a DNAT rule to the firewall public IP with the listed sources', () => {
    const { site } = testClinic();
    new PortForward(site, 'custo-diagnostics', custo);
    const group = onlyRuleCollectionGroup(synth(site));
    expect(group).toMatchObject({ name: 'rcg-inbound', priority: 100 });
    const collection = collectionOf(group, 'nat');
    expect(collection).toMatchObject({ name: 'inbound-dnat', action: 'Dnat', priority: 110 });
    expect(collection.rule[0]).toMatchObject({
      name: 'custo-diagnostics',
      protocols: ['TCP'],
      source_addresses: ['198.51.100.0/28'],
      destination_address: '${azurerm_public_ip.firewall-ip.ip_address}',
      destination_ports: ['8443'],
      translated_address: '10.1.1.20',
      translated_port: 8443,
    });
    expect(decodeAnnotations(collection.rule[0].description)).toEqual({
      req: 'CUSTO-INBOUND-PORT',
      reason: 'custo diagnostic senders upload recordings',
    });
  });

  test('records the forward; it listens on the firewall public IP, known by identity', () => {
    const { site } = testClinic();
    new PortForward(site, 'custo-diagnostics', { ...custo, sources: 'any', internalPort: Port.tcp(18443) });
    expect(modelOf(site).inbound).toEqual([
      expect.objectContaining({
        name: 'custo-diagnostics',
        protocol: 'tcp',
        externalPort: '8443',
        internalPort: '18443',
        destination: { ref: 'azurerm_public_ip.firewall-ip' },
        sources: ['*'],
        reason: 'custo diagnostic senders upload recordings',
      }),
    ]);
  });

  test('synthesizes byte-identically, and the DNAT rules do not depend on the order they were declared in', () => {
    const build = (order: string[]) => {
      const { site } = testClinic();
      const forwards: Record<string, PortForwardProps> = {
        'custo-diagnostics': custo,
        'pacs-upload': {
          ...custo,
          externalPort: Port.tcp(4242),
          internalAddress: '10.1.1.30',
          reason: 'imaging partner pushes DICOM studies',
        },
      };
      for (const name of order) new PortForward(site, name, forwards[name]);
      return synth(site);
    };
    const first = build(['custo-diagnostics', 'pacs-upload']);
    expect(build(['custo-diagnostics', 'pacs-upload'])).toBe(first);
    const group = onlyRuleCollectionGroup;
    expect(group(build(['pacs-upload', 'custo-diagnostics'])).nat_rule_collection).toEqual(
      group(first).nat_rule_collection,
    );
    expect(collectionOf(group(first), 'nat').rule.map((r) => r.name)).toEqual(['custo-diagnostics', 'pacs-upload']);
  });

  const bad: [string, Partial<PortForwardProps>, RegExp][] = [
    [
      'a short reason',
      { reason: 'custo' },
      /\[FORWARD-INVALID\] invalid port forward "f" — got reason "custo", expected a reason of at least 10 characters/,
    ],
    [
      'a port range',
      { externalPort: Port.tcpRange(8000, 8010) },
      /got externalPort TCP 8000-8010, expected one TCP or UDP port/,
    ],
    [
      'a hostname as internal address',
      { internalAddress: 'server.local' },
      /got internalAddress "server.local", expected a private IP address/,
    ],
    [
      'an address outside the site',
      { internalAddress: '10.9.9.9' },
      /got internalAddress 10.9.9.9, expected an address in a workload subnet of site clinic/,
    ],
    ['no sources', { sources: [] }, /got an empty source list/],
    [
      'an internal port of another protocol',
      { internalPort: Port.udp(8443) },
      /got internalPort UDP 8443, expected one TCP port/,
    ],
  ];
  test.each(bad)('rejects %s', (_, overrides, message) => {
    const { site } = testClinic();
    expect(() => new PortForward(site, 'f', { ...custo, ...overrides })).toThrow(message);
    expect(modelOf(site).inbound).toEqual([]);
  });
});
