// SPDX-License-Identifier: Apache-2.0
import { ClinicEstate, ClinicSite, SharedKey, SiteToSiteVpn } from '../../lib/constructs';
import { addressPlanOf } from '../../lib/model/plan';
import { Cidr } from '../../lib/net/cidr';
import { clinicProps, testEstate } from './util';

const key = () => SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/vaults/kv', secretName: 'k' });

describe('ClinicEstate: estate-wide address checks at synth', () => {
  test('a VPN remote prefix overlapping another site fails synth, naming both sites', () => {
    const { app, estate } = testEstate();
    new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
    const cardiology = new ClinicSite(estate, 'cardiology', clinicProps(40));
    new SiteToSiteVpn(cardiology, 'to-practice', { remote: { name: 'router', gatewayAddress: '203.0.113.7', prefixes: [Cidr.parse('10.10.4.0/24')] }, sharedKey: key() });
    expect(() => app.synth()).toThrow(/\[ESTATE-CIDR-OVERLAP\] address ranges overlap — got 10\.10\.0\.0\/16 \(vnet hub\/vnet-hub, site hub\) and 10\.10\.4\.0\/24 \(onprem cardiology\/cn-cardiology-to-practice\/lng-cardiology-to-practice, site cardiology\)/);
  });

  test('every problem is listed, not just the first', () => {
    const { app, estate } = testEstate();
    new ClinicSite(estate, 'site-a', clinicProps(10));
    new ClinicSite(estate, 'site-b', clinicProps(10));
    new ClinicSite(estate, 'site-c', clinicProps(20, { addressSpace: [Cidr.parse('10.20.0.0/16'), Cidr.parse('169.254.0.0/24')] }));
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/site site-a\) and .*site site-b\)/);
    expect(message).toMatch(/\[ESTATE-CIDR-RESERVED\] address range uses an Azure-reserved range — got 169\.254\.0\.0\/24/);
    expect(message.match(/\[ESTATE-CIDR-OVERLAP\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  test('a subnet outside its VNet fails synth', () => {
    const { app, estate } = testEstate();
    new ClinicSite(estate, 'site-a', clinicProps(10, { workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse('10.99.1.0/24') }] }));
    expect(() => app.synth()).toThrow(/10\.99\.1\.0\/24.*\(site site-a\)/);
  });

  test('a sound estate synthesizes, and links between estate sites are not counted twice', () => {
    const { app, estate } = testEstate();
    const hub = new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(20));
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: key() });
    new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: key() });
    expect(() => app.synth()).not.toThrow();
    // Each link's remote prefixes are the other site's VNet, already in the plan: no second range.
    const ranges = addressPlanOf(estate.toModel()).plan.ranges().map((r) => `${r.kind} ${r.name} ${r.cidr}`);
    expect(ranges.filter((r) => r.startsWith('vnet') || r.startsWith('onprem'))).toEqual(['vnet hub/vnet-hub 10.10.0.0/16', 'vnet clinic/vnet-clinic 10.20.0.0/16']);
  });

  test('allocate hands out the next free block, skipping sites and earlier allocations', () => {
    const { estate } = testEstate();
    new ClinicSite(estate, 'hub', clinicProps(0, { kind: 'hub' }));
    const supernet = Cidr.parse('10.0.0.0/8');
    expect(estate.allocate(supernet, 16).toString()).toBe('10.1.0.0/16');
    expect(estate.allocate(supernet, 16).toString()).toBe('10.2.0.0/16');
  });

  test('rejects a bad estate name', () => {
    const { app } = testEstate();
    expect(() => new ClinicEstate(app, 'other', { name: 'Acme Health' })).toThrow(/\[ESTATE-NAME-INVALID\] invalid estate name — got "Acme Health"/);
  });
});
