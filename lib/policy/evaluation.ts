// SPDX-License-Identifier: Apache-2.0
/** What one evaluation of the policy engine produces; every report renders this. */
import type { Finding } from './finding';

/** A suppression: data with a reason, an owner and an expiry (see DESIGN.md). */
export interface Suppression {
  /** Requirement id (`LUMOS-TLS12`) or rule slug it silences. */
  readonly id: string;
  /** Only findings of this site. @default every site */
  readonly site?: string;
  /** Only findings whose path equals or starts with this path. @default every path */
  readonly path?: string;
  /** Why, at least 10 characters. */
  readonly reason: string;
  /** Who answers for it (person or team). */
  readonly owner: string;
  /** ISO date (YYYY-MM-DD) after which it no longer applies and becomes an error. */
  readonly expires: string;
  /** Where it was declared: construct path or `file:line`. */
  readonly declaredAt: string;
}

export type SuppressionState = 'applied' | 'unused' | 'expired';

export interface SuppressionStatus {
  readonly suppression: Suppression;
  readonly state: SuppressionState;
  /** Number of findings it silenced. */
  readonly matched: number;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: Suppression;
}

export interface Evaluation {
  /** Findings left after suppressions, sorted deterministically. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Every suppression, applied or not, sorted. */
  readonly suppressions: SuppressionStatus[];
}
