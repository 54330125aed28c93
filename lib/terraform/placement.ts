// SPDX-License-Identifier: Apache-2.0
/** Where each resource of a site is deployed: its `location` and `zones` (AZURE-REGION, AZURE-ZONES). */
import type { Placement } from '../model/types';
import type { SiteContext } from './context';
import { compareText, inOrder } from '../core/compare';

const byAddress = (a: Placement, b: Placement): number => compareText(a.address, b.address);

/** Every managed resource of the site that has a `location`, sorted by address. */
export function readPlacements(ctx: SiteContext): Placement[] {
  const placements: Placement[] = [];
  for (const resource of ctx.resources) {
    if (resource.mode !== 'managed') continue;
    // Without a location (and no plan marking one unknown) there is nothing to read or report: no reader for it.
    if (resource.unknowns === undefined && resource.values.location === undefined) continue;
    const placement = ctx.read(resource, (r): Placement | undefined => {
      const location = r.str('location');
      if (location === undefined) return undefined;
      return {
        type: resource.type,
        path: resource.path,
        address: resource.address,
        location,
        zones: r.strings('zones'),
      };
    });
    if (placement !== undefined) placements.push(placement);
  }
  // Resources usually come in address order already: sorting would copy the list for nothing.
  return inOrder(placements, byAddress) ? placements : placements.sort(byAddress);
}
