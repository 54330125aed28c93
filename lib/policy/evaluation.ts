// SPDX-License-Identifier: Apache-2.0
/** What one evaluation of the policy engine produces; every report renders this. */
import type { Suppression } from '../model/suppression';
import type { Finding } from './finding';

export type { Suppression };

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
