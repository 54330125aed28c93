// SPDX-License-Identifier: Apache-2.0
import * as path from 'path';
import { unknown } from '../../../lib/model/types';
import { readTerraformInput } from '../../../lib/terraform';
import { hl7Encrypted } from '../../../lib/policy/rules/hl7-encrypted';
import type { DataPlane } from '../../../lib/model/dataplane';
import { dataplaneSite, editRule, withPlane } from './dataplane-site';
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

/** With the data plane read, the path decides: fixtures of test/fixtures/dataplane. */
describe('hl7-encrypted by path', () => {
  /** The fixture's clinic with one clear-text MLLP flow from practice (10.20.1.0/24) added to its rules. */
  const withMllp = (fixture: string, patch: Parameters<typeof egress>[0], edit = (p: DataPlane) => p) => {
    const s = withPlane(dataplaneSite(fixture), edit);
    return { ...s, egress: [...s.egress, mllp({ sources: ['10.20.1.0/24'], ...patch })] };
  };
  /** The base fixture's network rule csu (TCP 991, 3000-3010 to csu.cherel.org.au) also on `ports`. */
  const csuOn = (ports: string[]) => editRule('csu', { ports });

  test('compliant: MLLP through the VPN tunnel, or delivered inside the estate', () => {
    expect(rule.check(withMllp('vpn.cdk.tf.json', { addresses: ['192.168.50.10'] }))).toEqual([]);
    expect(rule.check(withMllp('base.cdk.tf.json', { addresses: ['10.20.1.50'] }))).toEqual([]);
  });

  test('non-compliant: MLLP the firewall allows out to the internet, named by where it leaves', () => {
    const [result, ...rest] = rule.check(
      withMllp('base.cdk.tf.json', { fqdns: ['csu.cherel.org.au'] }, csuOn(['2575'])),
    );
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      kind: 'violation',
      problem: 'rule hl7 sends clear-text HL7 (MLLP) over the internet',
      got: 'MLLP to csu.cherel.org.au leaves the estate by snat (azurerm_firewall.fw) on TCP 2575 from practice, not through a VPN tunnel',
    });
  });

  test('a declared VPN link is not taken at its word: the path leaves by the firewall', () => {
    const declared = withMllp('base.cdk.tf.json', { fqdns: ['csu.cherel.org.au'], viaVpn: 'link' }, csuOn(['2575']));
    expect(rule.kinds(declared)).toEqual(['violation estate/clinic/firewall/hl7']);
  });

  test('a blocked path sends nothing: the firewall has no rule for 2575', () => {
    expect(rule.check(withMllp('base.cdk.tf.json', { fqdns: ['csu.cherel.org.au'] }))).toEqual([]);
  });

  test('unknown: a next hop that is no known firewall, or an unresolved destination', () => {
    const [appliance] = rule.check(withMllp('other-appliance.cdk.tf.json', { fqdns: ['csu.cherel.org.au'] }));
    expect(appliance).toMatchObject({ kind: 'unknown', problem: 'path of MLLP rule hl7 could not be evaluated' });
    expect(appliance.got).toContain('is not the private IP of a firewall clinicnet knows');
    const vague = withMllp('vpn.cdk.tf.json', { addresses: ['192.168.50.10', unknown('var.lab')] });
    expect(rule.check(vague)).toMatchObject([{ kind: 'unknown', got: 'unknown (var.lab)' }]);
  });

  test('boundary: the tunnel carries its remote prefix only; 2575 inside a port range is traced', () => {
    const last = withMllp('vpn.cdk.tf.json', { addresses: ['192.168.50.255'] });
    expect(rule.check(last)).toEqual([]);
    const range = withMllp(
      'base.cdk.tf.json',
      { fqdns: ['csu.cherel.org.au'], appProtocol: 'other', ports: ['2570-2580'] },
      csuOn(['2575']),
    );
    expect(rule.kinds(range)).toEqual(['violation estate/clinic/firewall/hl7']);
    const below = withMllp(
      'base.cdk.tf.json',
      { fqdns: ['csu.cherel.org.au'], appProtocol: 'other', ports: ['2574'] },
      csuOn(['2574']),
    );
    expect(rule.check(below)).toEqual([]);
  });
});

describe('hl7-encrypted with a data plane that holds no workload subnet', () => {
  test('a plan of the policy alone is judged by its rule texts: clear-text MLLP to a public address is a violation', () => {
    const read = readTerraformInput(path.join(__dirname, '..', '..', 'fixtures', 'plans', 'hl7-mllp-clear.json'), {
      dataplane: true,
    });
    const plane = read.model.sites[0].dataplane;
    expect(plane?.subnets.filter((s) => s.role === 'workload')).toEqual([]);
    expect(rule.check(...read.model.sites).map((r) => `${r.kind} ${r.got}`)).toEqual([
      'violation MLLP to 198.51.100.20',
    ]);
  });
});
