// SPDX-License-Identifier: Apache-2.0
/**
 * Optional remote state for the example estate, from the environment:
 * CLINICNET_STATE_RESOURCE_GROUP, CLINICNET_STATE_STORAGE_ACCOUNT and
 * CLINICNET_STATE_CONTAINER (all three, or none for local state).
 */
import { defineError } from '../lib/core/errors';
import type { StateBackendProps } from '../lib/constructs';

const VARIABLES = [
  'CLINICNET_STATE_RESOURCE_GROUP',
  'CLINICNET_STATE_STORAGE_ACCOUNT',
  'CLINICNET_STATE_CONTAINER',
] as const;

const backendIncomplete = defineError({
  code: 'STACKS-BACKEND-INCOMPLETE',
  title: 'Only some of the CLINICNET_STATE_* variables are set.',
  message: (missing: string) =>
    `remote state half configured — got ${missing} unset, expected all of ${VARIABLES.join(', ')} or none; fix: set the missing variables, or unset them all for local state`,
  example: ['CLINICNET_STATE_CONTAINER'],
});

/** The Azure Storage backend the environment asks for, or undefined for local state. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): StateBackendProps | undefined {
  const values = VARIABLES.map((name) => env[name]?.trim() || undefined);
  if (values.every((v) => v === undefined)) return undefined;
  const missing = VARIABLES.filter((_, i) => values[i] === undefined);
  if (missing.length > 0) throw backendIncomplete(missing.join(', '));
  const [resourceGroupName, storageAccountName, containerName] = values as string[];
  return { resourceGroupName, storageAccountName, containerName };
}
