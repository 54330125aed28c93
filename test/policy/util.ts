// SPDX-License-Identifier: Apache-2.0
/** Builds small estates from the real constructs and evaluates their model. */
import { App, Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { ClinicSite, type ClinicSiteProps } from '../../lib/constructs/clinic-site';
import type { NetworkModel, Site, VendorPackId } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { Port } from '../../lib/net/port';
import { PortForward } from '../../lib/constructs/port-forward';
import { evaluate } from '../../lib/policy/engine';
import type { Evaluation } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';
import { modelOf } from '../constructs/read-back';

/** The day tests evaluate on, so suppression expiry does not depend on the clock. */
export const TODAY = '2030-06-15';

/** A fresh app and estate. */
export function newEstate(app: App = Testing.app()): ClinicEstate {
  return new ClinicEstate(app, 'estate', { name: 'acme' });
}

/**
 * A clinic with a firewall: address space 10.<n>.0.0/16, subnets `clinical` 10.<n>.1.0/24
 * and AzureFirewallSubnet 10.<n>.0.0/26. `props` override any of that.
 */
export function clinic(
  estate: ClinicEstate,
  name: string,
  n: number,
  packs: VendorPackId[] = [],
  props: Partial<ClinicSiteProps> = {},
): ClinicSite {
  return new ClinicSite(estate, name, {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse(`10.${n}.0.0/16`)],
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse(`10.${n}.1.0/24`) }],
    firewallSubnet: Cidr.parse(`10.${n}.0.0/26`),
    gatewaySubnet: Cidr.parse(`10.${n}.0.64/27`),
    packs,
    ...props,
  });
}

/** Evaluates the estate's model with the built-in packs on {@link TODAY}. */
export function evaluateEstate(estate: ClinicEstate | NetworkModel): Evaluation {
  const model = estate instanceof ClinicEstate ? modelOf(estate) : estate;
  return evaluate(model, { today: TODAY });
}

/** Findings of one requirement (optionally one site). */
export function findingsOf(evaluation: Evaluation, requirement: string, site?: string): Finding[] {
  return evaluation.findings.filter((f) => f.requirement === requirement && (site === undefined || f.site === site));
}

/** `requirement:kind` for each finding of a requirement: compact to assert on. */
export function kindsOf(evaluation: Evaluation, requirement: string, site?: string): string[] {
  return findingsOf(evaluation, requirement, site).map((f) => `${f.kind}:${f.severity}`);
}

/** The model with one site changed, for states the constructs refuse to build but Terraform JSON can hold. */
export function patchSite(model: NetworkModel, name: string, patch: (site: Site) => Site): NetworkModel {
  return { ...model, sites: model.sites.map((s) => (s.name === name ? patch(s) : s)) };
}

/** The custo diagnostics forward of a centre numbered 5 (`clinic(estate, …, 5, …)`): TCP 8443 from anywhere to 10.5.1.10. */
export function custoForward(centre: ClinicSite): PortForward {
  return new PortForward(centre, 'custo-diagnostics', {
    externalPort: Port.tcp(8443),
    internalPort: Port.tcp(8443),
    internalAddress: '10.5.1.10',
    sources: 'any',
    reason: 'custo RDT transfers from sending practices',
    requirement: 'CUSTO-INBOUND-PORT',
  });
}
