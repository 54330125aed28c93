// SPDX-License-Identifier: Apache-2.0
import { Command, CommanderError } from 'commander';
import { ClinicnetError, defineError } from '../core/errors';
import { terminalText } from '../core/escape';
import { setInputLimit } from '../core/json-input';
import { EXIT, INPUT_COMMANDS, INPUT_OPTIONS, maxInputOption, type CommandRegistrar } from './command';
import { refuseOutputOverInput } from './output-file';

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
  trace: async () => (await import('./trace')).registerTrace,
  graph: async () => (await import('./graph')).registerGraph,
};

const fileSystemError = defineError({
  code: 'CLI-FILESYSTEM',
  title: 'A file or directory operation failed (name too long, disk full, no permission, not a directory, …).',
  message: (code: string, operation: string, file: string) =>
    `file system error — got ${code} from ${operation} on ${file}, expected a readable input and a writable output; fix: check the path, its permissions and the free space`,
  example: ['EACCES', 'open', 'reports/clinicnet.sarif'],
});

const tooComplex = defineError({
  code: 'CLI-INPUT-TOO-COMPLEX',
  title: 'The input nests or repeats beyond what the process can hold (the stack or array limits ran out).',
  message: (what: string) =>
    `input too complex to process — got ${what}, expected input of the size and depth Terraform writes; fix: check the input is the right file, or split the estate`,
  example: ['Maximum call stack size exceeded'],
});

function registrarsFor(argv: readonly string[]): Promise<CommandRegistrar[]> {
  const named = Object.prototype.hasOwnProperty.call(COMMANDS, argv[0]) ? [COMMANDS[argv[0]]] : Object.values(COMMANDS);
  return Promise.all(named.map((load) => load()));
}

/**
 * Options every input-reading command shares, and the checks that run before any of them:
 * the size cap is set for the run, and `--output` may not name a file the run reads.
 */
function addSharedOptions(program: Command): void {
  for (const command of program.commands)
    if (INPUT_COMMANDS.includes(command.name())) command.addOption(maxInputOption());
  program.hook('preAction', (_program, action) => {
    const options = action.opts<Record<string, unknown>>();
    if (typeof options.maxInputMb === 'number') setInputLimit(options.maxInputMb);
    if (typeof options.output !== 'string') return;
    const inputs = [
      ...action.processedArgs.filter((arg): arg is string => typeof arg === 'string'),
      ...INPUT_OPTIONS.map((name) => options[name]).filter((value): value is string => typeof value === 'string'),
    ];
    refuseOutputOverInput(options.output, inputs);
  });
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
  addSharedOptions(program);
  const limit = setInputLimit(undefined);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const error = asClinicnetError(e);
    // One line, whatever the message quotes from the input, and no CI command (`##vso[`),
    // ESC sequence or bidi override from it reaches the log.
    err.write(`clinicnet: ${terminalText(error.message)}\n`);
    return EXIT.USAGE;
  } finally {
    setInputLimit(limit);
  }
}

/**
 * The error as one a user can act on: a ClinicnetError as it is, a file-system error or an
 * exhausted stack as a ClinicnetError; anything else is a defect, and is thrown on.
 */
export function asClinicnetError(e: unknown): ClinicnetError {
  if (e instanceof ClinicnetError) return e;
  const errno = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string')
    return fileSystemError(errno.code, errno.syscall, errno.path ?? 'a file');
  if (e instanceof RangeError) return tooComplex(e.message);
  throw e;
}
