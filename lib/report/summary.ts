// SPDX-License-Identifier: Apache-2.0
/** The one-screen summary the pre-synth gate prints: sites, packs, findings by severity, suppressions. */
import type { NetworkModel } from '../model/types';
import type { Evaluation } from '../policy/evaluation';
import type { Severity } from '../policy/finding';
import { countBySeverity } from './json';
import { severityCounts } from './text';
import { guardCiLines, terminalText } from '../core/escape';

/** What the summary needs besides the evaluation: the pack ids each site was checked against. */
export interface SummaryInput {
  readonly model: NetworkModel;
  readonly evaluation: Evaluation;
  /** Pack ids per site name, as the engine applied them. */
  readonly packsBySite: Readonly<Record<string, readonly string[]>>;
}

/** A few lines: one per site, an estate-wide line when needed, totals and suppressions; input escaped for a CI log. Ends with a newline. */
export function renderSummary({ model, evaluation, packsBySite }: SummaryInput): string {
  const lines = [`clinicnet policy gate: ${model.sites.length} site${model.sites.length === 1 ? '' : 's'}`];
  const names = new Map(model.sites.map((s) => [s, terminalText(s.name)]));
  const width = Math.max(0, ...[...names.values()].map((name) => name.length));
  for (const site of model.sites) {
    const counts = countBySeverity(evaluation.findings.filter((f) => f.site === site.name));
    const packs = (packsBySite[site.name] ?? []).map(terminalText).join(', ');
    lines.push(
      `  ${(names.get(site) ?? '').padEnd(width)}  ${terminalText(site.kind).padEnd(6)}  ${severityCounts(counts).padEnd(30)}  packs: ${packs}`,
    );
  }
  const estate = evaluation.findings.filter((f) => f.site === '*' || !model.sites.some((s) => s.name === f.site));
  if (estate.length > 0)
    lines.push(`  ${'estate-wide'.padEnd(width)}          ${severityCounts(countBySeverity(estate))}`);
  const total: Record<Severity, number> = countBySeverity(evaluation.findings);
  lines.push(`Findings: ${severityCounts(total)}; ${evaluation.suppressed.length} suppressed`);
  const states = { applied: 0, unused: 0, expired: 0, refused: 0 };
  for (const s of evaluation.suppressions) states[s.state] += 1;
  lines.push(
    `Suppressions: ${evaluation.suppressions.length} (${states.applied} applied, ${states.unused} unused, ${states.expired} expired${states.refused > 0 ? `, ${states.refused} refused` : ''})`,
  );
  lines.push(total.error > 0 ? 'Result: FAILED — fix the errors listed below before synthesizing' : 'Result: passed');
  return guardCiLines(`${lines.join('\n')}\n`);
}
