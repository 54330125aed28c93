// SPDX-License-Identifier: Apache-2.0
/** What every sub-command shares; kept apart from main.ts so command modules never import it. */
import type { Command } from 'commander';

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

/** Each command module adds its sub-command to the program and records its exit code. */
export type CommandRegistrar = (program: Command, setExitCode: (code: number) => void) => void;
