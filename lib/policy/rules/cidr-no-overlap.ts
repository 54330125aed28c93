// SPDX-License-Identifier: Apache-2.0
import type { OverlapCluster, PlanRange } from '../../net/address-plan';
import { MAX_CLUSTER_MEMBERS } from '../../net/address-plan';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, estateRule, violation } from '../rule';
import { estatePlan, planUnknowns } from '../plan-unknowns';

/** No parameters: the rule reads the estate address plan. */
export type CidrNoOverlapParams = NoParams;

const describe = (r: PlanRange) => `${r.name} ${r.cidr.toString()}`;

/**
 * One finding per cluster of ranges joined by overlaps: a misplaced VNet that overlaps
 * another site's VNet and its subnets is one finding naming them all (up to a cap), not one
 * per pair. It points at the cluster's last standalone range (a VNet, LAN or pool, not a
 * subnet), in address order: the one that came to overlap the others.
 */
function clusterResult(cluster: OverlapCluster): RuleResult {
  const members = cluster.members;
  const standalone = members.filter((r) => r.parent === undefined);
  const at = standalone[standalone.length - 1] ?? members[members.length - 1];
  // Its own VNet or subnets are no overlap; another VNet holds its subnets, so the fix names that VNet.
  const overlapping = members.filter(
    (r) => r !== at && r.cidr.overlaps(at.cidr) && r.parent !== at.name && at.parent !== r.name,
  );
  const outer = overlapping.filter((r) => r.parent === undefined);
  const clashes = [...new Set((outer.length > 0 ? outer : overlapping).map((r) => r.cidr.toString()))];
  const more = cluster.rangeCount - members.length;
  const pairs = cluster.pairCount === 1 ? '1 overlapping pair' : `${cluster.pairCount} overlapping pairs`;
  return violation(
    at.path ?? '*',
    `${cluster.rangeCount} address ranges overlap`,
    `${members.map(describe).join(', ')}${more > 0 ? ` and ${more} more` : ''} (${pairs})`,
    'disjoint address ranges',
    {
      site: at.site,
      fix: `give ${at.name} a prefix outside ${clashes.join(', ')} (clinicnet's address plan can allocate the next free one)`,
    },
  );
}

/** No two address ranges of the estate share an address (a subnet inside its own VNet is fine). */
export const cidrNoOverlap = estateRule<CidrNoOverlapParams>({
  slug: 'cidr-no-overlap',
  description: 'No two address ranges of the estate (VNets, subnets, on-premises LANs, VPN client pools) overlap.',
  params: NO_PARAMS,
  check: ({ model, memo }) => {
    const { plan, unknowns } = estatePlan(model, memo);
    const overlaps = plan.overlapClusters(MAX_CLUSTER_MEMBERS).map(clusterResult);
    return [...overlaps, ...planUnknowns(unknowns, 'a known CIDR that overlaps nothing')];
  },
});
