// SPDX-License-Identifier: Apache-2.0
/**
 * `--baseline FILE`: a previous JSON report; each finding it had hides one matching finding
 * (lib/policy/baseline.ts matches by count), and every report says how many it hid.
 */
import Ajv from 'ajv';
import { defineError } from '../core/errors';
import type { BaselineEntry } from '../policy/baseline';
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
          ruleName: { type: 'string' },
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

/** The findings of a baseline, as entries to match by count (rule, requirement, site, path, rule name). */
export function loadBaseline(file: string): BaselineEntry[] {
  const data = readDataFile(file);
  const validate = new Ajv({ allErrors: false }).compile(BASELINE_SCHEMA);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw baselineInvalid(file, error?.instancePath || 'the top level', error?.message ?? 'is not valid');
  }
  // Only the key fields: the rest of a report's finding plays no part in matching.
  return (data as { findings: BaselineEntry[] }).findings.map((f) => ({
    rule: f.rule,
    requirement: f.requirement,
    site: f.site,
    path: f.path,
    ...(f.ruleName !== undefined ? { ruleName: f.ruleName } : {}),
  }));
}
