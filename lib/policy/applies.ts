// SPDX-License-Identifier: Apache-2.0
/** Which sites a pack entry covers: one test for the engine and for the flows `allowVendor` emits. */
import type { Site } from '../model/types';
import type { PackEntry } from './pack';

/** True when the entry covers the site: no `when`, or the site has one of the entry's custo roles. */
export function entryApplies(entry: PackEntry, site: Pick<Site, 'vendor'>): boolean {
  const roles = entry.when?.custoRoles;
  return roles === undefined || (site.vendor.custo !== undefined && roles.includes(site.vendor.custo.role));
}
