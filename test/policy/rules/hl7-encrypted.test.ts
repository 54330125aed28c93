// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { hl7Encrypted } from '../../../lib/policy/rules/hl7-encrypted';
import { egress, ruleTester, site, subnet, vnet, vpnLink } from './rule-tester';

const rule = ruleTester(hl7Encrypted);
const mllp = (patch: Parameters<typeof egress>[0]) =>
  egress({ name: 'hl7', appProtocol: 'mllp', fqdns: [], ports: ['2575'], ...patch });
const clinic = (flows: ReturnType<typeof egress>[], patch = {}) =>
  site({ vnets: [vnet([subnet()])], egress: flows, ...patch });

describe('hl7-encrypted', () => {
  test('clear MLLP to an estate address passes', () => {
    expect(rule.kinds(clinic([mllp({ addresses: ['10.1.1.20'] })]))).toEqual([]);
  });

  test('clear MLLP over a VPN link passes, even to an outside host', () => {
    expect(rule.kinds(clinic([mllp({ fqdns: ['lab.example.org'], viaVpn: 'link' })]))).toEqual([]);
  });

  test('the same flow without the VPN link is a violation', () => {
    const [result] = rule.check(clinic([mllp({ fqdns: ['lab.example.org'] })]));
    expect(result).toMatchObject({ kind: 'violation', got: 'MLLP to lab.example.org' });
  });

  test('an address reached over a VPN link counts as inside the estate', () => {
    const linked = clinic([mllp({ addresses: ['192.168.10.5'] })], { vpnLinks: [vpnLink()] });
    expect(rule.kinds(linked)).toEqual([]);
    expect(rule.kinds(clinic([mllp({ addresses: ['192.168.10.5'] })]))).toEqual([
      'violation estate/clinic/firewall/hl7',
    ]);
  });

  test('MLLP to "anywhere" is outside the estate', () => {
    expect(rule.kinds(clinic([mllp({ addresses: ['0.0.0.0/0'] })]))).toEqual(['violation estate/clinic/firewall/hl7']);
  });

  test('an unresolved destination is unknown; TLS-wrapped MLLP and Deny rules are not judged', () => {
    expect(rule.kinds(clinic([mllp({ addresses: [unknown('var.lab')] })]))).toEqual([
      'unknown estate/clinic/firewall/hl7',
    ]);
    expect(rule.kinds(clinic([mllp({ fqdns: ['lab.example.org'], appProtocol: 'mllp-tls' })]))).toEqual([]);
    expect(rule.kinds(clinic([mllp({ fqdns: ['lab.example.org'], action: 'Deny' })]))).toEqual([]);
  });

  test('TCP 2575 with no declared application protocol is MLLP; declared TLS, another protocol or UDP is not', () => {
    const out = { fqdns: ['lab.example.org'] };
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'other' })]))).toEqual([
      'violation estate/clinic/firewall/hl7',
    ]);
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'other', ports: ['2000-3000'] })]))).toEqual([
      'violation estate/clinic/firewall/hl7',
    ]);
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'mllp-tls' })]))).toEqual([]);
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'https' })]))).toEqual([]);
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'other', protocol: 'udp' })]))).toEqual([]);
    expect(rule.kinds(clinic([mllp({ ...out, appProtocol: 'other', ports: ['443'] })]))).toEqual([]);
  });

  test('an undeclared flow to 2575 over a VPN link passes; to an unresolved host it is unknown', () => {
    expect(rule.kinds(clinic([mllp({ fqdns: ['lab.example.org'], appProtocol: 'other', viaVpn: 'link' })]))).toEqual(
      [],
    );
    expect(rule.kinds(clinic([mllp({ fqdns: [unknown('var.lab')], appProtocol: 'other' })]))).toEqual([
      'unknown estate/clinic/firewall/hl7',
    ]);
  });
});
