// SPDX-License-Identifier: Apache-2.0
/**
 * The firewall policy's rule collection groups for one site. Rules arrive one call at a
 * time; every change re-emits the affected group. Terraform diffs the collection and rule
 * lists by position, so their order is append-only: the order the estate's ledger recorded
 * (lib/constructs/ledger.ts) comes first and what is new is appended — collections by id,
 * rules by name, so the synthesized JSON does not depend on the order of calls. Without a
 * ledger that is simply collections by id and rules by name.
 */
import { Construct } from 'constructs';
import type {
  FirewallPolicyRuleCollectionGroupApplicationRuleCollection as ApplicationCollection,
  FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule as ApplicationRule,
  FirewallPolicyRuleCollectionGroupNatRuleCollection as NatCollection,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollection as NetworkCollection,
  FirewallPolicyRuleCollectionGroupNatRuleCollectionRule as NatRule,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule as NetworkRule,
} from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { compareText } from '../core/compare';
import { defineError } from '../core/errors';
import { ledgerOf, type CollectionOrder } from './ledger';
import { COLLECTIONS, GROUP_PRIORITY, type CollectionId, type GroupName, type RuleKind } from './rule-collections';
import { addressOf } from './values';

export type { ApplicationRule, NatRule, NetworkRule };
export type { CollectionId } from './rule-collections';

type AnyRule = ApplicationRule | NetworkRule | NatRule;

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
  private readonly rules = new Map<CollectionId, Map<string, AnyRule>>();
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
    return this.add(collection, rule);
  }

  /** Adds a network rule (any protocol, by FQDN or address). */
  public addNetworkRule(
    collection: 'egress-network-by-hostname' | 'egress-network-by-address' | 'inbound-from-vpn',
    rule: NetworkRule,
  ): Placement {
    return this.add(collection, rule);
  }

  /** Adds an inbound DNAT rule. */
  public addNatRule(rule: NatRule): Placement {
    return this.add('inbound-dnat', rule);
  }

  private add(collection: CollectionId, rule: AnyRule): Placement {
    this.checkName(rule.name);
    this.names.add(rule.name);
    const rules = this.rules.get(collection) ?? new Map<string, AnyRule>();
    this.rules.set(collection, rules.set(rule.name, rule));
    const ledger = ledgerOf(this);
    const order = arrange(ledger?.firewallOrder(this.siteName) ?? [], this.rules);
    ledger?.recordFirewallOrder(this.siteName, order);
    const spec = COLLECTIONS[collection];
    const group = this.group(spec.group);
    // Each collection holds rules of its own kind only (the add* methods' signatures see to it).
    const application = this.collections(spec.group, 'application', order) as ApplicationCollection[];
    const network = this.collections(spec.group, 'network', order) as NetworkCollection[];
    const nat = this.collections(spec.group, 'nat', order) as NatCollection[];
    if (application.length > 0) group.putApplicationRuleCollection(application);
    if (network.length > 0) group.putNetworkRuleCollection(network);
    if (nat.length > 0) group.putNatRuleCollection(nat);
    return { collection, priority: spec.priority, path: group.node.path, address: addressOf(group) };
  }

  /** One of a group's three collection lists, in the arranged order. */
  private collections(group: GroupName, kind: RuleKind, order: readonly CollectionOrder[]) {
    return order
      .filter(({ collection }) => COLLECTIONS[collection].group === group && COLLECTIONS[collection].kind === kind)
      .map(({ collection, rules }) => ({
        name: collection,
        priority: COLLECTIONS[collection].priority,
        action: COLLECTIONS[collection].action,
        rule: rules.map((name) => this.rules.get(collection)?.get(name) as AnyRule),
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

/**
 * Append-only order: the collections and rules `recorded` lists (those still present) keep
 * their places; new collections follow by id, new rules at the end of their collection by name.
 */
export function arrange(
  recorded: readonly CollectionOrder[],
  present: ReadonlyMap<CollectionId, ReadonlyMap<string, unknown>>,
): CollectionOrder[] {
  const kept = recorded.filter((c) => present.has(c.collection));
  const added = [...present.keys()].filter((id) => !kept.some((c) => c.collection === id)).sort();
  const ids = [...kept.map((c) => c.collection), ...added];
  return ids.map((id) => {
    const names = present.get(id) ?? new Map<string, unknown>();
    const before = (recorded.find((c) => c.collection === id)?.rules ?? []).filter((n) => names.has(n));
    const after = [...names.keys()].filter((n) => !before.includes(n)).sort(compareText);
    return { collection: id, rules: [...before, ...after] };
  });
}
