// SPDX-License-Identifier: Apache-2.0
import type { Maybe, Site, VpnLink } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { vpnPeersMatch } from '../../../lib/policy/rules/vpn-peers-match';
import { egress, ruleTester, site, vpnLink } from './rule-tester';

const rule = ruleTester(vpnPeersMatch);

/** The hub's end of a link to `clinic` (hub 10.10.0.0/16, clinic 10.20.0.0/16). */
function hubEnd(patch: Partial<VpnLink> = {}): VpnLink {
  return vpnLink({
    name: 'cn-hub-to-clinic',
    path: 'estate/hub/to-clinic',
    address: 'azurerm_virtual_network_gateway_connection.to-clinic',
    remote: {
      name: 'lng-hub-to-clinic',
      address: 'azurerm_local_network_gateway.c',
      prefixes: ['10.20.0.0/16'],
      site: 'clinic',
    },
    localPrefixes: ['10.10.0.0/16'],
    ...patch,
  });
}

/** The clinic's end of the same link. */
function clinicEnd(patch: Partial<VpnLink> = {}): VpnLink {
  return vpnLink({
    name: 'cn-clinic-to-hub',
    path: 'estate/clinic/to-hub',
    address: 'azurerm_virtual_network_gateway_connection.to-hub',
    remote: {
      name: 'lng-clinic-to-hub',
      address: 'azurerm_local_network_gateway.h',
      prefixes: ['10.10.0.0/16'],
      site: 'hub',
    },
    localPrefixes: ['10.20.0.0/16'],
    ...patch,
  });
}

const hub = (links: VpnLink[], patch: Partial<Site> = {}) =>
  site({ name: 'hub', kind: 'hub', path: 'estate/hub', vpnLinks: links, ...patch });
const clinic = (links: VpnLink[], patch: Partial<Site> = {}) => site({ vpnLinks: links, ...patch });

/** An HL7 flow from the clinic to `addresses` over its link to the hub. */
const hl7 = (addresses: Maybe<string>[], patch = {}) =>
  egress({
    name: 'hl7',
    fqdns: [],
    addresses,
    ports: ['2575'],
    appProtocol: 'mllp',
    viaVpn: 'cn-clinic-to-hub',
    ...patch,
  });

describe('vpn-peers-match (BASE-VPN-PEERS-MATCH)', () => {
  test('compliant: both ends exist, mirror each other and agree; a flow to the far end passes', () => {
    expect(
      rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['10.10.1.10/32', '10.10.2.0/24'])] })),
    ).toEqual([]);
  });

  test('a link to an external LAN (no estate site) has no far end to compare', () => {
    expect(rule.kinds(clinic([vpnLink()]))).toEqual([]);
  });

  test('a link declared on one side only is a violation on the end that exists', () => {
    const results = rule.check(hub([]), clinic([clinicEnd()]));
    expect(results).toEqual([
      expect.objectContaining({
        kind: 'violation',
        path: 'estate/clinic/to-hub',
        site: 'clinic',
        problem: 'VPN link cn-clinic-to-hub is declared on one side only',
        got: 'no link at hub',
        expected: 'a link back from hub to clinic',
      }),
    ]);
  });

  test('a link back to a third site does not count as the far end', () => {
    const elsewhere = hubEnd({ remote: { ...hubEnd().remote, site: 'other' } });
    expect(rule.kinds(hub([elsewhere]), clinic([clinicEnd()]))).toContain('violation estate/clinic/to-hub');
  });

  test('the far site missing from the input is unknown, never a pass', () => {
    const [result] = rule.check(clinic([clinicEnd()]));
    expect(result).toMatchObject({ kind: 'unknown', got: 'unknown (site hub is not in this input)' });
  });

  test('prefixes that do not mirror the far side: missing and extra ranges are named, per end', () => {
    const results = rule.check(
      hub([hubEnd()]),
      clinic([clinicEnd({ remote: { ...clinicEnd().remote, prefixes: ['10.10.0.0/17', '10.99.0.0/24'] } })]),
    );
    expect(results).toEqual([
      expect.objectContaining({
        kind: 'violation',
        path: 'estate/clinic/to-hub',
        problem: "VPN link cn-clinic-to-hub does not mirror hub's prefixes",
        got: '10.10.0.0/17, 10.99.0.0/24; missing 10.10.0.0/16; not at hub: 10.10.0.0/17, 10.99.0.0/24',
      }),
    ]);
  });

  test('boundary: a remote prefix written as a bare address or with spaces equals its canonical form', () => {
    const hubSingle = hubEnd({ remote: { ...hubEnd().remote, prefixes: [' 10.20.0.0/16'] } });
    expect(rule.kinds(hub([hubSingle]), clinic([clinicEnd()]))).toEqual([]);
    const host = hubEnd({ remote: { ...hubEnd().remote, prefixes: ['10.20.0.5'] }, localPrefixes: ['10.10.0.0/16'] });
    const clinicHost = clinicEnd({ localPrefixes: ['10.20.0.5/32'] });
    expect(rule.kinds(hub([host]), clinic([clinicHost]))).toEqual([]);
  });

  test('unknown prefixes on either end are unknown results', () => {
    const results = rule.check(hub([hubEnd({ localPrefixes: [unknown('var.hub_space')] })]), clinic([clinicEnd()]));
    expect(results.map((r) => `${r.kind} ${r.path} ${r.got}`)).toEqual([
      'unknown estate/clinic/to-hub unknown (var.hub_space)',
    ]);
  });

  test('different IPsec settings are one violation per setting, reported once per pair', () => {
    const weaker = hubEnd({ ipsec: { ...clinicEnd().ipsec!, dhGroup: 'DHGroup2', pfsGroup: 'None' } });
    const results = rule.check(hub([weaker]), clinic([clinicEnd()]));
    expect(results.map((r) => [r.kind, r.path, r.problem, r.got])).toEqual([
      [
        'violation',
        'estate/clinic/to-hub',
        'the two ends of VPN link clinic/cn-clinic-to-hub and hub/cn-hub-to-clinic differ in dhGroup',
        'DHGroup14 and DHGroup2',
      ],
      [
        'violation',
        'estate/clinic/to-hub',
        'the two ends of VPN link clinic/cn-clinic-to-hub and hub/cn-hub-to-clinic differ in pfsGroup',
        'PFS2048 and None',
      ],
    ]);
  });

  test("boundary: SA lifetimes may differ (Azure treats them as local); Azure's default policy on both ends agrees", () => {
    const longer = hubEnd({ ipsec: { ...clinicEnd().ipsec!, saLifetimeSeconds: 3600 } });
    expect(
      rule.kinds(hub([longer]), clinic([clinicEnd({ ipsec: { ...clinicEnd().ipsec!, saLifetimeSeconds: 27000 } })])),
    ).toEqual([]);
    expect(rule.kinds(hub([hubEnd({ ipsec: undefined })]), clinic([clinicEnd({ ipsec: undefined })]))).toEqual([]);
  });

  test("a custom policy facing Azure's default, a different IKE version, BGP on one end or a key on one end only are violations", () => {
    const results = rule.check(
      hub([hubEnd({ ipsec: undefined, protocol: 'IKEv1', bgp: { enabled: true }, sharedKey: { source: 'none' } })]),
      clinic([clinicEnd()]),
    );
    expect(results.map((r) => `${r.problem.replace(/.* differ in /, '')}: ${r.got}`)).toEqual([
      'IKE version: IKEv2 and IKEv1',
      'BGP setting: static routing and BGP',
      "IPsec/IKE policy: a custom policy and Azure's default policy",
      'shared key presence: a shared key and no shared key',
    ]);
  });

  test('an unknown IPsec setting is unknown, not equal', () => {
    const results = rule.check(
      hub([hubEnd({ ipsec: { ...hubEnd().ipsec!, ikeEncryption: unknown('var.ike') } })]),
      clinic([clinicEnd()]),
    );
    expect(results.map((r) => [r.kind, r.problem, r.got])).toEqual([
      [
        'unknown',
        'ikeEncryption of VPN link clinic/cn-clinic-to-hub and hub/cn-hub-to-clinic could not be evaluated',
        'unknown (var.ike)',
      ],
    ]);
  });

  test('a flow over the link to an address outside its remote prefixes is a violation naming the address', () => {
    const results = rule.check(
      hub([hubEnd()]),
      clinic([clinicEnd()], { egress: [hl7(['10.10.1.10/32', '10.11.0.5'])] }),
    );
    expect(results).toEqual([
      expect.objectContaining({
        kind: 'violation',
        path: 'estate/clinic/firewall/hl7',
        ruleName: 'hl7',
        problem: "flow hl7 over cn-clinic-to-hub leaves the link's prefixes",
        got: '10.11.0.5',
      }),
    ]);
  });

  test('boundary: a destination equal to the whole remote prefix passes; one a bit wider does not; any address does not', () => {
    expect(rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['10.10.0.0/16'])] }))).toEqual([]);
    expect(rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['10.10.0.0/15'])] }))).toEqual([
      'violation estate/clinic/firewall/hl7',
    ]);
    expect(rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['*'])] }))).toEqual([
      'violation estate/clinic/firewall/hl7',
    ]);
  });

  test("an arrival over the link (destinations at this end) needs the far end's sources", () => {
    const arrival = (sources: string[]) =>
      egress({ name: 'from-hub', fqdns: [], addresses: ['10.20.1.10/32'], sources, viaVpn: 'cn-clinic-to-hub' });
    expect(rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [arrival(['10.10.1.0/24'])] }))).toEqual([]);
    const [result] = rule.check(hub([hubEnd()]), clinic([clinicEnd()], { egress: [arrival(['10.30.1.0/24'])] }));
    expect(result).toMatchObject({ kind: 'violation', got: 'source 10.30.1.0/24' });
  });

  test('a flow over a link the site does not have is a violation; a Deny flow is not judged', () => {
    expect(
      rule.check(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['10.10.1.10/32'], { viaVpn: 'cn-gone' })] })),
    ).toEqual([
      expect.objectContaining({
        kind: 'violation',
        got: 'link cn-gone',
        expected: "one of the site's links (cn-clinic-to-hub)",
      }),
    ]);
    expect(
      rule.kinds(hub([hubEnd()]), clinic([clinicEnd()], { egress: [hl7(['8.8.8.8/32'], { action: 'Deny' })] })),
    ).toEqual([]);
  });

  test('unknown destinations or hostnames over a link are unknown', () => {
    const results = rule.check(
      hub([hubEnd()]),
      clinic([clinicEnd()], {
        egress: [hl7([unknown('var.engine')]), hl7([], { name: 'by-name', fqdns: ['engine.hub.example'] })],
      }),
    );
    expect(results.map((r) => `${r.kind} ${r.got}`)).toEqual([
      'unknown unknown (var.engine)',
      'unknown unknown (hostnames: where they resolve is known only at run time)',
    ]);
  });
});
