// SPDX-License-Identifier: Apache-2.0
/**
 * GitLab's Code Quality report (`artifacts: reports: codequality`): a JSON array of issues,
 * each with a description, check name, fingerprint, severity and location. Fingerprints are
 * the SARIF ones (requirement, rule, site, address, rule name; never the message), so an
 * issue keeps its fingerprint across runs and GitLab can tell new issues from old ones.
 * Suppressed and baselined findings are left out: the merge-request widget shows what is open.
 */
import type { Evaluation } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import { sortFindings } from '../policy/order';
import type { ReportContext } from './context';
import { fingerprints } from './sarif';

/** GitLab's severities: `info`, `minor`, `major`, `critical`, `blocker`. */
const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

/** One Code Quality issue, as GitLab documents the format. */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'major' | 'minor' | 'info';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * The line the user declared a finding's subject on (a `.ts` call site or a `.tf` block), the
 * same as SARIF's; else the input file — Terraform JSON has no lines and GitLab wants one, so
 * its first — else the finding's path.
 */
function locationOf(f: Finding, context: ReportContext): CodeQualityIssue['location'] {
  const declared = context.locationOf?.(f);
  if (declared !== undefined) return { path: declared.file.replace(/\\/g, '/'), lines: { begin: declared.line ?? 1 } };
  return { path: (context.fileOf?.(f) ?? f.path).replace(/\\/g, '/'), lines: { begin: 1 } };
}

/** The report as indented JSON ending with a newline; `[]` when there are no findings. */
export function renderGitlab(evaluation: Evaluation, context: ReportContext = {}): string {
  const findings = sortFindings(evaluation.findings);
  const prints = fingerprints(findings);
  const issues: CodeQualityIssue[] = findings.map((f, i) => ({
    description: f.message,
    check_name: f.requirement,
    fingerprint: prints[i],
    severity: SEVERITY[f.severity],
    location: locationOf(f, context),
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
