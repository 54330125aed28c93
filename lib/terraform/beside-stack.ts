// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform files beside a synthesized stack. Terraform runs in the stack's directory and reads
 * every `*.tf` / `*.tf.json` there, merging `*_override.tf(.json)` into the stack by its override
 * rules: what such a file changes is applied but not in the cdk.tf.json clinicnet checks. Each
 * one is reported (an unknown), never passed over in silence.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../core/compare';
import type { ReadProblem } from './context';

/** True for a file name Terraform reads as configuration. */
const isConfiguration = (name: string): boolean => name.endsWith('.tf') || name.endsWith('.tf.json');

/** One problem per other Terraform file in the directory of `stackFile`, in name order. */
export function filesBesideStack(stackFile: string, stackName: string | undefined): ReadProblem[] {
  const dir = path.dirname(stackFile);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => isConfiguration(name) && name !== path.basename(stackFile))
    .sort(compareText)
    .map((name) => ({
      site: '',
      address: path.join(dir, name),
      resourceType: 'file',
      message: name.replace(/\.json$/, '').endsWith('_override.tf')
        ? `an override file beside stack ${stackName ?? stackFile} that Terraform merges into it; clinicnet does not read it, so what it changes is not checked`
        : `a Terraform file beside stack ${stackName ?? stackFile} that Terraform also applies; clinicnet does not read it, so what it configures is not checked`,
    }));
}
