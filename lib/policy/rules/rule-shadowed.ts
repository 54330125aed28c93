// SPDX-License-Identifier: Apache-2.0
import type { FirewallRule, RuleCollectionKind } from '../../model/dataplane';
import { isUnknown } from '../../model/types';
import { estateOf } from '../../dataplane/estate';
import type { PolicyChain } from '../../dataplane/firewall';
import { orderedCollections, policyChain } from '../../dataplane/firewall';
import { RuleContainment } from '../containment';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, memoSlot, siteRule, violation } from '../rule';

/** No parameters: the rule reads the policy chains of the site's firewalls. */
export type RuleShadowedParams = NoParams;

interface Placed {
  readonly rule: FirewallRule;
  readonly kind: RuleCollectionKind;
  readonly collection: string;
  readonly groupName: string;
  readonly policyName: string;
  readonly action: 'Allow' | 'Deny' | undefined;
  readonly policy: string;
  readonly group: string;
}

/** How a finding names a rule: built only for the rules it names (most sites shadow none). */
const labelOf = (p: Placed): string =>
  `${p.kind} rule ${p.rule.name} (collection ${p.collection}, group ${p.groupName}, policy ${p.policyName})`;

/** Network then application rules in Azure's processing order; collections of unknown place are left out. */
function inOrder(chain: PolicyChain): Placed[] {
  return (['network', 'application'] as const).flatMap((kind) =>
    orderedCollections(chain, kind).ordered.flatMap((p) => {
      const c = p.collection;
      const action = isUnknown(c.action) || c.action === 'Dnat' ? undefined : c.action;
      const group = p.policy.groups.find((g) => g.name === p.group)?.address ?? p.policy.address;
      return c.rules.map((rule) => ({
        rule,
        kind,
        collection: c.name,
        groupName: p.group,
        policyName: p.policy.name,
        action,
        policy: p.policy.address,
        group,
      }));
    }),
  );
}

/** A rule whose traffic is all decided by an earlier rule: warning behind a Deny, info behind an Allow. */
function shadowed(later: Placed, earlier: Placed): RuleResult {
  const deny = earlier.action === 'Deny';
  return violation(
    later.group,
    `${labelOf(later)} can never match`,
    `all its traffic is decided first by ${labelOf(earlier)} (${earlier.action ?? 'unknown action'})`,
    'every rule can match some traffic',
    {
      address: later.group,
      ruleName: later.rule.name,
      severity: deny ? 'warning' : 'info',
      fix: deny
        ? `the ${earlier.action} comes first in Azure's order: narrow it, or move ${later.rule.name} to an earlier collection or group`
        : `remove ${later.rule.name}: ${earlier.rule.name} already allows its traffic`,
    },
  );
}

/** The first rule before `placed[i]` that decides all its traffic. */
function firstContaining(
  placed: readonly Placed[],
  i: number,
  dnsProxy: boolean,
  containment: RuleContainment,
): Placed | undefined {
  const later = placed[i];
  for (let j = 0; j < i; j++) {
    const e = placed[j];
    if (e.action !== undefined && containment.within(later.rule, later.kind, e.rule, e.kind, dnsProxy)) return e;
  }
  return undefined;
}

/** Every rule can match something: none is provably contained in an earlier rule of Azure's processing order. */
/** Each rule's known values, read once per evaluation however many sites compare them. */
const CONTAINMENT = memoSlot<RuleContainment>('rule-shadowed: containment');

export const ruleShadowed = siteRule<RuleShadowedParams>({
  slug: 'rule-shadowed',
  description:
    "Every firewall rule can match some traffic: none is wholly decided by an earlier rule in Azure's order (parent before child, network before application, group, collection and rule order). Only proven containment is reported.",
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    const estate = estateOf(model);
    const containment = memo.get(CONTAINMENT, model, () => new RuleContainment());
    const plane = estate.sites.get(site.name);
    if (plane === undefined || site.dataplane === undefined) return [];
    const own = new Set(site.dataplane.policies.map((p) => p.address));
    const reported = new Set<string>();
    const results: RuleResult[] = [];
    for (const fw of site.dataplane.firewalls) {
      if (fw.policy === undefined || isUnknown(fw.policy)) continue;
      const chain = policyChain(estate, plane, fw.policy);
      const dnsProxy = chain.policies[chain.policies.length - 1]?.dnsProxy === true;
      const placed = inOrder(chain);
      placed.forEach((later, i) => {
        // A parent's rules are reported where the parent is declared, once.
        if (!own.has(later.policy) || later.action === undefined) return;
        const earlier = firstContaining(placed, i, dnsProxy, containment);
        if (earlier === undefined) return;
        const key = `${later.policy} ${labelOf(later)}`;
        if (reported.has(key)) return;
        reported.add(key);
        results.push(shadowed(later, earlier));
      });
    }
    return results;
  },
});
