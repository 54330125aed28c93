// SPDX-License-Identifier: Apache-2.0
/**
 * Root variable values in Terraform's precedence order, later winning: `terraform.tfvars`,
 * `terraform.tfvars.json`, `*.auto.tfvars(.json)` in name order, then `--var-file` and
 * `--var` in the order given. Environment variables (`TF_VAR_*`) are NOT read: a check in
 * CI must depend on the repository and the command line only, not on whatever the runner's
 * environment holds; a variable set only there stays `var.NAME`, which the reader reports
 * as unknown wherever a check needs it. Values set in committed tfvars are literals; a
 * sensitive variable's value from `--var` or `--var-file` (a secret the CI job injects) is
 * not read: it stays `var.NAME`, a sensitive variable, as in a plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../../core/compare';
import { defineError } from '../../core/errors';
import { isObject } from '../document';
import { readJsonFile } from '../input';
import type { VariableConfig } from './config';
import { parseHclFile } from './parser';

/** A `--var` argument that is not NAME=VALUE. */
export const badVarArgument = defineError({
  code: 'TF-HCL-VAR',
  title: 'A --var argument is not NAME=VALUE.',
  message: (got: string) =>
    `bad --var argument — got "${got}", expected NAME=VALUE; fix: write --var 'clinics={…}' with the variable's name first`,
  example: ['=10.0.0.0/16'],
});

const varFileMissing = defineError({
  code: 'TF-HCL-VAR-FILE',
  title: 'A --var-file cannot be read.',
  message: (file: string, why: string) =>
    `cannot read variable file ${file} — got ${why}, expected a .tfvars or .tfvars.json file; fix: check the path`,
  example: ['prod.tfvars', 'ENOENT'],
});

/** Where root variable values come from, besides the root directory's own tfvars files. */
export interface VariableSources {
  /** `--var-file` files, in command-line order. @default none */
  readonly varFiles?: readonly string[];
  /** `--var NAME=VALUE` arguments, in command-line order. @default none */
  readonly vars?: readonly string[];
}

/** The tfvars files Terraform loads automatically from the root directory, in its order. */
export function automaticVarFiles(dir: string): string[] {
  const names = fs.readdirSync(dir);
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort(compareText);
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)), ...auto].map((n) =>
    path.join(dir, n),
  );
}

async function readVarFile(file: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(file)) throw varFileMissing(file, 'ENOENT (no such file)');
  if (file.endsWith('.json')) {
    const json = readJsonFile(file);
    return isObject(json) ? json : {};
  }
  return parseHclFile(file, fs.readFileSync(file, 'utf8'));
}

/** A `--var` value: text for primitive or untyped variables, an HCL value for complex types (as Terraform does). */
async function varValue(value: string, spec: VariableConfig | undefined): Promise<unknown> {
  const type = spec?.type?.replace(/^\$\{\s*|\s*\}$/g, '');
  if (type === undefined || type === 'string' || type === 'number' || type === 'bool' || type === 'any') return value;
  const parsed = await parseHclFile('<value for --var>', `v = ${value}\n`);
  return parsed.v;
}

/** Root variable values by name, and the files they came from. */
export async function rootVariableValues(
  dir: string,
  declared: ReadonlyMap<string, VariableConfig>,
  sources: VariableSources,
): Promise<{ values: Map<string, unknown>; files: string[] }> {
  const values = new Map<string, unknown>();
  const automatic = automaticVarFiles(dir);
  const files = [...automatic, ...(sources.varFiles ?? [])];
  for (const file of files) {
    const committed = automatic.includes(file);
    for (const [name, value] of Object.entries(await readVarFile(file))) {
      // A sensitive value given on the command line (a CI secret) stays the variable it is.
      if (committed || declared.get(name)?.sensitive !== true) values.set(name, value);
      else values.delete(name);
    }
  }
  for (const argument of sources.vars ?? []) {
    const eq = argument.indexOf('=');
    if (eq <= 0) throw badVarArgument(argument);
    const name = argument.slice(0, eq).trim();
    if (declared.get(name)?.sensitive === true) values.delete(name);
    else values.set(name, await varValue(argument.slice(eq + 1), declared.get(name)));
  }
  return { values, files };
}
