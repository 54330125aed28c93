// SPDX-License-Identifier: Apache-2.0
/** Shared builders for the construct tests: a small estate and synth helpers. */
import { App, Testing } from 'cdktf';
import { ClinicEstate, ClinicSite, type ClinicSiteProps } from '../../lib/constructs';
import { Cidr } from '../../lib/net/cidr';

/** A test app and an empty estate in it (these tests are about what the constructs emit; the gate's tests are elsewhere). */
export function testEstate(): { app: App; estate: ClinicEstate } {
  const app = Testing.app();
  const estate = new ClinicEstate(app, 'estate', { name: 'test' });
  return { app, estate };
}

/** Props of a clinic in `10.<octet>.0.0/16`: firewall /26, gateway /27, one workload subnet. */
export function clinicProps(octet: number, overrides: Partial<ClinicSiteProps> = {}): ClinicSiteProps {
  return {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse(`10.${octet}.0.0/16`)],
    firewallSubnet: Cidr.parse(`10.${octet}.0.0/26`),
    gatewaySubnet: Cidr.parse(`10.${octet}.0.64/27`),
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse(`10.${octet}.1.0/24`) }],
    ...overrides,
  };
}

/** A clinic site in a fresh estate. */
export function testClinic(overrides: Partial<ClinicSiteProps> = {}): {
  app: App;
  estate: ClinicEstate;
  site: ClinicSite;
} {
  const { app, estate } = testEstate();
  return { app, estate, site: new ClinicSite(estate, 'clinic', clinicProps(1, overrides)) };
}

/** The synthesized stack as a string, for the cdktf matchers. */
export function synth(site: ClinicSite): string {
  return Testing.synth(site);
}

/** Resources of one Terraform type in a synthesized stack, by logical id. */
export function resourcesOf(synthesized: string, type: string): Record<string, Record<string, unknown>> {
  const parsed = JSON.parse(synthesized) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  return parsed.resource?.[type] ?? {};
}

/** The only resource of a type, failing loudly when there is not exactly one. */
export function onlyResource(synthesized: string, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(synthesized, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}
