// SPDX-License-Identifier: Apache-2.0
/** Checks that data is a {@link NetworkModel}, against `schema.json` (JSON Schema draft-07). */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { defineError } from '../core/errors';
import schema from './schema.json';
import type { NetworkModel } from './types';

const modelInvalid = defineError({
  code: 'MODEL-INVALID',
  title: 'Data given as a network model does not match lib/model/schema.json.',
  message: (problems: string) =>
    `not a valid network model — got ${problems}; expected data matching lib/model/schema.json; fix: correct the listed fields (or regenerate the model with this version of clinicnet)`,
  example: ['/sites/0/kind: must be equal to one of the allowed values (clinic, hub)'],
});

// Compiled on first use: the schema is large and most processes never validate a model.
let check: ValidateFunction<NetworkModel> | undefined;

/** Returns `data` typed as a model, or throws MODEL-INVALID listing every JSON path that is wrong. */
export function validateModel(data: unknown): NetworkModel {
  check ??= new Ajv({ allErrors: true, strict: true }).compile<NetworkModel>(schema);
  if (check(data)) return data;
  throw modelInvalid(describe(check.errors ?? []));
}

/** One line per problem; `oneOf` noise from `Maybe<T>` is reduced to what the value should be. */
function describe(errors: ErrorObject[]): string {
  const lines = new Set<string>();
  // Errors at or under a failed oneOf only repeat why each alternative failed; the oneOf error says it.
  const alternatives = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  const repeats = (e: ErrorObject) =>
    e.keyword !== 'oneOf' && alternatives.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`));
  for (const error of errors.filter((e) => !repeats(e))) {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    lines.add(`${where}: ${explain(error)}`);
  }
  return [...lines].sort().join('; ');
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return `unexpected property "${String(params.additionalProperty)}"`;
    case 'required':
      return `missing property "${String(params.missingProperty)}"`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'oneOf':
      return 'must be a known value or {"unknown": "<reason>"}';
    default:
      return error.message ?? error.keyword;
  }
}
