// SPDX-License-Identifier: Apache-2.0
import { azureRegion as findRegion } from '../../model/azure';
import type { Maybe, Placement, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import { knownValues, unknownReasons } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: which regions have zones is Azure's data, kept in lib/model/azure. */
export type AzureZonesParams = NoParams;

/** Azure numbers the zones of a region 1, 2 and 3. */
const ZONES = new Set(['1', '2', '3']);

const EXPECTED = 'zones only where the region has availability zones, each 1, 2 or 3';

/** The region a resource is placed in: its own location, else the site's region. */
function regionOf(location: Maybe<string>, site: Site): Maybe<string> {
  return isUnknown(location) ? site.region : location;
}

function placementResults(placement: Placement, site: Site): RuleResult[] {
  if (placement.zones.length === 0) return [];
  const extra = { address: placement.address };
  const at = placement.path;
  const location = regionOf(placement.location, site);
  const what = `zones of ${placement.address}`;
  if (isUnknown(location)) return [cannotEvaluate(at, what, location.unknown, EXPECTED, extra)];
  const region = findRegion(location);
  // A location that is no region is AZURE-REGION's finding; zones there cannot be judged.
  if (region === undefined) return [];
  const known = knownValues(placement.zones);
  if (!region.availabilityZones) {
    if (known.length === 0)
      return [cannotEvaluate(at, what, unknownReasons(placement.zones) ?? 'unknown', EXPECTED, extra)];
    return [
      violation(at, `pinned to zones in ${region.name}, which has none`, `zones ${known.join(', ')}`, EXPECTED, {
        ...extra,
        fix: `remove zones from ${placement.address} (a regional resource), or deploy in a region with zones`,
      }),
    ];
  }
  const wrong = known.filter((zone) => !ZONES.has(zone));
  if (wrong.length === 0) return [];
  return [
    violation(at, `zones Azure does not have`, `zones ${wrong.join(', ')} in ${region.name}`, EXPECTED, {
      ...extra,
      fix: 'use zones 1, 2 and/or 3',
    }),
  ];
}

/** Without placements the zones are not recorded; they can only matter in a region without zones. */
function unrecorded(site: Site): RuleResult[] {
  const region = isUnknown(site.region) ? undefined : findRegion(site.region);
  if (region === undefined || region.availabilityZones) return [];
  const pinnable = [site.firewall?.address, site.vpnGateway?.address].filter((a): a is string => a !== undefined);
  if (pinnable.length === 0 && site.natEgress.length === 0) return [];
  return [
    cannotEvaluate(
      site.path,
      `zones of the firewall and public IPs in ${region.name}`,
      'the model records no placements',
      EXPECTED,
    ),
  ];
}

/** Firewalls and public IPs are pinned to zones only in regions that have them. */
export const azureZones = siteRule<AzureZonesParams>({
  slug: 'azure-zones',
  description:
    'Resources are pinned to availability zones (zones on firewalls and public IPs) only in regions that have zones.',
  params: NO_PARAMS,
  check: ({ site }) => {
    if (site.placements === undefined) return unrecorded(site);
    return site.placements.flatMap((placement) => placementResults(placement, site));
  },
});
