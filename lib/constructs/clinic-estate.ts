// SPDX-License-Identifier: Apache-2.0
/** The estate: every clinic and hub of one provider's customer, and its address plan. */
import { Construct } from 'constructs';
import { defineError } from '../core/errors';
import { AddressPlan } from '../net/address-plan';
import type { Cidr } from '../net/cidr';
import type { ClinicSite } from './clinic-site';

/** What names the estate. */
export interface ClinicEstateProps {
  /**
   * Short lowercase name (2–12 letters and digits) that makes Azure DNS labels unique,
   * such as the VPN gateways' `<estate>-<site>-vpn.<region>.cloudapp.azure.com`.
   */
  readonly name: string;
}

const estateNameInvalid = defineError({
  code: 'ESTATE-NAME-INVALID',
  title: 'An estate name is not 2–12 lowercase letters and digits.',
  message: (name: string) =>
    `invalid estate name — got "${name}", expected 2–12 lowercase letters and digits, starting with a letter; fix: use a short customer code such as acmehealth`,
  example: ['Acme Health'],
});

const siteNameTaken = defineError({
  code: 'ESTATE-SITE-TAKEN',
  title: 'Two sites of one estate have the same name.',
  message: (name: string) =>
    `duplicate site — got "${name}" twice, expected unique site names (each is a stack); fix: rename one site`,
  example: ['nsw-gp'],
});

/** One per app: owns the sites and runs the estate-wide checks (through each site) at synth. */
export class ClinicEstate extends Construct {
  public readonly estateName: string;
  private readonly members: ClinicSite[] = [];
  private readonly allocations: Cidr[] = [];

  public constructor(scope: Construct, id: string, props: ClinicEstateProps) {
    if (!/^[a-z][a-z0-9]{1,11}$/.test(props.name)) throw estateNameInvalid(props.name);
    super(scope, id);
    this.estateName = props.name;
  }

  /** Sites in the order they were created. */
  public get sites(): readonly ClinicSite[] {
    return this.members;
  }

  /** The site with that name, if any. */
  public site(name: string): ClinicSite | undefined {
    return this.members.find((s) => s.siteName === name);
  }

  /** Called by ClinicSite; a second site of the same name is an error. */
  public register(site: ClinicSite): void {
    if (this.site(site.siteName) !== undefined) throw siteNameTaken(site.siteName);
    this.members.push(site);
  }

  /**
   * The lowest free prefix of `prefixLength` in `supernet`, free of every range in the
   * estate, earlier allocations and Azure-reserved ranges. Call it before creating the site.
   */
  public allocate(supernet: Cidr, prefixLength: number): Cidr {
    const plan = new AddressPlan();
    for (const site of this.members) site.addressRanges().forEach((r) => plan.add({ ...r, kind: 'other' }));
    this.allocations.forEach((cidr, i) => plan.add({ name: `allocation-${i}`, cidr, kind: 'other' }));
    const cidr = plan.allocate(supernet, prefixLength);
    this.allocations.push(cidr);
    return cidr;
  }
}
