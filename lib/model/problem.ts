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
   * The model field the unreadable value feeds (`EgressFlow.ports`), so the severity of the
   * unknown can be decided (lib/policy/unknowns.ts). @default unnamed: an unknown at warning level
   */
  readonly field?: string;
}
