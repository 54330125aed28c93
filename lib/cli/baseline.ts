// SPDX-License-Identifier: Apache-2.0
/** `--baseline FILE`: a previous JSON report; findings it already had are not reported again. */
import Ajv from 'ajv';
import { defineError } from '../core/errors';
import type { Evaluation } from '../policy/evaluation';
import { findingKey } from '../policy/order';
import { readDataFile } from './data-file';

// Only what matching needs: later report versions may add fields, and old reports stay usable.
const BASELINE_SCHEMA = {
  type: 'object',
  required: ['version', 'findings'],
  properties: {
    version: { const: 1 },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'requirement', 'site', 'path'],
        properties: {
          rule: { type: 'string' },
          requirement: { type: 'string' },
          site: { type: 'string' },
          path: { type: 'string' },
        },
      },
    },
  },
} as const;

const baselineInvalid = defineError({
  code: 'BASELINE-INVALID',
  title: 'A --baseline file is not a clinicnet JSON report.',
  message: (file: string, where: string, problem: string) =>
    `not a clinicnet JSON report: ${file} at ${where} — got a value that ${problem}, ` +
    `expected {"version":1,"findings":[{rule, requirement, site, path, …}]}; fix: pass a report written by \`clinicnet check --format json\``,
  example: ['baseline.json', '/findings/0', "must have required property 'path'"],
});

/** The findings of a baseline, as a set of match keys (rule, requirement, site, path). */
export function loadBaseline(file: string): Set<string> {
  const data = readDataFile(file);
  const validate = new Ajv({ allErrors: false }).compile(BASELINE_SCHEMA);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw baselineInvalid(file, error?.instancePath || 'the top level', error?.message ?? 'is not valid');
  }
  return new Set((data as { findings: Parameters<typeof findingKey>[0][] }).findings.map(findingKey));
}

/** The evaluation without the findings the baseline already has, and how many were left out. */
export function applyBaseline(
  evaluation: Evaluation,
  known: ReadonlySet<string>,
): { evaluation: Evaluation; hidden: number } {
  const findings = evaluation.findings.filter((f) => !known.has(findingKey(f)));
  return { evaluation: { ...evaluation, findings }, hidden: evaluation.findings.length - findings.length };
}
