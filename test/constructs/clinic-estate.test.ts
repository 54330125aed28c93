// SPDX-License-Identifier: Apache-2.0
import { ClinicEstate, ClinicSite, SharedKey, SiteToSiteVpn } from '../../lib/constructs';
import { addressPlanOf } from '../../lib/model/plan';
import { Cidr } from '../../lib/net/cidr';
import { App, Testing } from 'cdktf';
import { runGate } from '../../lib/constructs/policy-gate';
import { clinicProps, testEstate } from './util';
import { modelOf } from './read-back';

const key = () => SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/vaults/kv', secretName: 'k' });

/** An estate behind the gate with the built-in packs: BASE-CIDR-* check the address plan at synth. */
function gatedEstate(): { app: App; estate: ClinicEstate } {
  const app = Testing.app();
  const estate = new ClinicEstate(app, 'estate', { name: 'test' });
  return { app, estate };
}

function synthError(app: App): string {
  try {
    runGate(app, { print: () => undefined, today: '2030-01-01' });
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('ClinicEstate: estate-wide address checks at synth (the gate, BASE-CIDR-*)', () => {
  test('a VPN remote prefix overlapping another site fails synth, naming both sites', () => {
    const { app, estate } = gatedEstate();
    new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
    const cardiology = new ClinicSite(estate, 'cardiology', clinicProps(40));
    new SiteToSiteVpn(cardiology, 'to-practice', {
      remote: { name: 'router', gatewayAddress: '203.0.113.7', prefixes: [Cidr.parse('10.10.4.0/24')] },
      sharedKey: key(),
    });
    expect(synthError(app)).toMatch(
      /\[BASE-CIDR-NO-OVERLAP\] 2 address ranges overlap — got hub\/vnet-hub 10\.10\.0\.0\/16, \S*cardiology\S* 10\.10\.4\.0\/24 \(1 overlapping pair\)/,
    );
  });

  test('every problem is listed, not just the first', () => {
    const { app, estate } = gatedEstate();
    new ClinicSite(estate, 'site-a', clinicProps(10));
    new ClinicSite(estate, 'site-b', clinicProps(10));
    new ClinicSite(
      estate,
      'site-c',
      clinicProps(20, { addressSpace: [Cidr.parse('10.20.0.0/16'), Cidr.parse('169.254.0.0/24')] }),
    );
    const message = synthError(app);
    expect(message).toMatch(
      /\[BASE-CIDR-NO-OVERLAP\] 8 address ranges overlap — got site-a\/vnet-site-a 10\.10\.0\.0\/16, site-b\/vnet-site-b 10\.10\.0\.0\/16, .* \(10 overlapping pairs\).*fix: give site-b\/vnet-site-b a prefix outside 10\.10\.0\.0\/16 \(/,
    );
    expect(message).toMatch(/\[BASE-CIDR-RESERVED\] .*169\.254\.0\.0\/24/);
    // Both sites' VNets and subnets are one cluster: one finding, not one per pair.
    expect(message.match(/\[BASE-CIDR-NO-OVERLAP\]/g)?.length).toBe(1);
  });

  test('a subnet outside its VNet fails synth', () => {
    const { app, estate } = gatedEstate();
    new ClinicSite(
      estate,
      'site-a',
      clinicProps(10, { workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse('10.99.1.0/24') }] }),
    );
    expect(synthError(app)).toMatch(/\[BASE-SUBNET-CONTAINED\] .*10\.99\.1\.0\/24/);
  });

  test('a sound estate synthesizes, and links between estate sites are not counted twice', () => {
    const { app, estate } = gatedEstate();
    const hub = new ClinicSite(estate, 'hub', clinicProps(10, { kind: 'hub' }));
    const clinic = new ClinicSite(estate, 'clinic', clinicProps(20));
    new SiteToSiteVpn(clinic, 'to-hub', { remote: { site: hub }, sharedKey: key() });
    new SiteToSiteVpn(hub, 'to-clinic', { remote: { site: clinic }, sharedKey: key() });
    expect(() => runGate(app, { print: () => undefined, today: '2030-01-01' })).not.toThrow();
    // Each link's remote prefixes are the other site's VNet, already in the plan: no second range.
    const ranges = addressPlanOf(modelOf(estate))
      .plan.ranges()
      .map((r) => `${r.kind} ${r.name} ${r.cidr.toString()}`);
    expect(ranges.filter((r) => r.startsWith('vnet') || r.startsWith('onprem'))).toEqual([
      'vnet hub/vnet-hub 10.10.0.0/16',
      'vnet clinic/vnet-clinic 10.20.0.0/16',
    ]);
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
    expect(() => new ClinicEstate(app, 'other', { name: 'Acme Health' })).toThrow(
      /\[ESTATE-NAME-INVALID\] invalid estate name — got "Acme Health"/,
    );
  });
});
