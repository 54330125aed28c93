// SPDX-License-Identifier: Apache-2.0
/** The parameter schema of a vendor hostname, shared by the rules and vendor flows that take one. */
import type { ParamsSchema } from './rule';

/** A hostname, or a wildcard `*.example.org`, lowercase: what packs write for a vendor host. */
export const HOSTNAME_SCHEMA: ParamsSchema<string> = {
  description: 'A hostname, or a wildcard `*.example.org`, lowercase.',
  type: 'string',
  pattern: '^(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)+$',
};

/** A non-empty list of hostnames, described as `description`. */
export function hostListSchema(description: string): ParamsSchema<readonly string[]> {
  return { description, type: 'array', items: HOSTNAME_SCHEMA, minItems: 1 };
}
