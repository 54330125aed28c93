// SPDX-License-Identifier: Apache-2.0
/** What every sub-command shares; kept apart from main.ts so command modules never import it. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_INPUT_BYTES } from '../core/json-input';

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

/** Each command module adds its sub-command to the program and records its exit code. */
export type CommandRegistrar = (program: Command, setExitCode: (code: number) => void) => void;

/** Commands that read Terraform input, and so take `--max-input-mb`. */
export const INPUT_COMMANDS: readonly string[] = ['check', 'review', 'artefacts'];

/** Options naming files a command reads: `--output` may be none of them. */
export const INPUT_OPTIONS: readonly string[] = ['base', 'head', 'suppressions', 'baseline'];

/** Bytes in the megabyte of `--max-input-mb` (MiB, as the default 512 is). */
const MB = 1024 * 1024;

/** `--max-input-mb <mb>`: the size cap of each input file, parsed to bytes. */
export function maxInputOption(): Option {
  return new Option(
    '--max-input-mb <mb>',
    `largest input file read, in MB (default ${DEFAULT_MAX_INPUT_BYTES / MB}); larger files are refused`,
  ).argParser(parseMegabytes);
}

function parseMegabytes(value: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) === 0)
    throw new InvalidArgumentError(
      `expected a whole number of megabytes from 1 to 9999999, such as 1024, got "${value}".`,
    );
  return Number(value) * MB;
}
