// SPDX-License-Identifier: Apache-2.0
/**
 * Something the reader of an input could not read completely. It lives in the model layer
 * so the policy pipeline can turn it into a finding without depending on the reader.
 */
export interface InputProblem {
  /** Site the resource belongs to; empty when it belongs to none. */
  readonly site: string;
  /** Terraform address of the resource. */
  readonly address: string;
  /** Terraform resource type (`azurerm_firewall_policy_rule_collection_group`). */
  readonly resourceType: string;
  /** What could not be read, in a few words. */
  readonly message: string;
  /**
   * The model field the unreadable value feeds (`EgressFlow.ports`), when the reader knows it;
   * it decides the severity of the unknown (lib/policy/unknowns.ts) ahead of `attribute`.
   * @default unnamed: `attribute` decides
   */
  readonly field?: string;
  /**
   * The Terraform attribute that could not be read, as Terraform writes its path
   * (`nat_rule_collection[0].rule[1].source_addresses`); lib/policy/unknowns.ts decides from it
   * (and `resourceType`) whether the unknown could widen exposure.
   * @default the resource as a whole: an unknown at warning level
   */
  readonly attribute?: string;
  /**
   * The action of the firewall rule collection or NSG rule the attribute belongs to, when the
   * input states it: an unknown in a Deny rule cannot widen exposure. A DNAT collection is `Allow`.
   * @default not in a rule, or its action is not stated
   */
  readonly action?: 'Allow' | 'Deny';
}
