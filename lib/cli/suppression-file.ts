// SPDX-License-Identifier: Apache-2.0
/**
 * `--suppressions FILE`: a YAML or JSON list of suppressions, checked against a schema
 * (unknown fields rejected) and then by the same rules as construct suppressions.
 */
import Ajv, { ErrorObject } from 'ajv';
import { defineError } from '../core/errors';
import type { Suppression } from '../policy/evaluation';
import { parseSuppression } from '../policy/suppressions';
import { readDataFileWithItemLines } from './data-file';

/** One entry of a suppression file, as written: a suppression without `declaredAt` (the file and line give it). */
export type SuppressionFileEntry = Omit<Suppression, 'declaredAt'>;

/** JSON Schema of a suppression file. */
export const SUPPRESSION_FILE_SCHEMA = {
  type: 'array',
  description: 'Suppressions: each silences the findings of one requirement or rule, for a reason, until a date.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'reason', 'owner', 'expires'],
    properties: {
      id: { type: 'string', minLength: 1, description: 'Requirement id (LUMOS-TLS12) or rule slug to silence.' },
      site: { type: 'string', minLength: 1, description: 'Only findings of this site; default every site.' },
      path: {
        type: 'string',
        minLength: 1,
        description: 'Only findings whose path equals or starts with this; default every path.',
      },
      reason: { type: 'string', minLength: 10, description: 'Why the finding is acceptable, at least 10 characters.' },
      owner: { type: 'string', minLength: 1, description: 'Person or team who answers for the suppression.' },
      expires: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'Date (YYYY-MM-DD) after which the suppression is an error.',
      },
    },
  },
} as const;

const suppressionFileInvalid = defineError({
  code: 'SUPPRESSION-FILE-INVALID',
  title: 'A --suppressions file does not match the suppression file schema.',
  message: (file: string, where: string, problem: string) =>
    `invalid suppression file ${file} at ${where} — got a value that ${problem}, ` +
    `expected a list of {id, site?, path?, reason (≥ 10 characters), owner, expires (YYYY-MM-DD)}; fix: correct that entry`,
  example: [
    'suppressions.yaml',
    'entry 2 ("LUMOS-TLS12", line 14) field reason',
    'must NOT have fewer than 10 characters',
  ],
});

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads a suppression file; each suppression is declared at `FILE:LINE`, the line on which its entry starts. */
export function loadSuppressionFile(file: string): Suppression[] {
  const { value: data, itemLines } = readDataFileWithItemLines(file);
  validator ??= new Ajv({ allErrors: false }).compile(SUPPRESSION_FILE_SCHEMA);
  if (!validator(data)) throw schemaError(file, data, itemLines, validator.errors ?? []);
  // The schema names the entry and field; parseSuppression adds the rules construct suppressions follow (a real date).
  return (data as SuppressionFileEntry[]).map((entry, index) => parseSuppression(entry, `${file}:${itemLines[index]}`));
}

function schemaError(file: string, data: unknown, itemLines: readonly number[], errors: ErrorObject[]): Error {
  const error = errors[0];
  const path = error?.instancePath ?? '';
  const index = /^\/(\d+)/.exec(path);
  let where = 'the top level';
  if (index) {
    const entry = (data as unknown[])[Number(index[1])];
    const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const field = path.slice(index[0].length).replace(/^\//, '');
    const line = `line ${itemLines[Number(index[1])]}`;
    where = `entry ${index[1]} (${typeof id === 'string' ? `"${id}", ${line}` : line})${field ? ` field ${field}` : ''}`;
  }
  const params = error?.params as { additionalProperty?: string } | undefined;
  let problem = error?.message ?? 'is not valid';
  if (params?.additionalProperty) problem += ` ("${params.additionalProperty}")`;
  return suppressionFileInvalid(file, where, problem);
}
