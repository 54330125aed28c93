// SPDX-License-Identifier: Apache-2.0
/**
 * The one policy pipeline. `check`, `review` and the synth gate call {@link runPolicy} and
 * nothing else, so the same input and suppressions give the same findings everywhere:
 * rules → reader problems as findings → suppressions (with governance) → baseline → order.
 */
import type { InputProblem } from '../model/problem';
import type { NetworkModel } from '../model/types';
import { applyBaseline, type BaselineEntry } from './baseline';
import { problemFinding } from './builtin';
import { runRules } from './engine';
import type { Evaluation, Suppression } from './evaluation';
import { governanceFor } from './governance';
import type { Pack } from './pack';
import { builtinPacks } from './pack';
import { sortFindings } from './order';
import { applySuppressions } from './suppressions';

/** Everything a run of the pipeline may be told besides the model and the reader's problems. */
export interface PolicyOptions {
  /** @default the built-in packs of `policies/` */
  readonly packs?: readonly Pack[];
  /** Pack ids applied to every site in addition to its own (a CLI `--packs`). @default none */
  readonly extraPacks?: readonly string[];
  /** Suppressions from a file and from the input's constructs, all together. @default none */
  readonly suppressions?: readonly Suppression[];
  /** Findings of an earlier report to hide, matched by count. @default no baseline */
  readonly baseline?: readonly BaselineEntry[];
  /** YYYY-MM-DD, for suppression expiry and the governance horizon. @default today (UTC) */
  readonly today?: string;
  /** Longest a suppression may run, in days from `today`. @default 365 */
  readonly maxSuppressionDays?: number;
}

/** Today's date in UTC, YYYY-MM-DD. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * Evaluates the model: runs the rules, turns the reader's problems into findings, applies
 * suppressions and their governance, then the baseline, and sorts.
 */
export function runPolicy(
  model: NetworkModel,
  problems: readonly InputProblem[],
  options: PolicyOptions = {},
): Evaluation {
  const packs = options.packs ?? builtinPacks();
  const today = options.today ?? todayUtc();
  const findings = [...runRules(model, { packs, extraPacks: options.extraPacks }), ...problems.map(problemFinding)];
  const governance = governanceFor(packs, today, options.maxSuppressionDays);
  const outcome = applySuppressions(findings, options.suppressions ?? [], today, governance);
  const evaluation: Evaluation = {
    findings: sortFindings(outcome.findings),
    suppressed: outcome.suppressed,
    suppressions: outcome.statuses,
  };
  if (options.baseline === undefined) return evaluation;
  // After suppressions: a suppressed finding is reported as suppressed, never as baselined.
  const { findings: left, baselined } = applyBaseline(
    evaluation.findings,
    options.baseline,
    (f) => !governance.unsuppressible.has(f.requirement),
  );
  return { ...evaluation, findings: left, baselined };
}
