// SPDX-License-Identifier: Apache-2.0
/** The human report: findings by severity (errors first), then site, each with where, fix and guide. */
import type { Evaluation, Suppression } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import { SEVERITY_ORDER } from '../policy/finding';
import type { ReportContext } from './context';
import { countBySeverity } from './json';
import { compareFindings, sortSuppressed, sortSuppressions } from '../policy/order';
import { guardCiLines, terminalText as t } from '../core/escape';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning, 0 info` */
export function severityCounts(counts: Record<Severity, number>): string {
  return [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`].join(', ');
}

/** The site heading: `*` marks estate-wide findings. Plain text: the caller escapes it for its output. */
export function siteLabel(site: string): string {
  return site === '*' ? 'Estate-wide' : `Site ${site}`;
}

function scope(s: Suppression): string {
  const parts = [s.site !== undefined ? `site ${t(s.site)}` : 'every site'];
  if (s.path !== undefined) parts.push(`path ${t(s.path)}*`);
  return parts.join(', ');
}

function findingLines(f: Finding, context: ReportContext): string[] {
  const file = context.fileOf?.(f);
  return [
    `  ${f.severity.toUpperCase()} ${t(f.requirement)}: ${t(f.message)}`,
    `    Rule: ${t(f.rule)} (pack ${t(f.pack)}${f.kind === 'unknown' ? ', could not be evaluated' : ''})`,
    `    Resource: ${t(f.path)}`,
    ...(file !== undefined ? [`    File: ${t(file)}`] : []),
    `    Fix: ${t(f.remediation)}`,
    `    Guide: ${t(f.source)}`,
  ];
}

const SEVERITY_HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

/**
 * Severity first, so what fails the check is read first; then the report order every format
 * shares (site, requirement, path). Only this format reorders: the others keep that order.
 */
function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareFindings(a, b);
}

/** The findings under a heading per severity and, within it, per site. */
function findingSections(findings: readonly Finding[], context: ReportContext): string[] {
  const lines: string[] = [];
  let severity: Severity | undefined;
  let site: string | undefined;
  for (const f of findings) {
    if (f.severity !== severity) {
      severity = f.severity;
      site = undefined;
      const count = findings.filter((g) => g.severity === severity).length;
      lines.push('', `${SEVERITY_HEADINGS[severity]} (${count})`);
    }
    if (f.site !== site) {
      site = f.site;
      lines.push('', t(siteLabel(site)));
    }
    lines.push(...findingLines(f, context));
  }
  return lines;
}

/** Renders the evaluation for a terminal or CI log, every input value escaped; ends with a newline. */
export function renderTextReport(evaluation: Evaluation, context: ReportContext = {}): string {
  const findings = [...evaluation.findings].sort(bySeverity);
  const lines = [
    `clinicnet check: ${severityCounts(countBySeverity(findings))}; ` +
      `${evaluation.suppressed.length} suppressed; ${plural(evaluation.suppressions.length, 'suppression')}`,
  ];
  if ((context.hiddenByBaseline ?? 0) > 0) {
    lines.push(`${plural(context.hiddenByBaseline ?? 0, 'finding')} already in the baseline not shown`);
  }
  if (findings.length === 0) lines.push('', 'No findings.');
  // One line per finding: a loop, not an argument spread (its length follows the input).
  for (const line of findingSections(findings, context)) lines.push(line);
  const suppressed = sortSuppressed(evaluation.suppressed);
  if (suppressed.length > 0) {
    lines.push('', `Suppressed findings (${suppressed.length})`);
    for (const { finding: f, suppression: s } of suppressed) {
      lines.push(
        `  ${f.severity.toUpperCase()} ${t(f.requirement)} at ${t(f.site)} ${t(f.path)} — suppressed by ${t(s.id)} (${t(s.owner)}, until ${t(s.expires)}): ${t(s.reason)}`,
      );
    }
  }
  const statuses = sortSuppressions(evaluation.suppressions);
  if (statuses.length > 0) {
    lines.push('', `Suppressions (${statuses.length})`);
    for (const { suppression: s, state, matched } of statuses) {
      lines.push(
        `  ${t(s.id)} [${state}, ${matched} matched] ${scope(s)}; owner ${t(s.owner)}; expires ${t(s.expires)}; declared at ${t(s.declaredAt)}`,
      );
    }
  }
  return guardCiLines(`${lines.join('\n')}\n`);
}
