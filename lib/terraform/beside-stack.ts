// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform files beside a synthesized stack. Terraform runs in the stack's directory and reads
 * every `*.tf` / `*.tf.json` there, merging override files into the stack by its override rules.
 * Override files in JSON syntax are merged here the same way, so the checks see what Terraform
 * applies; any other file (native syntax needs the asynchronous parser, and a plain file adds
 * configuration clinicnet does not read from a stack) is reported, never passed over in silence.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../core/compare';
import type { ReadProblem } from './context';
import { isObject } from './document';
import { readJsonFile } from './input';
import { applyOverride, isOverrideFile } from './override';

/** True for a file name Terraform reads as configuration. */
const isConfiguration = (name: string): boolean => name.endsWith('.tf') || name.endsWith('.tf.json');

/** The other Terraform files in the directory of `stackFile`, in name order. */
function otherFiles(stackFile: string): string[] {
  try {
    return fs
      .readdirSync(path.dirname(stackFile))
      .filter((name) => isConfiguration(name) && name !== path.basename(stackFile))
      .sort(compareText);
  } catch {
    return [];
  }
}

const problem = (address: string, message: string): ReadProblem => ({
  site: '',
  address,
  resourceType: 'file',
  message,
});

/**
 * The stack with the JSON override files beside it merged in (a copy; `stack` is not changed),
 * and one problem per Terraform file beside it that is not merged, or part that is not.
 */
export function stackWithFilesBeside(
  stack: Record<string, unknown>,
  stackFile: string,
  stackName: string | undefined,
): { stack: Record<string, unknown>; problems: ReadProblem[] } {
  const dir = path.dirname(stackFile);
  const names = otherFiles(stackFile);
  const problems: ReadProblem[] = [];
  let merged = stack;
  const of = stackName ?? stackFile;
  for (const name of names) {
    const file = path.join(dir, name);
    if (isOverrideFile(name) && name.endsWith('.json')) {
      const override = readJsonFile(file);
      if (merged === stack) merged = structuredClone(stack);
      const unmerged = isObject(override) ? applyOverride(merged, override) : ['it is not a JSON object'];
      for (const why of unmerged) problems.push(problem(file, `an override file beside stack ${of}: ${why}`));
    } else
      problems.push(
        problem(
          file,
          isOverrideFile(name)
            ? `an override file beside stack ${of} that Terraform merges into it; clinicnet does not read native syntax beside a stack, so what it changes is not checked`
            : `a Terraform file beside stack ${of} that Terraform also applies; clinicnet does not read it, so what it configures is not checked`,
        ),
      );
  }
  return { stack: merged, problems };
}
