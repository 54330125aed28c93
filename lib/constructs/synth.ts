// SPDX-License-Identifier: Apache-2.0
import type { App } from 'cdktf';
import { ClinicnetError } from '../core/errors';

/**
 * Synthesizes `app` for a command-line entry point. A clinicnet error (the policy gate,
 * a bad prop) is printed as its message alone — it already lists every finding — and
 * gives exit code 1; anything else is a bug and propagates with its stack trace.
 */
export function synthOrReport(app: App, stderr: NodeJS.WritableStream = process.stderr): number {
  try {
    app.synth();
    return 0;
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    stderr.write(`${e.message}\n`);
    return 1;
  }
}
