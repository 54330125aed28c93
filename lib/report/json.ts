// SPDX-License-Identifier: Apache-2.0
/**
 * The machine-readable report: what `clinicnet check --format json` prints and the
 * pre-synth gate writes to `cdktf.out/clinicnet-report.json`. Keys come in a fixed order
 * and every list is sorted, so the same evaluation always gives the same bytes.
 */
import type { Evaluation, Suppression, SuppressionState } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import { sortFindings, sortSuppressed, sortSuppressions } from '../policy/order';

export const JSON_REPORT_VERSION = 1;

/** A finding as the report prints it: every field of {@link Finding}, in that order. */
export type JsonFinding = Finding;

/** A suppression as declared (file entry or construct). */
export type JsonSuppression = Suppression;

/** A finding that a suppression silenced, with that suppression. */
export interface JsonSuppressedFinding extends JsonFinding {
  readonly suppression: JsonSuppression;
}

/** A suppression with what became of it. */
export interface JsonSuppressionStatus extends JsonSuppression {
  readonly state: SuppressionState;
  readonly matched: number;
  /** Requirement id of the governance finding, for a refused suppression. @default not refused */
  readonly refusal?: string;
}

/** The whole report. */
export interface JsonReport {
  readonly version: typeof JSON_REPORT_VERSION;
  readonly findings: JsonFinding[];
  readonly suppressed: JsonSuppressedFinding[];
  readonly suppressions: JsonSuppressionStatus[];
  /** Findings a baseline hid, sorted. @default absent: no baseline was given */
  readonly baselined?: JsonFinding[];
  /** Counts of the (unsuppressed) findings by severity. */
  readonly summary: Record<Severity, number>;
}

/** Counts findings by severity; every severity is present, zero when none. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity] += 1;
  return summary;
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    requirement: f.requirement,
    severity: f.severity,
    kind: f.kind,
    pack: f.pack,
    site: f.site,
    path: f.path,
    message: f.message,
    remediation: f.remediation,
    source: f.source,
    ...(f.ruleName !== undefined ? { ruleName: f.ruleName } : {}),
    ...(f.address !== undefined ? { address: f.address } : {}),
  };
}

function jsonSuppression(s: Suppression): JsonSuppression {
  return {
    id: s.id,
    ...(s.site !== undefined ? { site: s.site } : {}),
    ...(s.path !== undefined ? { path: s.path } : {}),
    reason: s.reason,
    owner: s.owner,
    expires: s.expires,
    declaredAt: s.declaredAt,
  };
}

/** The report for an evaluation, as data. */
export function toJsonReport(evaluation: Evaluation): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    findings: sortFindings(evaluation.findings).map(jsonFinding),
    suppressed: sortSuppressed(evaluation.suppressed).map((s) => ({
      ...jsonFinding(s.finding),
      suppression: jsonSuppression(s.suppression),
    })),
    suppressions: sortSuppressions(evaluation.suppressions).map((s) => ({
      ...jsonSuppression(s.suppression),
      state: s.state,
      matched: s.matched,
      ...(s.refusal !== undefined ? { refusal: s.refusal } : {}),
    })),
    ...(evaluation.baselined !== undefined ? { baselined: sortFindings(evaluation.baselined).map(jsonFinding) } : {}),
    summary: countBySeverity(evaluation.findings),
  };
}

/** The report as text: 2-space indent, trailing newline. */
export function renderJsonReport(evaluation: Evaluation): string {
  return `${JSON.stringify(toJsonReport(evaluation), null, 2)}\n`;
}
