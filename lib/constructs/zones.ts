// SPDX-License-Identifier: Apache-2.0
/** Availability zones for the constructs' zone-redundant resources, from the region table (AZURE-ZONES). */
import { availabilityZonesOf } from '../model/azure';

/** `zones` for a zone-redundant resource in `location`: all three where the region has zones, else none. */
export function zonesIn(location: string): { zones?: string[] } {
  const zones = availabilityZonesOf(location);
  return zones.length > 0 ? { zones } : {};
}
