// SPDX-License-Identifier: Apache-2.0
/**
 * Estate-wide address checks, run at synth. cdktf never runs aspects added to the App,
 * so each site carries this aspect and reports every estate problem on its own stack:
 * whichever stack synthesizes first fails with the complete list.
 */
import { Annotations, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { defineError } from '../errors';
import { addressPlanOf } from '../model/plan';
import type { NetworkModel } from '../model/types';
import type { PlanRange } from '../net/address-plan';

const rangesOverlap = defineError({
  code: 'ESTATE-CIDR-OVERLAP',
  title: 'Two address ranges of the estate share addresses (BASE-CIDR-NO-OVERLAP).',
  message: (a: string, b: string) =>
    `address ranges overlap — got ${a} and ${b}, expected every VNet, subnet, remote LAN and client pool of the estate to be disjoint; fix: renumber one of them (ClinicEstate.allocate hands out free space)`,
  example: ['10.20.0.0/16 (vnet hub/vnet-hub, site hub)', '10.20.4.0/24 (onprem cardiology/to-hub/lng-x, site cardiology)'],
});

const rangeReserved = defineError({
  code: 'ESTATE-CIDR-RESERVED',
  title: 'An address range of the estate uses a range Azure reserves (BASE-CIDR-RESERVED).',
  message: (range: string, reserved: string) =>
    `address range uses an Azure-reserved range — got ${range}, expected no overlap with ${reserved}; fix: choose private space such as 10.0.0.0/8 outside the reserved ranges`,
  example: ['169.254.0.0/24 (vnet x/vnet-x, site x)', '169.254.0.0/16'],
});

const rangeUnknown = defineError({
  code: 'ESTATE-CIDR-UNKNOWN',
  title: 'An address range could not be checked because its value is unknown before apply.',
  message: (site: string, what: string) =>
    `address range not checked on site ${site} — got ${what}, expected a literal CIDR; fix: give the range as a literal so overlaps can be proven absent`,
  example: ['nsw-gp', 'remote prefix of VPN link to-hub: unknown (${var.lan})'],
});

const describe = (r: PlanRange): string => `${r.cidr} (${r.kind} ${r.name}, site ${r.site ?? '?'})`;

/** Every estate address problem: errors fail synth, warnings are printed. */
export function estateProblems(model: NetworkModel): { readonly errors: string[]; readonly warnings: string[] } {
  const { plan, unknowns } = addressPlanOf(model);
  const errors = [
    ...plan.overlaps().map((o) => rangesOverlap(describe(o.a), describe(o.b)).message),
    ...plan.reserved().map((h) => rangeReserved(describe(h.range), h.reservedRange.toString()).message),
    ...plan.containmentErrors().map((e) => `${e.message} (site ${e.range.site ?? '?'})`),
  ];
  const warnings = unknowns.map((u) => rangeUnknown(u.site, u.what).message);
  return { errors, warnings };
}

type EstateProblems = ReturnType<typeof estateProblems>;

/** What the estate checks need of an estate. */
export interface CheckedEstate extends IConstruct {
  readonly sites: readonly { readonly vpnLinks: readonly unknown[] }[];
  toModel(): NetworkModel;
}

/**
 * Problems by estate, so N sites do not each rebuild the whole model (quadratic: 150 s of
 * synth at 1,000 clinics). Sites and VPN links are all that can change the address plan
 * after a site is created, so their count tells a stale entry.
 */
const PROBLEMS = new WeakMap<CheckedEstate, { readonly shape: number; readonly problems: EstateProblems }>();

function cachedProblems(estate: CheckedEstate): EstateProblems {
  const shape = estate.sites.reduce((n, site) => n + 1 + site.vpnLinks.length, 0);
  const cached = PROBLEMS.get(estate);
  if (cached !== undefined && cached.shape === shape) return cached.problems;
  const problems = estateProblems(estate.toModel());
  PROBLEMS.set(estate, { shape, problems });
  return problems;
}

/** The aspect each site carries; acts once, on the site's stack node. */
export class EstateChecks implements IAspect {
  public constructor(
    private readonly estate: CheckedEstate,
    private readonly site: IConstruct,
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.site) return;
    const { errors, warnings } = cachedProblems(this.estate);
    for (const error of errors) Annotations.of(node).addError(error);
    for (const warning of warnings) Annotations.of(node).addWarning(warning);
  }
}
