// SPDX-License-Identifier: Apache-2.0
/**
 * CUSTO-MODE by path: with the data plane read, a custo sender reaches its centre's SSL port
 * through the VPN tunnel (mode vpn) or the centre's port forward (mode port-forward).
 * Small estates built with the constructs and read back with their data planes.
 */
import type { ClinicEstate } from '../../../lib/constructs/clinic-estate';
import type { ClinicSite } from '../../../lib/constructs/clinic-site';
import { SharedKey } from '../../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../../lib/constructs/site-to-site-vpn';
import type { NetworkModel } from '../../../lib/model/types';
import { Cidr } from '../../../lib/net/cidr';
import { Fqdn } from '../../../lib/net/fqdn';
import { Port } from '../../../lib/net/port';
import { custoMode } from '../../../lib/policy/rules/custo-mode';
import { readBack } from '../../constructs/read-back';
import { clinic, custoForward, newEstate } from '../util';
import { ruleTester } from './rule-tester';

const rule = ruleTester(custoMode);
const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme',
  secretName: 'custo-psk',
});

/** The estate synthesized as the gate stages it and read back with its data planes. */
const readWithPlanes = (estate: ClinicEstate): NetworkModel => readBack(estate, { dataplane: true }).model;

/** The rule's results for the sender `gp-north` (the model holds every site, as the engine's does). */
const senderResults = (model: NetworkModel) => {
  const sender = model.sites.find((s) => s.name === 'gp-north');
  if (sender === undefined) throw new Error('no sender');
  return rule.check(...model.sites).filter((r) => r.problem.startsWith('custo sender') || r.problem.startsWith('path'));
};

/**
 * Centre `cardiology` (10.5.0.0/16) and sender `gp-north` (10.6.0.0/16) joined by VPN; `allow`
 * adds the sender's rule to the centre; `admin` gives the sender a second workload subnet
 * with a rule of its own (to a web host), the custo rule staying on `clinical`.
 */
function vpnGroup(allow?: { address: string; port: number }, admin = false): NetworkModel {
  const estate = newEstate();
  const centre = clinic(estate, 'cardiology', 5, ['custo'], { vendor: { custo: { role: 'centre', mode: 'vpn' } } });
  centre.allowVendor('custo');
  const sender = clinic(estate, 'gp-north', 6, ['custo'], {
    vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'cardiology' } },
    ...(admin && {
      workloadSubnets: [
        { name: 'clinical', prefix: Cidr.parse('10.6.1.0/24') },
        { name: 'admin', prefix: Cidr.parse('10.6.2.0/24') },
      ],
    }),
  });
  if (admin)
    sender.allowEgress({
      name: 'admin-web',
      fqdns: [Fqdn.parse('www.example.org')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'administration web site',
      sourceSubnets: ['admin'],
    });
  new SiteToSiteVpn(centre, 'to-gp-north', { remote: { site: sender }, sharedKey: KEY });
  const link = new SiteToSiteVpn(sender, 'to-cardiology', { remote: { site: centre }, sharedKey: KEY });
  if (allow !== undefined)
    sender.allowEgressToAddresses({
      name: 'custo-to-centre',
      addresses: [Cidr.parse(`${allow.address}/32`)],
      ports: [Port.tcp(allow.port)],
      app: 'https',
      purpose: 'custo recordings to the centre',
      requirement: 'CUSTO-MODE',
      viaVpn: link,
      ...(admin && { sourceSubnets: ['clinical'] }),
    });
  return readWithPlanes(estate);
}

/**
 * A forwarding centre (8443 → 10.5.1.10 when `forward`) and a port-forward sender naming it;
 * with `byName`, the sender allows TCP 8443 to the centre's DynDNS name.
 */
function forwardGroup(forward: boolean, byName = false): NetworkModel {
  const estate = newEstate();
  const centre: ClinicSite = clinic(estate, 'cardiology', 5, ['custo'], {
    vendor: { custo: { role: 'centre', mode: 'port-forward' } },
  });
  centre.allowVendor('custo');
  if (forward) custoForward(centre);
  const sender = clinic(estate, 'gp-north', 6, ['custo'], {
    vendor: { custo: { role: 'sender', mode: 'port-forward', centre: 'cardiology' } },
  });
  if (byName)
    sender.allowEgress({
      name: 'custo-to-centre',
      fqdns: [Fqdn.parse('cardiology.customed.de')],
      ports: [Port.tcp(8443)],
      app: 'other',
      purpose: 'custo recordings to the centre',
    });
  return readWithPlanes(estate);
}

describe('custo-mode by path', () => {
  test('compliant: the sender reaches the centre server on 8443 through the tunnel', () => {
    expect(senderResults(vpnGroup({ address: '10.5.1.20', port: 8443 }))).toEqual([]);
  });

  test('non-compliant: no rule lets the sender through its firewall; the deciding hop is named', () => {
    const [result, ...rest] = senderResults(vpnGroup());
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      kind: 'violation',
      problem: 'custo sender cannot reach its evaluation centre: 10.5.1.0/24 from clinical (TCP 8443) is blocked',
      expected: "TCP 8443 from gp-north to cardiology's custo server through the VPN tunnel",
    });
    expect(result.got).toMatch(/^firewall azurerm_firewall_policy\.[^ ]+: no rule matched: default deny$/);
  });

  test('the path is asked from the subnets the custo rule names, not from every subnet with a rule', () => {
    expect(senderResults(vpnGroup({ address: '10.5.1.20', port: 8443 }, true))).toEqual([]);
  });

  test('boundary: a rule to the centre on another port proves nothing about 8443', () => {
    expect(senderResults(vpnGroup({ address: '10.5.1.20', port: 8444 })).map((r) => r.kind)).toEqual(['violation']);
  });

  test('unknown: the centre is not in the input', () => {
    const model = vpnGroup({ address: '10.5.1.20', port: 8443 });
    const alone = model.sites.filter((s) => s.name === 'gp-north');
    expect(rule.check(...alone)).toMatchObject([
      {
        kind: 'unknown',
        problem: 'path to the evaluation centre cardiology could not be evaluated',
        got: 'unknown (its site is not in the input)',
      },
    ]);
  });

  test('port forward: a centre forwarding nothing on 8443 is a violation for the sender', () => {
    const results = senderResults(forwardGroup(false)).filter((r) => r.problem.startsWith('custo sender'));
    expect(results).toMatchObject([
      { kind: 'violation', problem: 'custo sender cannot reach cardiology: the centre forwards nothing on TCP 8443' },
    ]);
  });

  test('port forward: with the forward open, the sender must still get out to it', () => {
    const [blocked, ...rest] = senderResults(forwardGroup(true));
    expect(rest).toEqual([]);
    expect(blocked).toMatchObject({
      kind: 'violation',
      problem:
        'custo sender cannot reach its evaluation centre: cardiology/azurerm_public_ip.firewall-ip from clinical (TCP 8443) is blocked',
    });
  });

  test('port forward: a rule naming the centre by hostname leaves the path unknown (its address is assigned at apply)', () => {
    const [doubt, ...rest] = senderResults(forwardGroup(true, true));
    expect(rest).toEqual([]);
    expect(doubt).toMatchObject({
      kind: 'unknown',
      problem: 'path from clinical (TCP 8443) to cardiology/azurerm_public_ip.firewall-ip could not be evaluated',
    });
    expect(doubt.got).toContain('whether cardiology.customed.de resolves to internet');
  });
});
