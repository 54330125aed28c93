// SPDX-License-Identifier: Apache-2.0
/** What one evaluation of the policy engine produces; every report renders this. */
import type { Suppression } from '../model/suppression';
import type { Finding } from './finding';
import type { Refusal } from './governance';

export type { Suppression };

/**
 * `applied`: silenced at least one finding; `unused`: matched none; `expired`: past its date;
 * `refused`: breaks suppression governance (lib/policy/governance.ts) and silences nothing.
 */
export type SuppressionState = 'applied' | 'unused' | 'expired' | 'refused';

export interface SuppressionStatus {
  readonly suppression: Suppression;
  readonly state: SuppressionState;
  /** Number of findings it silenced. */
  readonly matched: number;
  /** For a refused suppression: the requirement id of the governance finding. @default not refused */
  readonly refusal?: Refusal;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: Suppression;
}

export interface Evaluation {
  /** Findings left after suppressions and baseline, sorted deterministically. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Every suppression, applied or not, sorted. */
  readonly suppressions: SuppressionStatus[];
  /** Findings a baseline hid, sorted. @default absent: no baseline was given */
  readonly baselined?: Finding[];
}
