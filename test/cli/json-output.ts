// SPDX-License-Identifier: Apache-2.0
/**
 * Typed readers for the JSON the CLI and the gate print, for tests that assert on it. Each checks
 * the version field before trusting the rest of the shape, so a test fed the wrong document fails
 * on that line rather than on an `undefined` deep inside an assertion.
 */
import { JSON_REPORT_VERSION, type JsonReport } from '../../lib/report/json';
import { REVIEW_JSON_VERSION } from '../../lib/review/json';
import type { Review } from '../../lib/review/review';

/** What `clinicnet review --format json` prints. */
export interface ReviewJson extends Review {
  readonly reviewVersion: typeof REVIEW_JSON_VERSION;
}

function versioned(text: string, key: string, version: number): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`expected a JSON object, got ${text.slice(0, 80)}`);
  }
  const record = parsed as Record<string, unknown>;
  if (record[key] !== version) throw new Error(`expected ${key} ${version}, got ${JSON.stringify(record[key])}`);
  return record;
}

/** A `check --format json` report (or the gate's clinicnet-report.json). */
export function parseJsonReport(text: string): JsonReport {
  return versioned(text, 'version', JSON_REPORT_VERSION) as unknown as JsonReport;
}

/** A `review --format json` document. */
export function parseReviewJson(text: string): ReviewJson {
  return versioned(text, 'reviewVersion', REVIEW_JSON_VERSION) as unknown as ReviewJson;
}
