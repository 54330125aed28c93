// SPDX-License-Identifier: Apache-2.0
/** A suppression: data with a reason, an owner and an expiry that travels in the model (construct suppressions) or comes from a file. */
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
