// SPDX-License-Identifier: Apache-2.0
import { Command, CommanderError } from 'commander';
import { ClinicnetError } from '../core/errors';
import { terminalText } from '../core/escape';
import { EXIT, type CommandRegistrar } from './command';

export { EXIT, type CommandRegistrar } from './command';

/**
 * Sub-commands, loaded on demand: `clinicnet cidr` need not pay for loading the policy
 * engine and the terraform reader. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<CommandRegistrar>> = {
  cidr: async () => (await import('./cidr')).registerCidr,
  check: async () => (await import('./check')).registerCheck,
  review: async () => (await import('./review')).registerReview,
  artefacts: async () => (await import('./artefacts')).registerArtefacts,
};

function registrarsFor(argv: readonly string[]): Promise<CommandRegistrar[]> {
  const named = Object.prototype.hasOwnProperty.call(COMMANDS, argv[0]) ? [COMMANDS[argv[0]]] : Object.values(COMMANDS);
  return Promise.all(named.map((load) => load()));
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command('clinicnet')
    .description("Build and check medical practices' networks on Azure against their vendors' requirements.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  for (const register of await registrarsFor(argv)) register(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof ClinicnetError) {
      // One line, whatever the message quotes from the input (JSON.parse quotes raw text), and
      // no CI command (`##vso[`), ESC sequence or bidi override from it reaches the log.
      err.write(`clinicnet: ${terminalText(e.message)}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}
