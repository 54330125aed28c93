// SPDX-License-Identifier: Apache-2.0
/** Where each resource of a site is deployed: its `location` and `zones` (AZURE-REGION, AZURE-ZONES). */
import type { Placement } from '../model/types';
import type { SiteContext } from './context';
import type { TfResource } from './document';
import { compareText, inOrder } from '../core/compare';

const byAddress = (a: Placement, b: Placement): number => compareText(a.address, b.address);

/**
 * The placement of a cdk.tf.json resource whose location is literal text and whose zones are
 * absent or a list of literal texts: what the reader would make of it, without a reader (nothing
 * there can be a problem). Undefined for anything else, which the reader then reads.
 */
function writtenPlacement(resource: TfResource): Placement | undefined {
  if (resource.planned || resource.unknowns !== undefined) return undefined;
  const location = resource.values.location;
  if (typeof location !== 'string' || location.includes('${')) return undefined;
  const zones = literalTexts(resource.values.zones);
  if (zones === undefined) return undefined;
  return { type: resource.type, path: resource.path, address: resource.address, location, zones };
}

/** A copy of a list of literal texts; `[]` when absent; undefined for anything else. */
function literalTexts(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  for (const v of value as unknown[]) if (typeof v !== 'string' || v.includes('${')) return undefined;
  return value.slice() as string[];
}

/** Every managed resource of the site that has a `location`, sorted by address. */
export function readPlacements(ctx: SiteContext): Placement[] {
  const placements: Placement[] = [];
  for (const resource of ctx.resources) {
    if (resource.mode !== 'managed') continue;
    // Without a location (and no plan marking one unknown) there is nothing to read or report: no reader for it.
    if (resource.unknowns === undefined && resource.values.location === undefined) continue;
    const written = writtenPlacement(resource);
    if (written !== undefined) {
      placements.push(written);
      continue;
    }
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
