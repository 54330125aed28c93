// SPDX-License-Identifier: Apache-2.0
/**
 * Every user-facing error has a stable code, defined once with `defineError`.
 * `docs/errors.md` is generated from this registry (see lib/errors-doc.ts).
 */

export class ClinicnetError extends Error {
  public constructor(
    public readonly code: string,
    message: string,
  ) {
    super(`[${code}] ${message}`);
    this.name = 'ClinicnetError';
  }
}

export interface ErrorDefinition {
  /** Stable code, `AREA-WHAT` (`CIDR-MISSING-MASK`). */
  readonly code: string;
  /** One line: when the error is raised. */
  readonly title: string;
  /** The message produced by the example arguments. */
  readonly exampleMessage: string;
}

const registry = new Map<string, ErrorDefinition>();

/**
 * Defines an error. `message` must follow `problem — got X, expected Y; fix: Z`;
 * `example` are arguments used to document the message.
 */
export function defineError<A extends unknown[]>(spec: {
  readonly code: string;
  readonly title: string;
  readonly message: (...args: A) => string;
  readonly example: A;
}): (...args: A) => ClinicnetError {
  if (registry.has(spec.code)) {
    throw new Error(`error code ${spec.code} is defined twice`);
  }
  registry.set(spec.code, {
    code: spec.code,
    title: spec.title,
    exampleMessage: new ClinicnetError(spec.code, spec.message(...spec.example)).message,
  });
  return (...args: A) => new ClinicnetError(spec.code, spec.message(...args));
}

/** Every defined error, sorted by code. */
export function errorDefinitions(): ErrorDefinition[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}
