// SPDX-License-Identifier: Apache-2.0
/** The fixed layout of a site's firewall policy: rule collection groups and collections. */

/** Where a rule goes: each collection has a fixed name, group and priority. */
export type CollectionId =
  | 'inbound-dnat'
  | 'inbound-from-vpn'
  | 'bypass-no-inspection'
  | 'egress-network-by-hostname'
  | 'egress-network-by-address'
  | 'egress-application';

export type GroupName = 'inbound' | 'egress';

/** Which of a group's three collection lists a collection is in. */
export type RuleKind = 'application' | 'network' | 'nat';

export interface CollectionSpec {
  readonly group: GroupName;
  readonly kind: RuleKind;
  readonly priority: number;
  readonly action: 'Allow' | 'Dnat';
}

/**
 * Fixed layout: DNAT first, then the bypass rules ahead of ordinary application rules. The
 * priorities are constants, so adding or removing a rule or a collection never changes another's.
 */
export const COLLECTIONS: Readonly<Record<CollectionId, CollectionSpec>> = {
  'inbound-dnat': { group: 'inbound', kind: 'nat', priority: 110, action: 'Dnat' },
  // Traffic from estate sites over site-to-site VPN crosses this firewall on the way in.
  'inbound-from-vpn': { group: 'inbound', kind: 'network', priority: 120, action: 'Allow' },
  'bypass-no-inspection': { group: 'egress', kind: 'application', priority: 210, action: 'Allow' },
  'egress-network-by-hostname': { group: 'egress', kind: 'network', priority: 220, action: 'Allow' },
  'egress-network-by-address': { group: 'egress', kind: 'network', priority: 230, action: 'Allow' },
  'egress-application': { group: 'egress', kind: 'application', priority: 240, action: 'Allow' },
};

/** Every collection id, sorted. */
export const COLLECTION_IDS = (Object.keys(COLLECTIONS) as CollectionId[]).sort();

export const GROUP_PRIORITY: Readonly<Record<GroupName, number>> = { inbound: 100, egress: 200 };
