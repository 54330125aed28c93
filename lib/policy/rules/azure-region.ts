// SPDX-License-Identifier: Apache-2.0
import { azureRegion as findRegion } from '../../model/azure';
import type { Placement } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the region table is Azure's, kept as data in lib/model/azure. */
export type AzureRegionParams = NoParams;

/** Resources named in one message at most; the rest are counted. */
const LISTED = 5;

const EXPECTED = 'a real Azure region, by normalised (australiaeast) or display (Australia East) name';

/** `a, b, c and 4 more`. */
function listed(addresses: readonly string[]): string {
  const shownPart = addresses.slice(0, LISTED).join(', ');
  return addresses.length > LISTED ? `${shownPart} and ${addresses.length - LISTED} more` : shownPart;
}

/**
 * One result per distinct location text: a wrong region written once in a site's stack is one
 * finding, not one per resource that repeats it.
 */
function byLocation(placements: readonly Placement[]): Map<string, Placement[]> {
  const groups = new Map<string, Placement[]>();
  for (const placement of placements) {
    const key = isUnknown(placement.location) ? '' : placement.location;
    if (key !== '' && findRegion(key) !== undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [placement]);
    else group.push(placement);
  }
  return groups;
}

function placementResults(placements: readonly Placement[]): RuleResult[] {
  return [...byLocation(placements)].map(([location, group]) => {
    const first = group[0];
    const addresses = group.map((p) => p.address);
    if (location === '') {
      const reasons = group.map((p) => (isUnknown(p.location) ? p.location.unknown : '')).join(', ');
      return cannotEvaluate(first.path, `location of ${listed(addresses)}`, reasons, EXPECTED, {
        address: first.address,
      });
    }
    return violation(first.path, 'location is not an Azure region', `"${location}" on ${listed(addresses)}`, EXPECTED, {
      address: first.address,
      fix: `set location to an Azure region such as australiaeast (az account list-locations lists them)`,
    });
  });
}

/** Every resource's `location` (and the site's region) is a region Azure has. */
export const azureRegion = siteRule<AzureRegionParams>({
  slug: 'azure-region',
  description: "Every resource's location, and the site's region, is a real Azure region (normalised or display name).",
  params: NO_PARAMS,
  check: ({ site }) => {
    const placements = site.placements ?? [];
    const results = placementResults(placements);
    const region = site.region;
    // The region is read from the resources' locations: reported on its own only when no resource repeats it.
    const repeated = placements.some((p) => !isUnknown(p.location) && !isUnknown(region) && p.location === region);
    if (isUnknown(region)) {
      if (placements.length === 0)
        results.push(cannotEvaluate(site.path, "the site's region", region.unknown, EXPECTED));
    } else if (!repeated && findRegion(region) === undefined) {
      results.push(
        violation(site.path, "the site's region is not an Azure region", `"${region}"`, EXPECTED, {
          fix: 'use an Azure region such as australiaeast (az account list-locations lists them)',
        }),
      );
    }
    return results;
  },
});
