// SPDX-License-Identifier: Apache-2.0
/** The review for bots: the same content as the Markdown, whole, as stable JSON. */
import type { Review } from './review';

/** Version of the review JSON shape; bumped on incompatible changes. */
export const REVIEW_JSON_VERSION = 1;

/** Renders the review as indented JSON ending with a newline (key order fixed by {@link Review}). */
export function renderReviewJson(review: Review): string {
  return JSON.stringify({ reviewVersion: REVIEW_JSON_VERSION, ...review }, null, 2) + '\n';
}
