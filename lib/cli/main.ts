// SPDX-License-Identifier: Apache-2.0
import { Command, CommanderError } from 'commander';
import { ClinicnetError } from '../errors';
import { registerArtefacts } from './artefacts';
import { registerCheck } from './check';
import { registerCidr } from './cidr';
import { registerReview } from './review';
import { EXIT, type CommandRegistrar } from './command';

export { EXIT, type CommandRegistrar } from './command';


const registrars: CommandRegistrar[] = [
  registerCidr,
  registerCheck,
  registerReview,
  registerArtefacts,
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
