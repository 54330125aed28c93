// SPDX-License-Identifier: Apache-2.0
/**
 * The gate's policy evaluation of the read-back estate, assembled exactly as `clinicnet check`
 * assembles it (lib/cli/check.ts `runCheck`): rule findings, reader problems as findings,
 * the suppressions the stacks carry, one order. It is one function so that the policy
 * pipeline (`runPolicy` in lib/policy/pipeline.ts) replaces it with one call.
 */
import type { Evaluation } from '../policy/evaluation';
import { evaluate } from '../policy/engine';
import type { Finding } from '../policy/finding';
import { sortFindings } from '../policy/order';
import type { Pack } from '../policy/pack';
import { applySuppressions } from '../policy/suppressions';
import type { ReadProblem, ReadResult } from '../terraform';

/** How the staged estate is evaluated. */
export interface StagedEvaluationOptions {
  /** Packs to evaluate. */
  readonly packs: readonly Pack[];
  /** Pack ids applied to every site. */
  readonly extraPacks: readonly string[];
  /** YYYY-MM-DD for suppression expiry. */
  readonly today: string;
}

/** Evaluates a read-back estate the way `clinicnet check` does, so both give the same report. */
export function evaluateStaged(read: ReadResult, options: StagedEvaluationOptions): Evaluation {
  const unsuppressed = evaluate(read.model, { packs: [...options.packs], extraPacks: [...options.extraPacks] });
  const outcome = applySuppressions(
    [...unsuppressed.findings, ...read.problems.map(problemFinding)],
    read.suppressions,
    options.today,
  );
  return { findings: sortFindings(outcome.findings), suppressed: outcome.suppressed, suppressions: outcome.statuses };
}

// Until lib/policy owns built-in findings, a copy of lib/cli/check.ts `problemFinding`
// (constructs may not import the CLI); test/constructs/evaluate-staged.test.ts keeps them equal.
function problemFinding(problem: ReadProblem): Finding {
  return {
    rule: 'terraform-reader',
    requirement: 'CLINICNET-UNREADABLE',
    severity: 'warning',
    kind: 'unknown',
    pack: 'clinicnet',
    site: problem.site === '' ? '*' : problem.site,
    path: problem.address,
    message:
      `[CLINICNET-UNREADABLE] ${problem.resourceType} could not be fully read — got ${problem.message}, ` +
      'expected every value the checks need; fix: make the value known before apply, or check the synthesized JSON instead',
    remediation:
      'Give the value a literal or a reference clinicnet can resolve; until then the requirements that depend on it are unproven.',
    source: 'clinicnet terraform reader',
  };
}
