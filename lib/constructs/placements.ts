// SPDX-License-Identifier: Apache-2.0
/**
 * Where each resource of a site is deployed, as the constructs configured it: the same
 * `location` and `zones` the terraform reader reads from the synthesized stack.
 */
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { compareText } from '../core/compare';
import { availabilityZonesOf } from '../model/azure';
import type { Maybe, Placement } from '../model/types';
import { UNDERSTOOD_TYPES } from '../terraform/grouping';
import { addressOf, maybeOf } from './values';

/** The resource's own configuration block (snake_case attributes, values possibly tokens). */
function configOf(resource: TerraformResource): Record<string, unknown> {
  const json = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  return json.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
}

function zonesOf(scope: IConstruct, zones: unknown): Maybe<string>[] {
  if (zones === undefined) return [];
  const value = maybeOf(scope, zones);
  if (!Array.isArray(value)) return [maybeOf(scope, String(zones)) as Maybe<string>];
  return value.map((zone) => maybeOf(scope, zone as string));
}

/**
 * Every resource under `site` that has a `location`, sorted by address: of the types the terraform
 * reader reads (so both sources record the same placements).
 */
export function sitePlacements(site: IConstruct): Placement[] {
  const placements: Placement[] = [];
  for (const child of site.node.findAll()) {
    if (!(child instanceof TerraformResource) || !UNDERSTOOD_TYPES.has(child.terraformResourceType)) continue;
    const config = configOf(child);
    if (config.location === undefined) continue;
    placements.push({
      type: child.terraformResourceType,
      path: child.node.path,
      address: addressOf(child),
      location: maybeOf(child, config.location as string),
      zones: zonesOf(child, config.zones),
    });
  }
  return placements.sort((a, b) => compareText(a.address, b.address));
}

/** `zones` for a zone-redundant resource in `location`: all three where the region has zones, else none. */
export function zonesIn(location: string): { zones?: string[] } {
  const zones = availabilityZonesOf(location);
  return zones.length > 0 ? { zones } : {};
}
