// SPDX-License-Identifier: Apache-2.0
/**
 * The firewall policy's rule collection groups for one site. Rules arrive one call at a
 * time; every change re-emits the affected group with collections and rules sorted by
 * name, so the synthesized JSON does not depend on the order of calls.
 */
import { Construct } from 'constructs';
import type {
  FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule as ApplicationRule,
  FirewallPolicyRuleCollectionGroupNatRuleCollectionRule as NatRule,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule as NetworkRule,
} from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { compareText } from '../core/compare';
import { defineError } from '../core/errors';
import { addressOf } from './values';

export type { ApplicationRule, NatRule, NetworkRule };

/** Where a rule goes: each collection has a fixed name, group and priority. */
export type CollectionId =
  | 'inbound-dnat'
  | 'inbound-from-vpn'
  | 'bypass-no-inspection'
  | 'egress-network-by-hostname'
  | 'egress-network-by-address'
  | 'egress-application';

type GroupName = 'inbound' | 'egress';

interface CollectionSpec {
  readonly group: GroupName;
  readonly priority: number;
  readonly action: 'Allow' | 'Dnat';
}

/** Fixed layout: DNAT first, then the bypass rules ahead of ordinary application rules. */
const COLLECTIONS: Record<CollectionId, CollectionSpec> = {
  'inbound-dnat': { group: 'inbound', priority: 110, action: 'Dnat' },
  // Traffic from estate sites over site-to-site VPN crosses this firewall on the way in.
  'inbound-from-vpn': { group: 'inbound', priority: 120, action: 'Allow' },
  'bypass-no-inspection': { group: 'egress', priority: 210, action: 'Allow' },
  'egress-network-by-hostname': { group: 'egress', priority: 220, action: 'Allow' },
  'egress-network-by-address': { group: 'egress', priority: 230, action: 'Allow' },
  'egress-application': { group: 'egress', priority: 240, action: 'Allow' },
};

const GROUP_PRIORITY = { inbound: 100, egress: 200 } as const;

const ruleNameTaken = defineError({
  code: 'FW-RULE-NAME-TAKEN',
  title: 'Two firewall rules of one site have the same name.',
  message: (site: string, name: string) =>
    `duplicate rule name on site ${site} — got "${name}" twice, expected names unique within the site; fix: rename one of the flows, forwards or bypass lists`,
  example: ['nsw-gp', 'lumos-ftps-control'],
});

const ruleNameInvalid = defineError({
  code: 'FW-RULE-NAME-INVALID',
  title: 'A firewall rule name is empty, too long or uses characters Azure does not accept.',
  message: (name: string) =>
    `invalid rule name — got "${name}", expected 1–80 letters, digits, '-', '_' or '.', starting with a letter or digit; fix: choose a short descriptive name such as lumos-ftps-control`,
  example: ['lumos ftps'],
});

/** Where a placed rule ended up, for the model. */
export interface Placement {
  readonly collection: CollectionId;
  readonly priority: number;
  readonly path: string;
  readonly address: string;
}

/** Rule collection groups of one firewall policy. */
export class FirewallRules extends Construct {
  private readonly names = new Set<string>();
  private readonly application = new Map<CollectionId, ApplicationRule[]>();
  private readonly network = new Map<CollectionId, NetworkRule[]>();
  private readonly nat = new Map<CollectionId, NatRule[]>();
  private readonly groups = new Map<GroupName, FirewallPolicyRuleCollectionGroup>();

  public constructor(
    scope: Construct,
    id: string,
    private readonly siteName: string,
    private readonly policyId: string,
  ) {
    super(scope, id);
  }

  /** Throws when `name` is not a valid, unused rule name on this site. */
  public checkName(name: string): void {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(name)) throw ruleNameInvalid(name);
    if (this.names.has(name)) throw ruleNameTaken(this.siteName, name);
  }

  /** Adds an application rule (HTTP, HTTPS, MSSQL). */
  public addApplicationRule(
    collection: 'bypass-no-inspection' | 'egress-application',
    rule: ApplicationRule,
  ): Placement {
    return this.add(collection, rule, this.application);
  }

  /** Adds a network rule (any protocol, by FQDN or address). */
  public addNetworkRule(
    collection: 'egress-network-by-hostname' | 'egress-network-by-address' | 'inbound-from-vpn',
    rule: NetworkRule,
  ): Placement {
    return this.add(collection, rule, this.network);
  }

  /** Adds an inbound DNAT rule. */
  public addNatRule(rule: NatRule): Placement {
    return this.add('inbound-dnat', rule, this.nat);
  }

  private add<R extends { readonly name: string }>(
    collection: CollectionId,
    rule: R,
    into: Map<CollectionId, R[]>,
  ): Placement {
    this.checkName(rule.name);
    this.names.add(rule.name);
    into.set(
      collection,
      [...(into.get(collection) ?? []), rule].sort((a, b) => compareText(a.name, b.name)),
    );
    const spec = COLLECTIONS[collection];
    const group = this.group(spec.group);
    const application = this.collections(spec.group, this.application);
    const network = this.collections(spec.group, this.network);
    const nat = this.collections(spec.group, this.nat);
    if (application.length > 0) group.putApplicationRuleCollection(application);
    if (network.length > 0) group.putNetworkRuleCollection(network);
    if (nat.length > 0) group.putNatRuleCollection(nat);
    return { collection, priority: spec.priority, path: group.node.path, address: addressOf(group) };
  }

  private collections<R>(group: GroupName, rules: Map<CollectionId, R[]>) {
    return [...rules.keys()]
      .filter((id) => COLLECTIONS[id].group === group)
      .sort()
      .map((id) => ({
        name: id,
        priority: COLLECTIONS[id].priority,
        action: COLLECTIONS[id].action,
        rule: rules.get(id) ?? [],
      }));
  }

  private group(name: GroupName): FirewallPolicyRuleCollectionGroup {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = new FirewallPolicyRuleCollectionGroup(this, name, {
        name: `rcg-${name}`,
        firewallPolicyId: this.policyId,
        priority: GROUP_PRIORITY[name],
      });
      this.groups.set(name, group);
    }
    return group;
  }
}
