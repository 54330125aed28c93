// SPDX-License-Identifier: Apache-2.0
/** The one order every report lists findings and suppressions in, so output is byte-stable. */
import { compareText as text } from '../core/compare';
import type { SuppressedFinding, SuppressionStatus } from './evaluation';
import type { Finding } from './finding';
import { SEVERITY_ORDER } from './finding';

/** Site, then severity (errors first), requirement, path, rule, message, rule name. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    text(a.site, b.site) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    text(a.requirement, b.requirement) ||
    text(a.path, b.path) ||
    text(a.rule, b.rule) ||
    text(a.message, b.message) ||
    text(a.ruleName ?? '', b.ruleName ?? '')
  );
}

/** Findings in report order (a sorted copy). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Suppressed findings in the order of their findings, then suppression id. */
export function sortSuppressed(suppressed: readonly SuppressedFinding[]): SuppressedFinding[] {
  return [...suppressed].sort(
    (a, b) => compareFindings(a.finding, b.finding) || text(a.suppression.id, b.suppression.id),
  );
}

/** Suppressions by id, then site, path and where they were declared. */
export function sortSuppressions(statuses: readonly SuppressionStatus[]): SuppressionStatus[] {
  return [...statuses].sort(
    (a, b) =>
      text(a.suppression.id, b.suppression.id) ||
      text(a.suppression.site ?? '', b.suppression.site ?? '') ||
      text(a.suppression.path ?? '', b.suppression.path ?? '') ||
      declarationOrder(a.suppression.declaredAt, b.suppression.declaredAt),
  );
}

/** `FILE:LINE` declarations of one file in line order (`:9` before `:10`); anything else as text. */
function declarationOrder(a: string, b: string): number {
  const x = /^(.*):(\d+)$/.exec(a);
  const y = /^(.*):(\d+)$/.exec(b);
  if (x === null || y === null || x[1] !== y[1]) return text(a, b);
  return Number(x[2]) - Number(y[2]);
}

/**
 * The key a baseline and a review match findings on: rule, requirement, site, path and, when the
 * finding is about one rule of a collection, that rule's name (two rules of one group differ).
 */
export function findingKey(finding: Pick<Finding, 'rule' | 'requirement' | 'site' | 'path' | 'ruleName'>): string {
  return [finding.rule, finding.requirement, finding.site, finding.path, finding.ruleName ?? ''].join('\u0000');
}
