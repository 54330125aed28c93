// SPDX-License-Identifier: Apache-2.0
/** A compact summary for a pull-request comment: counts, a findings table, suppressions folded away. */
import type { Evaluation } from '../policy/evaluation';
import type { Finding } from '../policy/finding';
import type { ReportContext } from './context';
import { countBySeverity } from './json';
import { sortFindings, sortSuppressed, sortSuppressions } from '../policy/order';
import { severityCounts } from './text';
import { markdownText } from '../core/escape';

/** Findings listed in full; the rest are counted, so a comment stays under forge size limits. */
export const MARKDOWN_MAX_ROWS = 50;

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function findingRow(f: Finding): string {
  return row([
    `${ICON[f.severity]} ${f.severity}`,
    markdownText(f.requirement),
    markdownText(f.site),
    markdownText(f.path),
    markdownText(f.message),
  ]);
}

/** Renders the evaluation as Markdown; ends with a newline. */
export function renderMarkdown(evaluation: Evaluation, context: ReportContext = {}): string {
  const findings = sortFindings(evaluation.findings);
  const counts = countBySeverity(findings);
  const status = counts.error > 0 ? ICON.error : counts.warning > 0 ? ICON.warning : '✅';
  const lines = [`### ${status} clinicnet check: ${severityCounts(counts)}`, ''];
  const hidden = context.hiddenByBaseline ?? 0;
  if (hidden > 0) lines.push(`${hidden} finding${hidden === 1 ? '' : 's'} already in the baseline not shown.`, '');
  if (findings.length > 0) {
    lines.push(
      row(['Severity', 'Requirement', 'Site', 'Resource', 'Finding']),
      row(['---', '---', '---', '---', '---']),
    );
    lines.push(...findings.slice(0, MARKDOWN_MAX_ROWS).map(findingRow));
    if (findings.length > MARKDOWN_MAX_ROWS)
      lines.push('', `…and ${findings.length - MARKDOWN_MAX_ROWS} more; see the full report.`);
    lines.push('');
  }
  const suppressed = sortSuppressed(evaluation.suppressed);
  if (suppressed.length > 0) {
    lines.push(`<details><summary>Suppressed findings (${suppressed.length})</summary>`, '');
    lines.push(
      row(['Requirement', 'Site', 'Resource', 'Suppression', 'Owner', 'Expires', 'Reason']),
      row(Array<string>(7).fill('---')),
    );
    for (const { finding: f, suppression: s } of suppressed.slice(0, MARKDOWN_MAX_ROWS)) {
      lines.push(row([f.requirement, f.site, f.path, s.id, s.owner, s.expires, s.reason].map(markdownText)));
    }
    if (suppressed.length > MARKDOWN_MAX_ROWS)
      lines.push('', `…and ${suppressed.length - MARKDOWN_MAX_ROWS} more; see the full report.`);
    lines.push('', '</details>', '');
  }
  const statuses = sortSuppressions(evaluation.suppressions);
  if (statuses.length > 0) {
    lines.push(`<details><summary>Suppressions (${statuses.length})</summary>`, '');
    lines.push(
      row(['Suppression', 'Site', 'Path', 'State', 'Matched', 'Owner', 'Expires', 'Declared at']),
      row(Array<string>(8).fill('---')),
    );
    for (const { suppression: s, state, matched } of statuses) {
      lines.push(
        row(
          [s.id, s.site ?? '*', s.path ?? '*', state, String(matched), s.owner, s.expires, s.declaredAt].map(
            markdownText,
          ),
        ),
      );
    }
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
