// SPDX-License-Identifier: Apache-2.0
/**
 * Report files (`--output`): written whole through an exclusively created temporary file with
 * an unpredictable name, and never over an input of the same run.
 */
import { randomBytes } from 'crypto';
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { basename, dirname, join, relative, resolve, sep } from 'path';
import { defineError } from '../core/errors';

const outputUnwritable = defineError({
  code: 'CHECK-OUTPUT-UNWRITABLE',
  title: 'The --output file of `clinicnet check` or `clinicnet review` cannot be written.',
  message: (file: string, reason: string) =>
    `cannot write report — got "${file}" (${reason}), expected a writable file path; fix: create the directory or choose another path`,
  example: ['reports/clinicnet.sarif', 'ENOENT'],
});

const outputIsInput = defineError({
  code: 'OUTPUT-IS-INPUT',
  title: 'The --output file is one of the inputs of the same run.',
  message: (output: string, input: string) =>
    `report would overwrite an input — got --output ${output}, the same file as input ${input}, expected a file the run does not read; fix: write the report elsewhere`,
  example: ['plan.json', 'plan.json'],
});

/**
 * Writes `text` to `file` through a temporary file beside it and a rename, so no half-written
 * report is left. The temporary name is random and created exclusively (`wx`): another user
 * cannot plant a link there to redirect the write.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    created = true;
    renameSync(temp, file);
  } catch (e) {
    if (created) rmSync(temp, { force: true });
    throw outputUnwritable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/** What a directory input is read from: a report there under these names would overwrite one. */
const READ_IN_DIRECTORIES = /^(manifest\.json|cdk\.tf\.json)$/;

/**
 * Throws OUTPUT-IS-INPUT when `output` is one of `inputs` (compared after resolving links, and
 * by file identity when both exist) or would replace a manifest or stack file inside an input
 * directory.
 */
export function refuseOutputOverInput(output: string, inputs: readonly string[]): void {
  const out = canonical(output);
  const outStat = statOf(output);
  for (const input of inputs) {
    const inStat = statOf(input);
    const sameFile =
      outStat !== undefined && inStat !== undefined && outStat.dev === inStat.dev && outStat.ino === inStat.ino;
    const inside =
      inStat?.isDirectory() === true &&
      out.startsWith(canonical(input) + sep) &&
      READ_IN_DIRECTORIES.test(basename(out));
    if (sameFile || out === canonical(input) || inside) throw outputIsInput(output, input);
  }
}

function statOf(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The absolute path with links resolved as far as the path exists. */
function canonical(file: string): string {
  const absolute = resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(canonical(parent), relative(parent, absolute));
  }
}
