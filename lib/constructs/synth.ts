// SPDX-License-Identifier: Apache-2.0
import type { App } from 'cdktf';
import { ClinicnetError } from '../core/errors';
import { runGate, type PolicyGateOptions } from './policy-gate';

/** Options of {@link synthOrReport}: the gate's, and where one-line errors go. */
export interface SynthOptions extends PolicyGateOptions {
  /** Where a clinicnet error's one line goes. @default process.stderr */
  readonly stderr?: NodeJS.WritableStream;
}

/** Exit codes of {@link synthOrReport}, the same as `clinicnet check`'s. */
export const SYNTH_EXIT = {
  /** The estate passed (or report mode) and was published. */
  OK: 0,
  /** The gate found error findings (GATE-FAILED); nothing was published. */
  FINDINGS: 1,
  /** A construct refused its props, or the synthesized output could not be read; nothing was published. */
  ERROR: 2,
} as const;

/**
 * Builds and synthesizes an app for a command-line entry point:
 * `process.exitCode = synthOrReport(app, () => buildEstate(app))`. `build` creates the
 * constructs — props are validated there, so a construct error is caught too — then the
 * gate stages, checks and publishes (see lib/constructs/policy-gate.ts). A clinicnet
 * error is printed as its message alone, with no stack trace: GATE-FAILED (it lists every
 * finding) gives exit code 1, any other (a bad prop, unreadable output) exit code 2.
 * Anything else is a bug and propagates with its stack trace.
 */
export function synthOrReport(app: App, build: () => void, options: SynthOptions = {}): number {
  const { stderr = process.stderr, ...gate } = options;
  try {
    build();
    runGate(app, gate);
    return SYNTH_EXIT.OK;
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    stderr.write(`${e.message}\n`);
    return e.code === 'GATE-FAILED' ? SYNTH_EXIT.FINDINGS : SYNTH_EXIT.ERROR;
  }
}
