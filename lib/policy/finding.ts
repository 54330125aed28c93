// SPDX-License-Identifier: Apache-2.0
/** The shape every source of findings produces and every report renders. */

export type Severity = 'error' | 'warning' | 'info';

/**
 * `violation`: the model breaks the requirement.
 * `unknown`: a value the requirement depends on could not be evaluated (always reported
 * at warning level or above, never treated as a pass).
 */
export type FindingKind = 'violation' | 'unknown';

export interface Finding {
  /** Rule slug (`egress-by-hostname`). */
  readonly rule: string;
  /** Catalog requirement id (`LUMOS-BY-HOSTNAME`). */
  readonly requirement: string;
  readonly severity: Severity;
  readonly kind: FindingKind;
  /** Pack the requirement came from (`lumos`). */
  readonly pack: string;
  /** Site name, or `*` for an estate-wide finding. */
  readonly site: string;
  /** Construct path, or Terraform address when read from JSON. */
  readonly path: string;
  /** `[ID] problem — got X, expected Y; fix: Z` */
  readonly message: string;
  readonly remediation: string;
  /** Vendor document and section the requirement comes from. */
  readonly source: string;
  /**
   * Name of the rule inside its collection (a firewall or NSG rule), when the finding is about
   * one: with `path` naming the collection group it tells two rules of one group apart.
   * @default absent: the finding is about the whole element at `path`
   */
  readonly ruleName?: string;
  /** Terraform address of the offending resource, when `path` is a construct path. @default `path` */
  readonly address?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
