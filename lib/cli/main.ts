// SPDX-License-Identifier: Apache-2.0
import { Command, CommanderError } from 'commander';
import { ClinicnetError } from '../errors';

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

/** What a command action hands back: its exit code. */
export type CommandResult = number | Promise<number>;

/** Each command module adds its sub-command to the program and records its exit code. */
export type CommandRegistrar = (program: Command, setExitCode: (code: number) => void) => void;

const registrars: CommandRegistrar[] = [
  // Sub-commands register here, one line each.
];

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command('clinicnet')
    .description('Build and check medical practices\' networks on Azure against their vendors\' requirements.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  for (const register of registrars) register(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof ClinicnetError) {
      err.write(`clinicnet: ${e.message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}
