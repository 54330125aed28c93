// SPDX-License-Identifier: Apache-2.0
/** A VPN link between two estate sites declared once builds and checks both ends (BASE-VPN-PEERS-MATCH). */
import { TerraformVariable } from 'cdktf';
import { ClinicSite, SharedKey, SiteToSiteVpn } from '../../lib/constructs';
import type { NetworkModel } from '../../lib/model/types';
import { RuleMemo } from '../../lib/policy/rule-memo';
import { vpnPeersMatch } from '../../lib/policy/rules/vpn-peers-match';
import { Cidr } from '../../lib/net/cidr';
import { Port } from '../../lib/net/port';
import { clinicProps, onlyResource, resourcesOf, synth, testEstate } from './util';
import { modelOf } from './read-back';

const KEY = SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/vaults/kv', secretName: 'vpn-hub-clinic' });

function twoSites() {
  const { estate } = testEstate();
  const hub = new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
  const clinic = new ClinicSite(estate, 'clinic', clinicProps(20, { region: 'australiasoutheast' }));
  return { estate, hub, clinic };
}

/** BASE-VPN-PEERS-MATCH over a read-back estate, as `kind path: problem`. */
function peerFindings(model: NetworkModel): string[] {
  return vpnPeersMatch
    .check({ model, sites: model.sites, params: {}, memo: new RuleMemo() })
    .map((r) => `${r.kind} ${r.path}: ${r.problem}`);
}

describe('SiteToSiteVpn.between: both ends from one declaration', () => {
  test('each stack gets a local network gateway and a connection, with the same IPsec policy and secret', () => {
    const { hub, clinic } = twoSites();
    const [atClinic, atHub] = SiteToSiteVpn.between(clinic, hub, {
      sharedKey: KEY,
      ipsec: { dhGroup: 'ECP384', pfsGroup: 'ECP384' },
    });
    expect([atClinic.node.id, atHub.node.id]).toEqual(['to-hub', 'to-clinic']);
    expect([atClinic.remoteSite, atHub.remoteSite]).toEqual([hub, clinic]);
    const [hubOut, clinicOut] = [synth(hub), synth(clinic)];
    const policies = [hubOut, clinicOut].map(
      (out) => onlyResource(out, 'azurerm_virtual_network_gateway_connection').ipsec_policy,
    );
    expect(policies[0]).toEqual(policies[1]);
    expect(policies[0]).toMatchObject({ dh_group: 'ECP384', pfs_group: 'ECP384', ike_encryption: 'GCMAES256' });
    expect(onlyResource(hubOut, 'azurerm_local_network_gateway').address_space).toEqual(['10.20.0.0/16']);
    expect(onlyResource(clinicOut, 'azurerm_local_network_gateway').address_space).toEqual(['10.10.0.0/16']);
    const secrets = [hubOut, clinicOut].map((out) =>
      Object.values((JSON.parse(out) as { data: Record<string, Record<string, { name: string }>> }).data)
        .flatMap((byName) => Object.values(byName))
        .map((d) => d.name),
    );
    expect(secrets).toEqual([['vpn-hub-clinic'], ['vpn-hub-clinic']]);
  });

  test('the synthesized estate reads back with both ends and satisfies BASE-VPN-PEERS-MATCH', () => {
    const { estate, hub, clinic } = twoSites();
    const [atClinic] = SiteToSiteVpn.between(clinic, hub, { sharedKey: KEY });
    clinic.allowEgressToAddresses({
      name: 'hl7',
      addresses: [Cidr.parse('10.10.1.10/32')],
      ports: [Port.tcp(2575)],
      app: 'mllp',
      purpose: 'HL7 to the hub engine',
      viaVpn: atClinic,
    });
    const model = modelOf(estate);
    expect(model.sites.map((s) => s.vpnLinks.map((l) => `${s.name} → ${l.remote.site}`))).toEqual([
      ['clinic → hub'],
      ['hub → clinic'],
    ]);
    expect(peerFindings(model)).toEqual([]);
  });

  test('a link declared on one side only passes construction but is a BASE-VPN-PEERS-MATCH violation', () => {
    const { estate, hub, clinic } = twoSites();
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: KEY });
    expect(peerFindings(modelOf(estate))).toEqual([
      'violation estate/clinic/to-hub/connection: VPN link cn-clinic-to-hub is declared on one side only',
    ]);
  });

  test('ids may be given (site names can be longer than a link id allows)', () => {
    const { hub, clinic } = twoSites();
    const ends = SiteToSiteVpn.between(clinic, hub, { sharedKey: KEY, ids: ['hub-link', 'clinic-link'] });
    expect(ends.map((e) => e.linkName)).toEqual(['cn-clinic-hub-link', 'cn-hub-clinic-link']);
  });

  test('a sensitive variable per stack through a function; one variable for both stacks is refused', () => {
    const { hub, clinic } = twoSites();
    const variableOf = (site: ClinicSite) =>
      new TerraformVariable(site, 'vpn_key', { type: 'string', sensitive: true });
    SiteToSiteVpn.between(clinic, hub, { sharedKey: (site) => SharedKey.fromSensitiveVariable(variableOf(site)) });
    expect(onlyResource(synth(hub), 'azurerm_virtual_network_gateway_connection').shared_key).toBe('${var.vpn_key}');

    const other = twoSites();
    const shared = SharedKey.fromSensitiveVariable(variableOf(other.clinic));
    expect(() => SiteToSiteVpn.between(other.clinic, other.hub, { sharedKey: shared })).toThrow(
      /^\[VPN-KEY-VARIABLE-STACK\] shared-key variable of another stack — got variable "vpn_key" of clinic on a link of hub[^\n]*$/,
    );
    // Both ends are checked first: the clinic's end was not created either.
    expect(other.clinic.node.tryFindChild('to-hub')).toBeUndefined();
    expect(resourcesOf(synth(other.hub), 'azurerm_virtual_network_gateway_connection')).toEqual({});
  });

  test('a second declaration of the same pair is refused with one line', () => {
    const { hub, clinic } = twoSites();
    SiteToSiteVpn.between(clinic, hub, { sharedKey: KEY });
    expect(() => new SiteToSiteVpn(clinic, 'again', { remote: { site: hub }, sharedKey: KEY })).toThrow(
      /^\[VPN-INVALID\] invalid VPN link again — got a second link from clinic to hub \(to-hub exists\), expected one link between two sites; fix: declare the link once, with SiteToSiteVpn\.between$/,
    );
  });
});

describe('SiteToSiteVpn: ends declared separately must agree', () => {
  const declareBoth = (second: Partial<ConstructorParameters<typeof SiteToSiteVpn>[2]>) => {
    const { hub, clinic } = twoSites();
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: KEY });
    return () => new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: KEY, ...second });
  };

  test('the same settings and secret pass; a different SA lifetime passes (it is local)', () => {
    expect(declareBoth({})).not.toThrow();
    expect(declareBoth({ ipsec: { saLifetimeSeconds: 3600 } })).not.toThrow();
  });

  test.each([
    [{ ipsec: { dhGroup: 'DHGroup24' } }, 'got dhGroup DHGroup24 against DHGroup14 at its far end clinic/to-hub'],
    [{ protocol: 'IKEv1' as const }, 'got IKEv1 against IKEv2 at its far end clinic/to-hub'],
    [
      { sharedKey: SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/vaults/kv', secretName: 'other' }) },
      'got secret "other" and secret "vpn-hub-clinic" (at its far end clinic/to-hub)',
    ],
    [
      {
        sharedKey: SharedKey.fromKeyVaultSecret({
          keyVaultId: '/subscriptions/s/vaults/kv2',
          secretName: 'vpn-hub-clinic',
        }),
      },
      'got Key Vault /subscriptions/s/vaults/kv2 and Key Vault /subscriptions/s/vaults/kv (at its far end clinic/to-hub)',
    ],
  ])('%j is refused', (second, got) => {
    expect(declareBoth(second)).toThrow(`[VPN-INVALID] invalid VPN link to-clinic — ${got}`);
  });

  test('settings from variables cannot be compared before apply and are not refused', () => {
    const { hub, clinic } = twoSites();
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: KEY });
    const dh = new TerraformVariable(hub, 'dh', { type: 'string' });
    const vault = new TerraformVariable(hub, 'vault', { type: 'string' });
    expect(
      () =>
        new SiteToSiteVpn(hub, 'to-clinic', {
          remote: { site: clinic },
          sharedKey: SharedKey.fromKeyVaultSecret({ keyVaultId: vault.stringValue, secretName: 'vpn-hub-clinic' }),
          ipsec: { dhGroup: dh.stringValue },
        }),
    ).not.toThrow();
  });
});
