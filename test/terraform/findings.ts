// SPDX-License-Identifier: Apache-2.0
/** Reads an input and evaluates it: the findings each defect-class fixture is pinned to. */
import { runPolicy } from '../../lib/policy/pipeline';
import type { ReadOptions, ReadResult } from '../../lib/terraform';
import { readTerraformInput } from '../../lib/terraform';

/** `[requirement, site, path]` of every finding, in report order. */
export function findingsOf(input: string, options: ReadOptions = {}): { read: ReadResult; findings: string[][] } {
  const read = readTerraformInput(input, options);
  const evaluation = runPolicy(read.model, read.problems);
  return { read, findings: evaluation.findings.map((f) => [f.requirement, f.site, f.path]) };
}
